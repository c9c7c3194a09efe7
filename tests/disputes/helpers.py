"""Building cases for tests through the services, so every case a test uses went through the
same rules a real one does. Shared by tests/disputes and tests/access/disputes.py."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compact_portal import workdays
from disputes import services
from disputes.models import Case, Meeting, Outcome, Signposting, Stage
from signatories.models import Sector
from tests import factories
from undertakings.models import Undertaking, parties_given_by

# Planted in every confidential field; no one outside the parties and the panel may ever see it.
MARKER = "CONFIDENTIAL-MARKER-7f3a"

# The smallest files whose first bytes say what they are.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def marked(field: str) -> str:
    return f"{MARKER}-{field}"


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def file_case(*, complainant, respondent, by, undertakings=None, stage=Stage.INFORMAL, text="", attachments=()):
    undertakings = undertakings or list(
        Undertaking.objects.filter(
            section__edition=complainant.compact.adopted_edition(), party__in=parties_given_by(respondent.sector)
        )[:1]
    )
    return services.file_concern(
        complainant=complainant,
        respondent=respondent,
        by=by,
        undertakings=undertakings,
        starting_stage=stage,
        what_happened=text or "What happened.",
        what_has_been_tried=text or "What was tried.",
        outcome_hoped_for=text or "The outcome hoped for.",
        attachments=attachments,
    )


def decline(case, by):
    """A party records that it does not accept the outcome of the current stage."""
    organisation = services.permissions.party_organisations_of(by, case)[0]
    services.record_acceptance(case=case, organisation=organisation, accepts=False, by=by)


def to_stage_1(case, by, text=""):
    decline(case, by)
    return services.escalate(case=case, by=by, concern=text or "Formal concern.", reason=text or "Informal failed.")


def to_stage_2(case, by, received_on=None, text=""):
    decline(case, by)
    organisation = services.permissions.party_organisations_of(by, case)[0]
    services.refer(
        case=case,
        by=by,
        organisation=organisation,
        undertakings=list(case.undertakings.all()),
        nature_of_difference=text or "The difference.",
        what_has_been_tried=text or "Tried things.",
        reason=text or "Stage 1 failed.",
        received_on=received_on,
    )
    case.refresh_from_db()
    return case


def resolution_group(compact, year=None, public=2, vcs=2):
    """Resolution group seats for people unconnected with any case, from their own organisations."""
    year = year or workdays.today().year
    seats = []
    for sector, count in ((Sector.PUBLIC, public), (Sector.VCS, vcs)):
        for _ in range(count):
            factory = factories.PublicBodyFactory if sector == Sector.PUBLIC else factories.OrganisationFactory
            organisation = factory(compact=compact, name=f"Resolution group {sector} body {len(seats) + 1} {year}")
            member = factories.MembershipFactory(organisation=organisation)
            seats.append(
                factories.ResolutionGroupMembershipFactory(
                    compact=compact, user=member.user, organisation=organisation, sector=sector, year=year
                )
            )
    return seats


def convene(case, board_user, seats=None):
    seats = seats or resolution_group(case.compact, case.referral_received_on.year)
    services.convene_panel(case=case, seats=seats, by=board_user)
    case.refresh_from_db()
    return case


def build_case_through_every_stage(
    *,
    complainant,
    respondent,
    complainant_user,
    respondent_user,
    board_user,
    text=marked,
    close=False,
    attachment_name=None,
):
    """A case taken to stage 3 (and closed if asked) with `text(field)` in every confidential
    field the procedure produces. Returns the case and a panel member."""
    today = workdays.today()
    case = file_case(
        complainant=complainant,
        respondent=respondent,
        by=complainant_user,
        text=text("concern"),
        attachments=[png(attachment_name or f"{text('filename')}.png")],
    )
    to_stage_1(case, complainant_user, text=text("stage_1"))
    services.respond(case=case, by=respondent_user, text=text("response"))
    to_stage_2(case, respondent_user, received_on=today - timedelta(days=20), text=text("referral"))
    seats = resolution_group(case.compact, case.referral_received_on.year)
    extra = resolution_group(case.compact, case.referral_received_on.year, public=1, vcs=0)[0]
    services.declare_conflict(case=case, by=extra.user, reason=text("conflict"))
    convene(case, board_user, seats)
    panel_user = seats[0].user
    services.choose_chair(case=case, by=panel_user, chair=panel_user)
    services.decide_compact_matter(
        case=case, by=panel_user, concerns_compact_undertakings=True, reasons=text("panel_reasons")
    )
    services.schedule_meeting(
        case=case,
        by=panel_user,
        kind=Meeting.Kind.HEARING,
        scheduled_on=today - timedelta(days=1),
        notes=text("hearing_notes"),
    )
    services.schedule_meeting(
        case=case, by=panel_user, kind=Meeting.Kind.FURTHER, scheduled_on=today, notes=text("meeting_notes")
    )
    for user, organisation in ((complainant_user, complainant), (respondent_user, respondent)):
        services.add_representative(
            case=case,
            by=user,
            organisation=organisation,
            name=text(f"rep_{organisation.pk}"),
            from_supporting_organisation=True,
            supporting_organisation=text("supporting"),
        )
    services.add_attachments(case=case, by=respondent_user, files=[pdf(f"{text('second_file')}.pdf")])
    decline(case, complainant_user)
    services.signpost(
        case=case,
        by=panel_user,
        resources=[Signposting.Resource.MEDIATION],
        notes=text("signposting"),
        reason=text("stage_3"),
    )
    if close:
        services.close_case(
            case=case,
            by=panel_user,
            outcome=Outcome.REFERRED_ON,
            outcome_summary="A difference about funding notice, referred to national mediation.",
            reason=text("closing"),
        )
    case = Case.objects.get(pk=case.pk)
    return case, panel_user


def question(name):
    return reverse("disputes:file_question", args=[name])


def raise_concern(client, values, files=None):
    """Answer the question pages in turn with `values` (and the documents page with `files`);
    the page that refuses its answers, or the check page."""
    pages = {
        "organisation": ("complainant", "respondent"),
        "undertakings": [name for name in values if name.startswith("undertakings_")],
        "what-happened": ("what_happened", "what_has_been_tried", "outcome_hoped_for"),
        "documents": (),
        "stage": ("starting_stage",),
    }
    for slug, names in pages.items():
        sent = {name: values[name] for name in names if name in values}
        if slug == "documents" and files:
            sent["attachments"] = files
        response = client.post(question(slug), sent)
        if response.status_code != 302 or response["Location"].startswith(question(slug)):
            return response
    return client.get(reverse("disputes:file_check"))
