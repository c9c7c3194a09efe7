"""Writes with rules for organisations: register, approve, decline, sign, invite, join.
Each is one function with keyword arguments inside a transaction; emails go out on commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from compact_portal import emails, security
from compact_portal.workdays import today

from . import joining, permissions, validators
from .models import (
    Champion,
    ChampionTraining,
    Invitation,
    Membership,
    Organisation,
    ResolutionGroupInvitation,
    ResolutionGroupMembership,
    Sector,
    Signature,
    User,
    invitation_expiry,
    sector_of_type,
    unique_slug,
)
from .selectors import admin_emails, board_seats


def find_duplicate(*, name: str, postcode: str, charity_number: str = "", exclude_pk=None) -> Organisation | None:
    """An organisation already registered with the same charity number, or the same name at
    the same postcode."""
    match = Q(name__iexact=name.strip(), postcode=validators.normalise_postcode(postcode))
    number = validators.normalise_identifier(charity_number)
    if number:
        match |= Q(charity_number=number)
    found = Organisation.objects.filter(match).exclude(status=Organisation.Status.DECLINED)
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found.first()


def _board_emails(compact) -> list[str]:
    return sorted({seat.user.email for seat in board_seats(compact=compact).select_related("user")})


@transaction.atomic
def register_organisation(*, user, organisation: Organisation) -> Organisation:
    """A voluntary and community organisation, or a business or other partner where the compact
    admits them, applies to join; the person registering becomes its admin. Its sector follows
    from its type."""
    organisation.sector = sector_of_type(organisation.type)
    if organisation.sector not in organisation.compact.registering_sectors:
        the_compact = organisation.compact.the_name
        raise ValidationError(
            f"{the_compact[:1].upper()}{the_compact[1:]} does not admit signatories of the group "
            f"“{Sector(organisation.sector).label}” that register themselves. Choose another type of organisation."
        )
    organisation.status = Organisation.Status.APPLIED
    organisation.applied_at = timezone.now()
    organisation.slug = organisation.slug or unique_slug(organisation.name)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ADMIN)
    context = {
        "organisation": organisation,
        "user": user,
        "admin_url": emails.absolute_url(reverse("admin:signatories_organisation_change", args=[organisation.pk])),
    }
    transaction.on_commit(lambda: emails.send("signatories/emails/application_received", user.email, context))
    transaction.on_commit(
        lambda: emails.send("signatories/emails/application_to_board", _board_emails(organisation.compact), context)
    )
    return organisation


def applicant_emails(organisation) -> list[str]:
    """The application's answer goes to the organisation's admins and to the contact address it gave."""
    return sorted(set(admin_emails([organisation])[organisation.pk]) | {organisation.contact_email})


@transaction.atomic
def approve_organisation(*, organisation: Organisation, by) -> Organisation:
    if organisation.status != Organisation.Status.APPLIED:
        raise ValidationError(
            f"{organisation} is {organisation.get_status_display().lower()}, not waiting for approval."
        )
    organisation.status = Organisation.Status.APPROVED
    organisation.decided_at = timezone.now()
    organisation.decided_by = by
    organisation.decline_reason = ""
    organisation.save()
    context = {
        "organisation": organisation,
        "sign_url": emails.absolute_url(reverse("signatories:sign", args=[organisation.slug])),
    }
    transaction.on_commit(
        lambda: emails.send("signatories/emails/application_approved", applicant_emails(organisation), context)
    )
    return organisation


@transaction.atomic
def decline_organisation(*, organisation: Organisation, by, reason: str) -> Organisation:
    if not reason.strip():
        raise ValidationError("Give the reason for declining; it is sent to the applicant.")
    if organisation.status != Organisation.Status.APPLIED:
        raise ValidationError(
            f"{organisation} is {organisation.get_status_display().lower()}, not waiting for approval."
        )
    organisation.status = Organisation.Status.DECLINED
    organisation.decided_at = timezone.now()
    organisation.decided_by = by
    organisation.decline_reason = reason.strip()
    organisation.save()
    context = {"organisation": organisation, "reason": organisation.decline_reason}
    transaction.on_commit(
        lambda: emails.send("signatories/emails/application_declined", applicant_emails(organisation), context)
    )
    return organisation


@transaction.atomic
def withdraw_organisation(*, organisation: Organisation, by) -> Organisation:
    organisation.status = Organisation.Status.WITHDRAWN
    organisation.withdrawn_at = timezone.now()
    organisation.withdrawn_by = by
    organisation.save()
    return organisation


@transaction.atomic
def sign_compact(*, organisation: Organisation, user, signatory_name: str, signatory_role: str) -> Signature:
    """The organisation signs the compact's adopted edition."""
    edition = organisation.compact.adopted_edition()
    refusal = permissions.signing_refusal(user, organisation, edition)
    if refusal:
        raise PermissionDenied(refusal)
    signature = Signature.objects.create(
        organisation=organisation,
        edition=edition,
        signed_by=user,
        signatory_name=signatory_name.strip(),
        signatory_role=signatory_role.strip(),
        signed_on=today(),
    )
    organisation.status = Organisation.Status.SIGNED
    organisation.save()
    context = {
        "organisation": organisation,
        "signature": signature,
        "page_url": emails.absolute_url(organisation.get_absolute_url()),
    }
    transaction.on_commit(lambda: emails.send("signatories/emails/signed", applicant_emails(organisation), context))
    return signature


def refuse_invitation_to(organisation: Organisation) -> None:
    if organisation.sector != Sector.PUBLIC:
        raise ValidationError(
            "Officers are invited to public-sector organisations only; VCS organisations register themselves."
        )


@transaction.atomic
def invite_officer(*, organisation: Organisation, email: str, by, role=Membership.Role.MEMBER) -> Invitation:
    """The board invites a council officer to join a public-sector organisation."""
    refuse_invitation_to(organisation)
    invitation = Invitation.objects.create(
        organisation=organisation, email=email.strip().lower(), invited_by=by, role=role
    )
    send_invitation(invitation=invitation)
    return invitation


def send_invitation(*, invitation: Invitation) -> None:
    context = {"invitation": invitation, "accept_url": emails.absolute_url(invitation.get_absolute_url())}
    transaction.on_commit(lambda: emails.send("signatories/emails/invitation", invitation.email, context))


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    if not invitation.is_usable:
        raise ValidationError(
            "This invitation has expired or has already been used. Ask the Compact board for a new one."
        )
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            f"This invitation was sent to {invitation.email}. Sign in with that address to accept it."
        )
    refusal = joining.joining_refusal(user, invitation.organisation, by=invitation.invited_by)
    if refusal:
        security.log_event("membership_refused", user=user, organisation=invitation.organisation_id)
        raise PermissionDenied(refusal)
    member, _ = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    return member


@transaction.atomic
def invite_to_resolution_group(*, compact, year: int, emails_by_sector: dict[str, list[str]], by) -> list:
    """The board invites people by email to a year's resolution group (Stafford procedure: its
    membership is agreed annually). Someone who already has that year's seat is not invited
    again. The seat is made when the person accepts."""
    seated = {
        email.lower()
        for email in ResolutionGroupMembership.objects.filter(compact=compact, year=year).values_list(
            "user__email", flat=True
        )
    }
    invited = []
    for sector, addresses in emails_by_sector.items():
        if sector not in Sector.values:
            raise ValidationError(f"“{sector}” is not a sector.")
        for address in addresses:
            address = address.strip().lower()
            if not address or address in seated:
                continue
            seated.add(address)
            invitation = ResolutionGroupInvitation.objects.create(
                compact=compact, year=year, sector=sector, email=address, invited_by=by
            )
            send_resolution_invitation(invitation=invitation)
            invited.append(invitation)
    return invited


def send_resolution_invitation(*, invitation: ResolutionGroupInvitation) -> None:
    context = {"invitation": invitation, "accept_url": emails.absolute_url(invitation.get_absolute_url())}
    transaction.on_commit(lambda: emails.send("signatories/emails/resolution_invitation", invitation.email, context))


def _refuse_unless_open(invitation: ResolutionGroupInvitation, doing: str) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(
            f"The invitation to {invitation.email} cannot be {doing}: it was accepted on "
            f"{timezone.localtime(invitation.accepted_at):%-d %B %Y}."
        )
    if invitation.cancelled_at is not None:
        raise ValidationError(f"The invitation to {invitation.email} cannot be {doing}: it has been cancelled.")


@transaction.atomic
def cancel_resolution_invitation(*, invitation: ResolutionGroupInvitation, by) -> None:
    """The board withdraws an invitation not yet accepted; its link stops working."""
    invitation = ResolutionGroupInvitation.objects.select_for_update().get(pk=invitation.pk)
    _refuse_unless_open(invitation, "cancelled")
    invitation.cancelled_at = timezone.now()
    invitation.cancelled_by = by
    invitation.save(update_fields=["cancelled_at", "cancelled_by"])
    security.log_event("resolution_invitation_cancelled", user=by, invitation=invitation.pk)


@transaction.atomic
def resend_resolution_invitation(*, invitation: ResolutionGroupInvitation, by) -> None:
    """The board sends an invitation not yet accepted again, with the same link, for another
    14 days from today (an expired one is opened again)."""
    invitation = ResolutionGroupInvitation.objects.select_for_update().get(pk=invitation.pk)
    _refuse_unless_open(invitation, "sent again")
    invitation.expires_at = invitation_expiry()
    invitation.sent_count += 1
    invitation.save(update_fields=["expires_at", "sent_count"])
    send_resolution_invitation(invitation=invitation)
    security.log_event("resolution_invitation_resent", user=by, invitation=invitation.pk)


@transaction.atomic
def accept_resolution_invitation(*, invitation: ResolutionGroupInvitation, user) -> ResolutionGroupMembership:
    if not invitation.is_usable:
        raise ValidationError(
            "This invitation has expired, been cancelled or already been used. Ask the Compact board for a new one."
        )
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            f"This invitation was sent to {invitation.email}. Sign in with that address to accept it."
        )
    seat, _ = ResolutionGroupMembership.objects.get_or_create(
        compact=invitation.compact, user=user, year=invitation.year, defaults={"sector": invitation.sector}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    security.log_event("role_granted", user=user, role="resolution_group")
    return seat


@transaction.atomic
def create_invited_account(*, invitation: ResolutionGroupInvitation, full_name: str, password: str) -> User:
    """Someone invited without an account sets their name and password. The invitation came to
    their address, so that address counts as verified."""
    from allauth.account.models import EmailAddress

    if not invitation.is_usable:
        raise ValidationError(
            "This invitation has expired, been cancelled or already been used. Ask the Compact board for a new one."
        )
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(f"There is already an account for {invitation.email}. Sign in to accept the invitation.")
    user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@transaction.atomic
def name_champion(
    *, organisation: Organisation, champion, trained_on, by, department: str = "", telephone: str = "", course: str = ""
) -> Champion:
    """Wiltshire: "Appoint and train a Compact champion in each organisation"; Wiltshire and
    Stafford expect champions within the departments of the large bodies. Names a member as
    the champion for a department or service (or records their contact again), and records a
    training if one is given."""
    if not permissions.can_edit_organisation(by, organisation):
        raise PermissionDenied("Only an admin of the organisation can name its Compact champions.")
    if champion is None:
        raise ValidationError("Choose the member who is the Compact champion.")
    if not permissions.is_member(champion, organisation):
        raise ValidationError("The Compact champion must be a member of the organisation.")
    named, _ = Champion.objects.get_or_create(organisation=organisation, user=champion, department=department.strip())
    if telephone.strip() and named.telephone != telephone.strip():
        named.telephone = telephone.strip()
        named.save()
    if trained_on is not None:
        ChampionTraining.objects.get_or_create(champion=named, trained_on=trained_on, course=course.strip())
    return named


@transaction.atomic
def remove_champion(*, champion: Champion, by) -> None:
    """A champion who has left the role; their training records go with them."""
    if not permissions.can_edit_organisation(by, champion.organisation):
        raise PermissionDenied("Only an admin of the organisation can change its Compact champions.")
    champion.delete()


BOARD_GROUP = "Compact board"

# What a board member may do in the admin, and nothing more (README, "Security"). Left out on
# purpose: changing people (their flags, groups and email addresses belong to superusers), adding
# people to organisations (an invitation or a superuser does that), changing records a
# lifecycle governs (consultations, their decisions, feedback and impact assessments, cases:
# the officers' and parties' pages do that through the lifecycle), creating or deleting
# scheduled tasks (their times may be changed, by choosing a schedule; the schedules themselves
# are the scheduler's internals, kept by superusers), deleting organisations and anyone's
# authenticators. Everything else of the board's work is here.
BOARD_PERMISSIONS = [
    "signatories.view_user",
    "signatories.add_organisation",
    "signatories.change_organisation",
    "signatories.view_organisation",
    "signatories.view_membership",
    "signatories.add_boardmembership",
    "signatories.change_boardmembership",
    "signatories.delete_boardmembership",
    "signatories.view_boardmembership",
    "signatories.add_boardselfreview",
    "signatories.change_boardselfreview",
    "signatories.view_boardselfreview",
    "signatories.add_champion",
    "signatories.change_champion",
    "signatories.delete_champion",
    "signatories.view_champion",
    "signatories.add_championtraining",
    "signatories.change_championtraining",
    "signatories.delete_championtraining",
    "signatories.view_championtraining",
    "signatories.add_resolutiongroupmembership",
    "signatories.change_resolutiongroupmembership",
    "signatories.delete_resolutiongroupmembership",
    "signatories.view_resolutiongroupmembership",
    "signatories.add_invitation",
    "signatories.view_invitation",
    "signatories.change_resolutiongroupinvitation",
    "signatories.view_resolutiongroupinvitation",
    "signatories.view_signature",
    "signatories.change_reminder",
    "signatories.view_reminder",
    "undertakings.change_compact",
    "undertakings.view_compact",
    "undertakings.add_timelinerules",
    "undertakings.change_timelinerules",
    "undertakings.view_timelinerules",
    "undertakings.add_edition",
    "undertakings.change_edition",
    "undertakings.view_edition",
    "undertakings.add_section",
    "undertakings.change_section",
    "undertakings.delete_section",
    "undertakings.view_section",
    "undertakings.add_undertaking",
    "undertakings.change_undertaking",
    "undertakings.delete_undertaking",
    "undertakings.view_undertaking",
    "undertakings.change_proposedtimelinerule",
    "undertakings.view_proposedtimelinerule",
    "undertakings.add_procedurerules",
    "undertakings.change_procedurerules",
    "undertakings.view_procedurerules",
    "undertakings.change_proposedprocedurerule",
    "undertakings.view_proposedprocedurerule",
    "undertakings.add_importeddocument",
    "undertakings.change_importeddocument",
    "undertakings.view_importeddocument",
    "undertakings.add_holidayperiod",
    "undertakings.change_holidayperiod",
    "undertakings.delete_holidayperiod",
    "undertakings.view_holidayperiod",
    "undertakings.change_accessibleformatrequest",
    "undertakings.view_accessibleformatrequest",
    "reviews.change_assessmentround",
    "reviews.view_assessmentround",
    "reviews.view_assessment",
    "reviews.view_assessmentresponse",
    "reviews.add_action",
    "reviews.change_action",
    "reviews.delete_action",
    "reviews.view_action",
    "reviews.add_milestone",
    "reviews.change_milestone",
    "reviews.delete_milestone",
    "reviews.view_milestone",
    "reviews.add_annualreview",
    "reviews.change_annualreview",
    "reviews.view_annualreview",
    "reviews.add_reviewcommentary",
    "reviews.change_reviewcommentary",
    "reviews.delete_reviewcommentary",
    "reviews.view_reviewcommentary",
    "reviews.view_reviewrendering",
    "reviews.change_survey",
    "reviews.view_survey",
    "reviews.add_annualmeeting",
    "reviews.change_annualmeeting",
    "reviews.view_annualmeeting",
    "consultations.add_fundingagreement",
    "consultations.change_fundingagreement",
    "consultations.view_fundingagreement",
    "consultations.add_paymentschedule",
    "consultations.change_paymentschedule",
    "consultations.delete_paymentschedule",
    "consultations.view_paymentschedule",
    "consultations.view_consultation",
    "consultations.view_shortenedperiodconsent",
    "consultations.view_impactassessment",
    "consultations.view_consultationresponse",
    "consultations.view_feedback",
    "consultations.view_decision",
    "disputes.view_case",
    "disputes.view_internaldifferencenotice",
    "django_celery_beat.view_periodictask",
    "django_celery_beat.change_periodictask",
]


def board_group():
    """The group every board member is in: exactly BOARD_PERMISSIONS (set again when it differs)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=BOARD_GROUP)
    wanted = Q()
    for name in BOARD_PERMISSIONS:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    wanted = set(Permission.objects.filter(wanted).values_list("pk", flat=True))
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


@transaction.atomic
def grant_board_access(*, user) -> None:
    """A board seat brings the Django admin, where the board does its work."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(board_group())
    security.log_event("role_granted", user=user, role="board")


def sync_board_group(**kwargs) -> None:
    """After migrating: an existing board group is given exactly BOARD_PERMISSIONS again."""
    from django.contrib.auth.models import Group

    if Group.objects.filter(name=BOARD_GROUP).exists():
        board_group()
