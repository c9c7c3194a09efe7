"""Organisations and people. `setup` gives the VCS admin a calendar feed. An organisation's
own pages answer 404 to people outside it (the board aside) and 403 to its members who may
not do the thing."""

from . import BOARD, EVERYONE, NOT_FOUND, SIGNED_IN, Rule

OWN_ADMIN = frozenset({"vcs_admin"})


def _own(world):
    return {"slug": world.vcs_organisation.slug}


RULES = {
    "home": Rule(EVERYONE),
    "accessibility": Rule(EVERYONE),
    # "Stay signed in" in the warning before the session ends: POST only.
    "session_keep_alive": Rule(SIGNED_IN, ok_status=(405,), post=True),
    # Asking for a page in another format or language: anyone, signed in or not.
    "accessible_format_request": Rule(EVERYONE, post=True),
    "accessible_format_requested": Rule(EVERYONE),
    "board_dashboard": Rule(BOARD, refused=NOT_FOUND),
    "favicon": Rule(EVERYONE, ok_status=(301,)),
    # For load balancers: "ok" to anyone, the details only to staff (tests/compact_portal/test_health.py).
    "healthz": Rule(EVERYONE),
    "signatories:directory": Rule(EVERYONE),
    # A signed organisation's page is public.
    "signatories:organisation": Rule(EVERYONE, _own),
    "signatories:register_start": Rule(EVERYONE),
    # The old single page sends everyone to the start page.
    "signatories:register": Rule(EVERYONE, ok_status=(302,)),
    # Registering: question pages kept in the person's own session; the check page and the
    # confirmation send back to the questions until there is something to show.
    "signatories:register_question": Rule(SIGNED_IN, lambda w: {"question": "organisation"}, post=True),
    "signatories:register_check": Rule(SIGNED_IN, ok_status=(302,), post=True),
    "signatories:register_done": Rule(SIGNED_IN, ok_status=(302,)),
    "signatories:dashboard": Rule(SIGNED_IN),
    "signatories:edit": Rule(
        OWN_ADMIN | BOARD, _own, post=True, refused=NOT_FOUND, forbidden=frozenset({"vcs_member"})
    ),
    # Signing: only the organisation's admin; its members and the board are told why not.
    "signatories:sign": Rule(
        OWN_ADMIN, _own, post=True, refused=NOT_FOUND, forbidden=frozenset({"vcs_member"}) | BOARD
    ),
    "signatories:champion": Rule(
        OWN_ADMIN | BOARD, _own, post=True, refused=NOT_FOUND, forbidden=frozenset({"vcs_member"})
    ),
    "signatories:reminders": Rule(SIGNED_IN, post=True),
    # The feed is secured by its secret token, not by a session: anyone holding it may read it.
    "signatories:calendar": Rule(EVERYONE, lambda w: {"token": w.calendar_token}),
    # The board decides applications; an organisation's record is not acknowledged to anyone else.
    "signatories:applications": Rule(BOARD, refused=NOT_FOUND),
    "signatories:approve_application": Rule(
        BOARD, lambda w: {"pk": w.vcs_organisation.pk}, post=True, refused=NOT_FOUND
    ),
    "signatories:decline_application": Rule(
        BOARD, lambda w: {"pk": w.vcs_organisation.pk}, post=True, refused=NOT_FOUND
    ),
    # The board invites people to a year's resolution group; whoever holds the invitation's token
    # sees it, and accepting checks the person's email address.
    "signatories:invite_resolution_group": Rule(
        BOARD, lambda w: {"slug": w.compact.slug}, post=True, refused=NOT_FOUND
    ),
    "signatories:accept_resolution_invitation": Rule(
        EVERYONE, lambda w: {"token": w.resolution_invitation.token}, post=True
    ),
    # Anyone holding the invitation's token sees it; accepting checks the person's email address.
    "signatories:accept_invitation": Rule(EVERYONE, lambda w: {"token": w.invitation.token}, post=True),
}


def setup(world):
    from signatories.models import ResolutionGroupInvitation, new_token
    from tests import factories

    # An application waiting for the board, so that its list is never empty.
    factories.OrganisationFactory(compact=world.compact, name="Applying Community Group", status="applied")
    world.resolution_invitation = ResolutionGroupInvitation.objects.create(
        compact=world.compact, year=2026, sector="vcs", email="invited.member@example.org"
    )

    owner = world.users["vcs_admin"]
    owner.calendar_token = new_token()
    owner.save(update_fields=["calendar_token"])
    world.calendar_token = owner.calendar_token
