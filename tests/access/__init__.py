"""The access table: every URL of the portal's own views, and which roles may use it.

A new view fails tests/test_access_matrix.py until its URL name is listed in one of the
per-app modules here, with the roles that may open it, whether it accepts POST and how it
refuses everyone else.

Roles (tests/test_access_matrix.py builds them on the world):
- anonymous: not signed in;
- vcs_member, vcs_admin: a member and an admin of `world.vcs_organisation`;
- other_vcs_member, other_vcs_admin: of `world.other_vcs_organisation`, a VCS signatory of
  the same compact that is a party to nothing in the world;
- council_officer: of `world.council`; other_council_officer: of another public body of the
  same compact, party to nothing in the world;
- panel_member: sits on the panel of the world's dispute case (tests/access/disputes.py);
- board_member: a seat on the compact's board this year; superuser.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "vcs_member",
    "vcs_admin",
    "other_vcs_member",
    "other_vcs_admin",
    "council_officer",
    "other_council_officer",
    "panel_member",
    "board_member",
    "superuser",
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
BOARD = frozenset({"board_member", "superuser"})
OWN_VCS = frozenset({"vcs_member", "vcs_admin"})
OTHER_VCS = frozenset({"other_vcs_member", "other_vcs_admin"})
VCS_ADMINS = frozenset({"vcs_admin", "other_vcs_admin"})
OFFICER = frozenset({"council_officer"})
OFFICERS = frozenset({"council_officer", "other_council_officer"})
PANEL = frozenset({"panel_member"})
NOBODY = frozenset()

# Refusals. Records of organisations, consultations, cases and responses are not even
# acknowledged to those who may not see them: 404, never 403.
FORBIDDEN = (403,)
NOT_FOUND = (404,)


@dataclass(frozen=True)
class Rule:
    """Who may use a view. `allowed` roles get `ok_status` on GET. Every other signed-in role
    gets `refused` (403 for the roles in `forbidden`, who may know the record exists but may
    not do this); anonymous visitors are sent to sign in (or get 404).

    `post` says whether the view takes POST (a form). Either way a refused role's POST is
    refused as its GET is and changes nothing; an allowed role's POST to a form view is not a
    server error (the form again, or a redirect), and a POST to a view that does not take
    POST is answered like a GET (or 405) and changes nothing."""

    allowed: frozenset
    kwargs: Callable = field(default=lambda world: {})
    ok_status: tuple = (200,)
    post: bool = False
    refused: tuple = (403, 404)
    forbidden: frozenset = frozenset()

    def __post_init__(self):
        unknown = (self.allowed | self.forbidden) - EVERYONE
        assert not unknown, f"Unknown roles {sorted(unknown)}"
        assert not self.allowed & self.forbidden, "A role is either allowed or forbidden"

    def refusal_for(self, role) -> tuple:
        return FORBIDDEN if role in self.forbidden else self.refused


class World:
    """Objects the URLs point at, made once per test by the matrix."""
