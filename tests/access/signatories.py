from . import BOARD, EVERYONE, SIGNED_IN, Rule

OWN_MEMBERS = frozenset({"vcs_member", "vcs_admin"})

RULES = {
    "home": Rule(EVERYONE),
    "board_dashboard": Rule(BOARD),
    "favicon": Rule(EVERYONE, ok_status=(301,)),
    "signatories:directory": Rule(EVERYONE),
    "signatories:organisation": Rule(EVERYONE, lambda w: {"slug": w.vcs_organisation.slug}),
    "signatories:register": Rule(SIGNED_IN),
    "signatories:dashboard": Rule(SIGNED_IN),
    "signatories:edit": Rule(frozenset({"vcs_admin"}) | BOARD, lambda w: {"slug": w.vcs_organisation.slug}),
    # Signing: the form is shown to the admin; the page explains a refusal to no one else.
    "signatories:sign": Rule(frozenset({"vcs_admin"}), lambda w: {"slug": w.vcs_organisation.slug}),
    "signatories:champion": Rule(frozenset({"vcs_admin"}) | BOARD, lambda w: {"slug": w.vcs_organisation.slug}),
    "signatories:reminders": Rule(SIGNED_IN),
    # The feed is secured by its secret token, not by a session: anyone holding it may read it.
    "signatories:calendar": Rule(EVERYONE, lambda w: {"token": w.calendar_token}),
    "signatories:accept_invitation": Rule(EVERYONE, lambda w: {"token": w.invitation.token}),
}


def setup(world):
    from signatories.models import new_token

    owner = world.users["vcs_admin"]
    owner.calendar_token = new_token()
    owner.save()
    world.calendar_token = owner.calendar_token
