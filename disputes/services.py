"""Writes with rules for cases: file a concern, record acceptance, move on, convene a panel,
the panel's decisions, representatives, signposting, closing, attachments, and notices of
differences resolved internally.

Each is one function with keyword arguments inside a transaction. Each asks `stages.refusal`
(or `stages.closing_refusal`) first and raises a ValidationError with the refusal text, so a
view can show it. Emails go out on commit and never carry details (notifications.py). Logs
name case and user ids only, never what anyone wrote.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from compact_portal import workdays
from signatories.models import Membership, Organisation, ResolutionGroupMembership, Sector
from undertakings.models import parties_given_by

from . import notifications, permissions, stages, validators
from .models import (
    Attachment,
    Case,
    ConflictDeclaration,
    FormalConcern,
    InternalDifferenceNotice,
    Meeting,
    Outcome,
    OutcomeAcceptance,
    Panel,
    PanelMember,
    ReferralLetter,
    Representative,
    RespondentResponse,
    Signposting,
    Stage,
    StageMove,
    rules_for,
)

log = logging.getLogger("disputes")


def _check(refused: str | None) -> None:
    if refused:
        raise ValidationError(refused)


def _locked(case: Case) -> Case:
    """The case row locked for this transaction, so two people cannot move it at once."""
    permissions.forget(case)
    return Case.objects.select_for_update().get(pk=case.pk)


def _refresh(case: Case) -> Case:
    """The caller's object, brought up to date after a write."""
    case.refresh_from_db()
    permissions.forget(case)
    return case


def _move(case: Case, *, to_stage: str, by, reason: str) -> StageMove:
    move = StageMove.objects.create(case=case, from_stage=case.stage, to_stage=to_stage, moved_by=by, reason=reason)
    case.stage = to_stage
    case._history_user = by
    case.save(update_fields=["stage"])
    log.info("case %s moved from %s to %s by user %s", case.pk, move.from_stage, to_stage, getattr(by, "pk", None))
    return move


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


# Filing ------------------------------------------------------------------------------------


def undertakings_refusal(compact, undertakings) -> str | None:
    edition = compact.adopted_edition()
    if edition is None:
        return "The Compact has no adopted edition yet, so there are no undertakings to name."
    if not undertakings:
        return "Choose at least one undertaking you believe was breached."
    if any(u.section.edition_id != edition.pk for u in undertakings):
        return "Choose undertakings from the Compact as it stands now."
    return None


@transaction.atomic
def file_concern(
    *,
    complainant: Organisation,
    respondent: Organisation,
    by,
    undertakings,
    what_happened: str,
    what_has_been_tried: str,
    outcome_hoped_for: str,
    starting_stage: str = Stage.INFORMAL,
    attachments=(),
) -> Case:
    """A signatory raises a breach concern. It starts at the informal stage, or at stage 1 when
    open dialogue has already failed; at stage 1 the filing is the formal written concern."""
    if complainant not in permissions.organisations_that_may_file(by):
        raise ValidationError(
            "You can raise a concern only for an organisation you belong to that has joined the Compact."
        )
    if respondent.pk == complainant.pk:
        raise ValidationError("Choose the other organisation: a concern is about someone else.")
    if respondent.compact_id != complainant.compact_id:
        raise ValidationError(f"{respondent.name} is not a partner in this Compact.")
    if respondent.status != Organisation.Status.SIGNED:
        raise ValidationError(f"{respondent.name} has not signed this Compact, so a concern cannot be raised about it.")
    if starting_stage not in (Stage.INFORMAL, Stage.STAGE_1):
        raise ValidationError("A concern starts at the informal stage or at stage 1.")
    undertakings = list(undertakings)
    _check(undertakings_refusal(complainant.compact, undertakings))
    if any(u.party not in parties_given_by(respondent.sector) for u in undertakings):
        raise ValidationError(
            f"Choose only undertakings that {respondent.name} gives: those of its sector and "
            f"those shared by all partners."
        )
    case = Case(
        compact=complainant.compact,
        complainant=complainant,
        respondent=respondent,
        stage=starting_stage,
        what_happened=_required(what_happened, "Say what happened."),
        what_has_been_tried=_required(what_has_been_tried, "Say what has been tried to resolve it."),
        outcome_hoped_for=_required(outcome_hoped_for, "Say what outcome you hope for."),
        filed_by=by,
        filed_at=timezone.now(),
    )
    case._history_user = by
    case.full_clean()
    case.save()
    case.undertakings.set(undertakings)
    StageMove.objects.create(
        case=case,
        from_stage="",
        to_stage=starting_stage,
        moved_by=by,
        reason="Concern raised at the informal stage."
        if starting_stage == Stage.INFORMAL
        else "Concern raised at stage 1: open dialogue had not resolved it.",
    )
    if starting_stage == Stage.STAGE_1:
        FormalConcern.objects.create(case=case, text=case.what_happened, written_by=by)
    _save_attachments(case, attachments, by)
    log.info("case %s filed at %s by user %s", case.pk, starting_stage, by.pk)
    notifications.tell_parties_and_panel(
        case,
        "A breach concern has been raised between your organisations.",
        "Sign in to read it and reply through the portal.",
    )
    notifications.send_filing_receipt(case, by)
    return case


# Within a stage ----------------------------------------------------------------------------


@transaction.atomic
def record_acceptance(*, case: Case, organisation: Organisation, accepts: bool, by) -> OutcomeAcceptance:
    """A party says whether it accepts what the current stage has produced."""
    locked = _locked(case)
    _check(stages.refusal(locked, "accept", by))
    if organisation not in permissions.party_organisations_of(by, locked):
        raise ValidationError("You can answer only for your own organisation.")
    answer, _ = OutcomeAcceptance.objects.update_or_create(
        case=locked,
        stage=locked.stage,
        organisation=organisation,
        defaults={"accepts": accepts, "recorded_by": by, "recorded_at": timezone.now()},
    )
    log.info(
        "case %s: organisation %s %s the outcome of %s",
        locked.pk,
        organisation.pk,
        "accepts" if accepts else "does not accept",
        locked.stage,
    )
    notifications.tell_parties_and_panel(
        locked, "An organisation has said whether it accepts the outcome of this stage."
    )
    _refresh(case)
    return answer


@transaction.atomic
def escalate(*, case: Case, by, concern: str, reason: str) -> Case:
    """Informal stage to stage 1: the formal written concern naming the undertakings."""
    locked = _locked(case)
    _check(stages.refusal(locked, "escalate", by))
    FormalConcern.objects.update_or_create(
        case=locked,
        defaults={
            "text": _required(concern, "Write the formal concern to the other organisation."),
            "written_by": by,
            "written_at": timezone.now(),
        },
    )
    _move(locked, to_stage=Stage.STAGE_1, by=by, reason=_required(reason, "Say why the case should move to stage 1."))
    notifications.tell_parties_and_panel(
        locked,
        "The case has moved to stage 1: a formal concern has been sent.",
        "The organisation the concern is about now follows its own complaints procedure.",
    )
    return _refresh(case)


@transaction.atomic
def respond(*, case: Case, by, text: str) -> RespondentResponse:
    """Stage 1: the respondent records the result of its own complaints procedure."""
    locked = _locked(case)
    _check(stages.refusal(locked, "respond", by))
    response, _ = RespondentResponse.objects.update_or_create(
        case=locked,
        defaults={
            "text": _required(text, "Write your organisation's response."),
            "responded_by": by,
            "responded_at": timezone.now(),
        },
    )
    log.info("case %s: response recorded by user %s", locked.pk, by.pk)
    notifications.tell_parties_and_panel(
        locked,
        "The organisation the concern is about has recorded its response.",
        "Say whether your organisation accepts the outcome of stage 1.",
    )
    _refresh(case)
    return response


@transaction.atomic
def refer(
    *,
    case: Case,
    by,
    organisation: Organisation,
    undertakings,
    nature_of_difference: str,
    what_has_been_tried: str,
    reason: str,
    received_on: date | None = None,
) -> ReferralLetter:
    """Stage 1 to stage 2: a party writes to the board asking for referral. The date the board
    receives the letter starts the panel and hearing deadlines."""
    locked = _locked(case)
    _check(stages.refusal(locked, "refer", by))
    if organisation not in permissions.party_organisations_of(by, locked):
        raise ValidationError("You can write the letter only for your own organisation.")
    undertakings = list(undertakings)
    if not undertakings:
        raise ValidationError("Name at least one undertaking the difference is about.")
    received_on = received_on or workdays.today()
    letter = ReferralLetter.objects.create(
        case=locked,
        referred_by_organisation=organisation,
        written_by=by,
        received_on=received_on,
        nature_of_difference=_required(nature_of_difference, "Describe the nature of the difference."),
        what_has_been_tried=_required(what_has_been_tried, "Say what has already been done to resolve it."),
    )
    letter.undertakings.set(undertakings)
    locked.referral_received_on = received_on
    locked.save(update_fields=["referral_received_on"])
    _move(locked, to_stage=Stage.STAGE_2, by=by, reason=_required(reason, "Say why the case should go to stage 2."))
    notifications.tell_parties_and_panel(
        locked,
        "The case has been referred to the Compact board (stage 2).",
        "The board will convene a panel from the resolution group.",
    )
    notifications.tell_board(
        locked,
        "The case has been referred to the board (stage 2).",
        f"Convene a panel from the {received_on.year} resolution group by "
        f"{workdays.format_date(locked.panel_convene_by)}.",
        url_name="disputes:convene",
    )
    _refresh(case)
    return letter


# The panel ---------------------------------------------------------------------------------


def resolution_group_for(case: Case):
    """The resolution group of the year the board received the referral (membership is
    agreed annually: Stafford procedure)."""
    return (
        ResolutionGroupMembership.objects.filter(compact_id=case.compact_id, year=case.referral_received_on.year)
        .select_related("user", "organisation")
        .order_by("sector", "user__full_name", "user__email")
    )


def connections(case: Case, seats) -> dict[int, str]:
    """Why each of these resolution group seats is connected with the case (seat id: reason).
    Stafford procedure stage 2: no one connected with the dispute sits on the panel."""
    party_ids = {case.complainant_id, case.respondent_id}
    user_ids = [seat.user_id for seat in seats]
    members = set(
        Membership.objects.filter(organisation_id__in=party_ids, user_id__in=user_ids).values_list("user_id", flat=True)
    )
    declared = set(case.conflicts.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    found = {}
    for seat in seats:
        if seat.user_id in declared:
            found[seat.pk] = f"{seat.user} has declared a conflict of interest in this case"
        elif seat.user_id in members:
            found[seat.pk] = f"{seat.user} is a member of one of the organisations in the case"
        elif seat.organisation_id in party_ids:
            found[seat.pk] = f"{seat.user} sits on the resolution group for one of the organisations in the case"
    return found


@dataclass
class Proposal:
    """The members the portal proposes, those it cannot propose and why, and any shortfall."""

    seats: list = field(default_factory=list)
    unavailable: list = field(default_factory=list)  # (seat, reason)
    shortfalls: list = field(default_factory=list)


SECTORS = (Sector.PUBLIC, Sector.VCS)


def propose_panel(case: Case) -> Proposal:
    """Exactly the compact's number from each sector, none connected with the case, in the
    resolution group's order; and whom it left out."""
    wanted = rules_for(case.compact).panel_members_per_sector
    group = list(resolution_group_for(case))
    connected = connections(case, group)
    proposal = Proposal(unavailable=[(seat, connected[seat.pk]) for seat in group if seat.pk in connected])
    for sector in SECTORS:
        available = [seat for seat in group if seat.sector == sector and seat.pk not in connected]
        proposal.seats += available[:wanted]
        if len(available) < wanted:
            proposal.shortfalls.append(
                f"The {case.referral_received_on.year} resolution group has {len(available)} available "
                f"{Sector(sector).label.lower()} member{'s' if len(available) != 1 else ''}; the panel needs {wanted}. "
                f"Invite more members to the {case.referral_received_on.year} resolution group."
            )
    return proposal


def panel_refusals(case: Case, seats) -> list[str]:
    """Everything wrong with this choice of panel, in words the board can act on."""
    wanted = rules_for(case.compact).panel_members_per_sector
    year = case.referral_received_on.year
    problems = [
        f"{seat.user} is not in the {year} resolution group of this Compact."
        for seat in seats
        if seat.compact_id != case.compact_id or seat.year != year
    ]
    for sector in SECTORS:
        chosen = sum(1 for seat in seats if seat.sector == sector)
        if chosen != wanted:
            problems.append(
                f"Choose exactly {wanted} members from the {Sector(sector).label.lower()}; you chose {chosen}."
            )
    connected = connections(case, seats)
    problems += [f"{reason}, so cannot sit on this panel." for reason in connected.values()]
    return problems


@transaction.atomic
def convene_panel(*, case: Case, seats, by) -> Panel:
    """Stafford procedure stage 2: the board convenes a panel from the resolution group, 2
    members from each sector, within 2 weeks of receiving the referral. Convening again
    replaces the members, until the hearing has taken place."""
    locked = _locked(case)
    _check(stages.refusal(locked, "convene", by))
    seats = list(seats)
    problems = panel_refusals(locked, seats)
    if problems:
        raise ValidationError(problems)
    panel = locked.panel_or_none()
    before = set(panel.members.values_list("user_id", flat=True)) if panel else set()
    if panel is None:
        panel = Panel.objects.create(case=locked, convened_on=workdays.today(), convened_by=by)
    else:
        panel.members.all().delete()
        panel.convened_on, panel.convened_by = workdays.today(), by
    PanelMember.objects.bulk_create(
        [PanelMember(panel=panel, user=seat.user, sector=seat.sector, seat=seat) for seat in seats]
    )
    if panel.chair_id and panel.chair_id not in {seat.user_id for seat in seats}:
        panel.chair = None
    panel.save()
    log.info("case %s: panel convened by user %s", locked.pk, by.pk)
    notifications.tell_new_panel_members(locked, [seat.user for seat in seats if seat.user_id not in before])
    notifications.tell_parties_and_panel(
        locked,
        "The Compact board has convened the panel.",
        "The panel will decide whether the concern is about Compact undertakings.",
    )
    _refresh(case)
    return panel


@transaction.atomic
def declare_conflict(*, case: Case, by, reason: str) -> ConflictDeclaration:
    locked = _locked(case)
    _check(stages.refusal(locked, "declare_conflict", by))
    declaration, _ = ConflictDeclaration.objects.update_or_create(
        case=locked,
        user=by,
        defaults={
            "reason": _required(reason, "Say briefly how you are connected with the case."),
            "declared_at": timezone.now(),
        },
    )
    log.info("case %s: user %s declared a conflict of interest", locked.pk, by.pk)
    if PanelMember.objects.filter(panel__case=locked, user=by).exists():
        notifications.tell_board(
            locked,
            "A panel member has declared a conflict of interest.",
            "Convene the panel again without them.",
            url_name="disputes:convene",
        )
    _refresh(case)
    return declaration


@transaction.atomic
def choose_chair(*, case: Case, by, chair) -> Panel:
    """Stafford procedure stage 2: the panel chooses its chair from its own members."""
    locked = _locked(case)
    _check(stages.refusal(locked, "choose_chair", by))
    panel = locked.panel
    if not panel.members.filter(user=chair).exists():
        raise ValidationError("The chair must be one of the panel's members.")
    panel.chair = chair
    panel.save(update_fields=["chair"])
    log.info("case %s: panel chair recorded by user %s", locked.pk, by.pk)
    _refresh(case)
    return panel


@transaction.atomic
def decide_compact_matter(
    *, case: Case, by, concerns_compact_undertakings: bool, reasons: str, outcome_summary: str = ""
) -> Panel:
    """The panel first decides whether the concern is about Compact undertakings at all. If
    not, the case closes with the panel's reasons (Stafford procedure stage 2)."""
    locked = _locked(case)
    _check(stages.refusal(locked, "decide_compact_matter", by))
    panel = locked.panel
    panel.concerns_compact_undertakings = concerns_compact_undertakings
    panel.compact_matter_reasons = _required(reasons, "Give the panel's reasons.")
    panel.decided_on = workdays.today()
    if not concerns_compact_undertakings:
        summary = _required(outcome_summary, "Write a summary for the annual report.")
    panel.save()
    log.info("case %s: panel decided compact matter=%s", locked.pk, concerns_compact_undertakings)
    if concerns_compact_undertakings:
        notifications.tell_parties_and_panel(
            locked,
            "The panel has decided the concern is about Compact undertakings.",
            f"The panel will set a hearing no later than {workdays.format_date(locked.hearing_by)}.",
        )
    else:
        _close(locked, outcome=Outcome.NOT_COMPACT_MATTER, summary=summary, reason=panel.compact_matter_reasons, by=by)
    _refresh(case)
    return panel


def meeting_date_refusal(case: Case, *, kind: str, scheduled_on: date, meeting: Meeting | None = None) -> str | None:
    """Stafford procedure stage 2: the hearing is within 8 weeks of the board receiving the
    referral; further meetings come after the hearing."""
    panel = case.panel
    hearing = panel.meetings.filter(kind=Meeting.Kind.HEARING).exclude(pk=getattr(meeting, "pk", None)).first()
    if kind == Meeting.Kind.HEARING:
        if hearing is not None:
            return "The hearing is already set. Change its date, or add a further meeting."
        if scheduled_on < case.referral_received_on:
            return (
                f"The hearing cannot be before the board received the referral on "
                f"{workdays.format_date(case.referral_received_on)}."
            )
        if scheduled_on > case.hearing_by:
            weeks = rules_for(case.compact).hearing_weeks
            return (
                f"The hearing must be no later than {weeks} weeks after the board received the referral: "
                f"choose {workdays.format_date(case.hearing_by)} or earlier."
            )
        return None
    if hearing is None:
        return "Set the hearing first. Further meetings come after it."
    if scheduled_on < hearing.scheduled_on:
        return f"A further meeting comes after the hearing on {workdays.format_date(hearing.scheduled_on)}."
    return None


@transaction.atomic
def schedule_meeting(
    *, case: Case, by, kind: str, scheduled_on: date, notes: str = "", meeting: Meeting | None = None
) -> Meeting:
    """Set (or change) the hearing or a further meeting, with the panel's notes."""
    locked = _locked(case)
    _check(stages.refusal(locked, "schedule_meeting", by))
    kind = meeting.kind if meeting else kind
    _check(meeting_date_refusal(locked, kind=kind, scheduled_on=scheduled_on, meeting=meeting))
    meeting = meeting or Meeting(panel=locked.panel, kind=kind)
    meeting.scheduled_on, meeting.notes = scheduled_on, (notes or "").strip()
    meeting.recorded_by, meeting.recorded_at = by, timezone.now()
    meeting.save()
    log.info("case %s: %s set by user %s", locked.pk, kind, by.pk)
    notifications.tell_parties_and_panel(
        locked,
        f"The panel has set the date of the {meeting.get_kind_display().lower()}.",
        "Name your representatives in the portal before it.",
    )
    _refresh(case)
    return meeting


def representative_refusal(case: Case, organisation: Organisation, from_supporting_organisation: bool) -> str | None:
    """Stafford procedure stage 2: up to 2 representatives each; one may be from a supporting
    organisation."""
    allowed = rules_for(case.compact).representatives_per_party
    named = list(case.representatives.filter(organisation=organisation))
    if len(named) >= allowed:
        return (
            f"{organisation.name} has already named {allowed} representative{'s' if allowed != 1 else ''}, the most "
            "each organisation may bring. Remove one to name someone else."
        )
    if from_supporting_organisation and any(r.from_supporting_organisation for r in named):
        return "Only one of an organisation's representatives may come from a supporting organisation."
    return None


@transaction.atomic
def add_representative(
    *,
    case: Case,
    by,
    organisation: Organisation,
    name: str,
    from_supporting_organisation: bool = False,
    supporting_organisation: str = "",
) -> Representative:
    locked = _locked(case)
    _check(stages.refusal(locked, "name_representatives", by))
    if organisation not in permissions.party_organisations_of(by, locked):
        raise ValidationError("You can name representatives only for your own organisation.")
    _check(representative_refusal(locked, organisation, from_supporting_organisation))
    if from_supporting_organisation:
        supporting_organisation = _required(supporting_organisation, "Name the supporting organisation.")
    representative = Representative.objects.create(
        case=locked,
        organisation=organisation,
        name=_required(name, "Enter the representative's name."),
        from_supporting_organisation=from_supporting_organisation,
        supporting_organisation=supporting_organisation.strip() if from_supporting_organisation else "",
        added_by=by,
    )
    log.info("case %s: representative added for organisation %s by user %s", locked.pk, organisation.pk, by.pk)
    _refresh(case)
    return representative


@transaction.atomic
def remove_representative(*, case: Case, by, representative: Representative) -> None:
    locked = _locked(case)
    _check(stages.refusal(locked, "name_representatives", by))
    if representative.case_id != locked.pk or representative.organisation not in permissions.party_organisations_of(
        by, locked
    ):
        raise ValidationError("You can remove only your own organisation's representatives.")
    representative.delete()
    _refresh(case)


@transaction.atomic
def signpost(*, case: Case, by, resources, notes: str, reason: str) -> Case:
    """Stage 2 to stage 3: the panel points the parties to further help (Stafford stage 3:
    the national Compact Advocacy Programme and Compact Mediation Scheme)."""
    locked = _locked(case)
    _check(stages.refusal(locked, "signpost", by))
    resources = list(dict.fromkeys(resources))  # a resource named twice is signposted once
    if not resources:
        raise ValidationError("Choose where the panel is pointing the organisations for further help.")
    Signposting.objects.bulk_create(
        [Signposting(case=locked, resource=r, notes=(notes or "").strip(), recorded_by=by) for r in resources]
    )
    _move(locked, to_stage=Stage.STAGE_3, by=by, reason=_required(reason, "Say why the case moves to stage 3."))
    notifications.tell_parties_and_panel(
        locked,
        "The panel has signposted further help (stage 3).",
        " ".join(
            filter(
                None, ["Sign in to see where the panel suggests you go next.", notifications.where_else_to_turn(locked)]
            )
        ),
    )
    notifications.tell_board(locked, "The panel has signposted further help (stage 3).")
    return _refresh(case)


# Closing -----------------------------------------------------------------------------------


def _close(case: Case, *, outcome: str, summary: str, reason: str, by) -> None:
    case._history_user = by
    case.outcome, case.outcome_summary = outcome, summary
    case.closed_at, case.closed_by = timezone.now(), by
    case.save(update_fields=["outcome", "outcome_summary", "closed_at", "closed_by"])
    _move(case, to_stage=Stage.CLOSED, by=by, reason=reason)
    settled = outcome in (Outcome.RESOLVED_BY_AGREEMENT, Outcome.ACTIONS_AGREED, Outcome.WITHDRAWN)
    notifications.tell_parties_and_panel(
        case,
        f"The case is closed: {Outcome(outcome).label.lower()}.",
        "" if settled else notifications.where_else_to_turn(case),
    )
    notifications.tell_board(case, f"The case is closed: {Outcome(outcome).label.lower()}.")


@transaction.atomic
def close_case(*, case: Case, by, outcome: str, outcome_summary: str, reason: str) -> Case:
    """Record the outcome: resolved by agreement, not upheld, withdrawn or referred on. The
    summary is written for the annual report; the reason stays with the parties and panel."""
    locked = _locked(case)
    _check(stages.closing_refusal(locked, outcome, by))
    _close(
        locked,
        outcome=outcome,
        summary=_required(outcome_summary, "Write a summary for the annual report."),
        reason=_required(reason, "Say why the case is closing."),
        by=by,
    )
    return _refresh(case)


# Documents ---------------------------------------------------------------------------------


def _save_attachments(case: Case, files, by) -> list[Attachment]:
    files = list(files)
    if case.attachments.count() + len(files) > settings.MAX_CASE_ATTACHMENTS:
        room = max(settings.MAX_CASE_ATTACHMENTS - case.attachments.count(), 0)
        raise ValidationError(
            f"A case holds at most {settings.MAX_CASE_ATTACHMENTS} documents; "
            f"you can add {room} more. Put related pages in one document."
        )
    saved = []
    for upload in files:
        content_type, extension = validators.validate_attachment(upload)
        attachment = Attachment(
            case=case,
            original_name=(upload.name or "document")[:200],
            content_type=content_type,
            stored_extension=extension,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


@transaction.atomic
def add_attachments(*, case: Case, by, files) -> list[Attachment]:
    locked = _locked(case)
    _check(stages.refusal(locked, "attach", by))
    if not files:
        raise ValidationError("Choose at least one file.")
    saved = _save_attachments(locked, files, by)
    log.info("case %s: %s attachment(s) added by user %s", locked.pk, len(saved), by.pk)
    notifications.tell_parties_and_panel(locked, "New documents have been added to the case.")
    _refresh(case)
    return saved


# Differences resolved internally -----------------------------------------------------------


@transaction.atomic
def notify_difference(
    *, organisation: Organisation, by, undertakings, summary: str, resolved_on: date
) -> InternalDifferenceNotice:
    """Stafford monitoring: signatories tell the board of any Compact difference, even one
    resolved within their own procedures."""
    if organisation not in permissions.organisations_that_may_file(by):
        raise ValidationError(
            "You can notify the board only for an organisation you belong to that has joined the Compact."
        )
    if resolved_on > workdays.today():
        raise ValidationError("The date the difference was resolved must be today or in the past.")
    undertakings = list(undertakings)
    edition = organisation.compact.adopted_edition()
    if any(edition is None or u.section.edition_id != edition.pk for u in undertakings):
        raise ValidationError("Choose undertakings from the Compact as it stands now.")
    notice = InternalDifferenceNotice.objects.create(
        compact=organisation.compact,
        organisation=organisation,
        notified_by=by,
        resolved_on=resolved_on,
        summary=_required(summary, "Say what the difference was and how it was resolved."),
    )
    notice.undertakings.set(undertakings)
    log.info("difference notice %s from organisation %s", notice.pk, organisation.pk)
    notifications.tell_board_of_difference(notice)
    return notice
