"""Who may see and do what with a case. Views, templates, emails and the admin all ask here.

Stafford procedure (monitoring): the details of referred cases stay confidential, while the
board is told what action is being taken. So:
- the parties' members and the case's panel see the details, and, where the compact keeps
  them to its whole resolution group (Stafford: "confidential to the CCRG"), that year's
  resolution group too (undertakings.procedure.ProcedureRules.details_readers);
- the board (and superusers, a technical role treated like the board) see that the case
  exists, its stage, deadlines and the action being taken, never the details;
- everyone else is not even told that the case exists (404).
"""

from compact_portal import workdays
from signatories import permissions as signatory_permissions
from signatories.models import Organisation


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _remembered(case, key, compute):
    """Answers are kept on the case object for the length of a request: a page asks the same
    question for many actions."""
    memo = case.__dict__.setdefault("_permission_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def party_organisations_of(user, case) -> list[Organisation]:
    """The parties to the case that this person is a member of (usually one)."""
    if not _authenticated(user):
        return []

    def compute():
        member_of = signatory_permissions.standing(user).memberships
        return [org for org in case.parties if org.pk in member_of]

    return _remembered(case, ("parties", user.pk), compute)


def can_act_as_party(user, case) -> bool:
    """A member of the complainant or the respondent: an authorised user of a party."""
    return bool(party_organisations_of(user, case))


def is_complainant(user, case) -> bool:
    return case.complainant in party_organisations_of(user, case)


def is_respondent(user, case) -> bool:
    return case.respondent in party_organisations_of(user, case)


def is_panel_member(user, case) -> bool:
    if not _authenticated(user):
        return False

    def compute():
        panel = getattr(case, "panel", None)  # with its members when the case came from case_for_page
        return panel is not None and any(member.user_id == user.pk for member in panel.members.all())

    return _remembered(case, ("panel", user.pk), compute)


def can_see_case_details(user, case) -> bool:
    """The one home of who may read a case's details; Case.objects.with_details_for mirrors it."""
    return (
        can_act_as_party(user, case)
        or is_panel_member(user, case)
        or (case.procedure.details_for_whole_group and sits_in_resolution_group_now(user, case))
    )


def sits_in_resolution_group_now(user, case) -> bool:
    """A seat in this year's resolution group of the case's compact."""
    if not _authenticated(user):
        return False
    return (case.compact_id, workdays.today().year) in signatory_permissions.standing(user).resolution_seats


def is_board_member(user, case) -> bool:
    """A board seat this year for the case's compact, or a superuser (a technical role the
    portal treats like the board: it sees no details either)."""
    return _remembered(
        case, ("board", getattr(user, "pk", None)), lambda: signatory_permissions.is_board_member(user, case.compact)
    )


def can_see_case_exists(user, case) -> bool:
    return can_see_case_details(user, case) or is_board_member(user, case)


def can_convene_panel(user, case) -> bool:
    return is_board_member(user, case)


def can_act_for_panel(user, case) -> bool:
    return is_panel_member(user, case)


def is_resolution_group_member(user, case) -> bool:
    """In the resolution group of the year the case was referred to the board."""
    if not _authenticated(user) or case.referral_received_on is None:
        return False
    return (case.compact_id, case.referral_received_on.year) in signatory_permissions.standing(user).resolution_seats


def organisations_that_may_file(user):
    """Organisations a person may raise a breach concern or notify a difference for: those
    they belong to that the board has approved or that have signed."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            memberships__user=user, status__in=[Organisation.Status.APPROVED, Organisation.Status.SIGNED]
        )
        .select_related("compact")
        .distinct()
        .order_by("name")
    )


def forget(case) -> None:
    """Drop remembered answers after a write that may change them (a panel convened)."""
    case.__dict__.pop("_permission_memo", None)
