"""The access table: every URL of the portal's own views, and which roles may use it.

A new view fails tests/test_access_matrix.py until its URL name is listed in one of the
per-app modules here, with the roles that may GET it. Roles: anonymous, vcs_member, vcs_admin,
council_officer, board_member, superuser (see tests/conftest.py). The VCS member and admin
belong to `world.vcs_organisation`; the council officer to `world.council`.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "vcs_member", "vcs_admin", "council_officer", "board_member", "superuser")
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
BOARD = frozenset({"board_member", "superuser"})


@dataclass
class Rule:
    allowed: frozenset
    kwargs: Callable = field(default=lambda world: {})
    ok_status: tuple = (200,)


class World:
    """Objects the URLs point at, made once per test by the matrix."""
