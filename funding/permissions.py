"""Who may see and do what with grant rounds, applications and ending funding. Views, templates
and services ask these predicates; none re-derives them.

Officers act only for their own public body (another body's draft rounds and applications are
not acknowledged: 404). Only signed VCS signatories of the round's compact may apply, since a
round rewards organisations that have made the Compact's undertakings. Applications are
private to the applicant, the funder's officers and the board; awards are published once the
round's decisions are announced.
"""

from consultations import permissions as consultation_permissions
from signatories import permissions as signatory_permissions
from signatories.models import Organisation, Sector

is_officer_for = consultation_permissions.is_officer_for
officer_organisations = consultation_permissions.officer_organisations


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage(user, grant_round) -> bool:
    return is_officer_for(user, grant_round.funder)


def can_view(user, grant_round) -> bool:
    return grant_round.is_published or can_manage(user, grant_round)


def applying_organisations(user, grant_round):
    """This person's signed VCS organisations of the round's compact."""
    if not _authenticated(user):
        return Organisation.objects.none()
    ids = signatory_permissions.standing(user).organisation_ids(
        sector=Sector.VCS, accepted=True, compact_id=grant_round.compact_id
    )
    return Organisation.objects.filter(pk__in=ids, status=Organisation.Status.SIGNED).order_by("name")


def application_refusal(user, grant_round, today=None) -> str | None:
    if not grant_round.accepts_applications(today):
        return "This round is not open for applications."
    if not applying_organisations(user, grant_round).exists():
        return "Only members of voluntary and community sector organisations that have signed the Compact can apply."
    return None


def can_view_application(user, application) -> bool:
    return (
        signatory_permissions.is_member(user, application.organisation)
        or can_manage(user, application.grant_round)
        or signatory_permissions.is_board_member(user, application.grant_round.compact)
    )


def can_end_agreement(user, agreement) -> bool:
    """The funder's officers raise performance concerns and give notice."""
    return is_officer_for(user, agreement.funder)
