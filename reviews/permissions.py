"""Who may fill in, submit and read a self-assessment. The board's pages ask
`signatories.permissions.is_board_member`."""

from signatories import permissions

# Who may do what -------------------------------------------------------------------------


def can_fill_in(user, organisation) -> bool:
    """Any member of the organisation may answer and save a draft."""
    return permissions.is_member(user, organisation)


def can_submit(user, organisation) -> bool:
    """Submitting is the organisation's statement to the board, like signing: admins only."""
    return permissions.is_organisation_admin(user, organisation)


def can_read_assessment(user, organisation) -> bool:
    return permissions.is_member(user, organisation) or permissions.is_board_member(user, organisation.compact)


def can_answer_survey(user, organisation) -> bool:
    """The survey answer is the organisation's view, given once: its admins answer it."""
    return permissions.is_organisation_admin(user, organisation)
