"""The staged procedure as one table: what can be done to a case, at which stage, by whom, and
the guards that say why not. The refusal text is what the user sees.

Stafford Conflict Resolution Procedure (DOMAIN.md, "Disputes"): informal, stage 1, stage 2,
stage 3; a case goes to the next stage only when the current one has not produced an outcome
both parties agree. Moving on, closing, and the stage-bound steps in between (the
respondent's response, convening the panel, the hearing) are all listed in `ACTIONS`; closing
with a particular outcome has its own rules in `CLOSINGS`. Views ask `refusal()` to decide what
to show; services ask it again before they write.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from compact_portal import workdays
from undertakings.procedure import ProcedureRules

from . import permissions
from .models import OPEN_STAGES, Outcome, Stage

# How the stages read inside a sentence.
IN_A_SENTENCE = {
    Stage.INFORMAL: "the informal stage",
    Stage.STAGE_1: "stage 1",
    Stage.STAGE_2: "stage 2",
    Stage.STAGE_3: "stage 3",
    Stage.CLOSED: "closed",
}

PARTY, COMPLAINANT, RESPONDENT, PANEL, BOARD, RESOLUTION_GROUP = (
    "party",
    "complainant",
    "respondent",
    "panel",
    "board",
    "resolution_group",
)

# Who may act, and how they are named when someone else tries.
ACTORS: dict[str, tuple[Callable, str]] = {
    PARTY: (permissions.can_act_as_party, "the organisations in the case"),
    COMPLAINANT: (permissions.is_complainant, "the organisation that raised the concern"),
    RESPONDENT: (permissions.is_respondent, "the organisation the concern is about"),
    PANEL: (permissions.is_panel_member, "the members of the panel"),
    BOARD: (permissions.can_convene_panel, "the Compact board"),
    RESOLUTION_GROUP: (permissions.is_resolution_group_member, "members of the resolution group"),
}


# Guards: each takes the case and today's date and returns why not, or None.


def acceptances(case, stage=None) -> dict[int, bool]:
    """Each party's answer (organisation id: accepts?) for the outcome of `stage`."""
    stage = stage or case.stage
    return {a.organisation_id: a.accepts for a in case.acceptances.all() if a.stage == stage}


def both_parties_accept(case, today=None) -> bool:
    answers = acceptances(case)
    return answers.get(case.complainant_id) is True and answers.get(case.respondent_id) is True


def outcome_not_agreed(case, today=None) -> str | None:
    """Stafford: a case moves on only when the stage has not produced an outcome both accept."""
    stage = IN_A_SENTENCE[case.stage]
    if False in acceptances(case).values():
        return None
    if both_parties_accept(case):
        return (
            f"Both organisations have accepted the outcome of {stage}, so the case cannot move on. "
            "Record the outcome as resolved by agreement instead."
        )
    return (
        f"The case can move on only when {stage} has not produced an outcome both organisations accept. "
        f"First record that your organisation does not accept the outcome of {stage}."
    )


def both_parties_have_accepted(case, today=None) -> str | None:
    if both_parties_accept(case):
        return None
    return (
        f"A case is resolved by agreement only when both organisations have recorded that they accept "
        f"the outcome of {IN_A_SENTENCE[case.stage]}."
    )


def panel_convened(case, today=None) -> str | None:
    if case.panel_or_none() is None:
        return "The Compact board has not convened a panel for this case yet."
    return None


def panel_found_compact_matter(case, today=None) -> str | None:
    panel = case.panel_or_none()
    if panel is None:
        return panel_convened(case)
    if panel.concerns_compact_undertakings is None:
        return "The panel must first decide whether the concern is about Compact undertakings."
    return None


def compact_matter_not_decided(case, today=None) -> str | None:
    panel = case.panel_or_none()
    if panel is None:
        return panel_convened(case)
    if panel.concerns_compact_undertakings is not None:
        return "The panel has already decided whether the concern is about Compact undertakings."
    return None


def hearing_has_taken_place(case, today=None) -> str | None:
    panel = case.panel_or_none()
    hearing = panel.hearing() if panel else None
    if hearing is None:
        return "The panel has not set a date for the hearing yet."
    if not hearing.has_taken_place(today):
        return f"The hearing is on {workdays.format_date(hearing.scheduled_on)}; this can be done after it."
    return None


def hearing_not_yet_held(case, today=None) -> str | None:
    panel = case.panel_or_none()
    hearing = panel.hearing() if panel else None
    if hearing is not None and hearing.has_taken_place(today):
        return "The hearing has taken place, so the panel can no longer be changed."
    return None


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button or link text
    doing: str  # how it reads in a refusal: "Referring the case to the board"
    stages: tuple
    actors: tuple
    guards: tuple = ()
    to_stage: str | None = None  # set for the moves from one stage to the next

    @property
    def url_name(self) -> str:
        return URL_NAMES[self.name]


# Where each action is done in the portal.
URL_NAMES = {
    "escalate": "disputes:escalate",
    "refer": "disputes:refer",
    "signpost": "disputes:signpost",
    "close": "disputes:outcome",
    "accept": "disputes:accept",
    "attach": "disputes:attachment_add",
    "respond": "disputes:respond",
    "convene": "disputes:convene",
    "declare_conflict": "disputes:declare_conflict",
    "choose_chair": "disputes:choose_chair",
    "decide_compact_matter": "disputes:compact_matter",
    "schedule_meeting": "disputes:meeting_add",
    "name_representatives": "disputes:representatives",
}


ACTIONS = {
    action.name: action
    for action in [
        # The moves on. Stafford informal stage and stage 1: either party may take the case on.
        Action(
            "escalate",
            "Move to stage 1: send a formal concern",
            "Moving to stage 1",
            (Stage.INFORMAL,),
            (PARTY,),
            (outcome_not_agreed,),
            to_stage=Stage.STAGE_1,
        ),
        Action(
            "refer",
            "Refer the case to the board (stage 2)",
            "Referring the case to the board",
            (Stage.STAGE_1,),
            (PARTY,),
            (outcome_not_agreed,),
            to_stage=Stage.STAGE_2,
        ),
        # Stafford stage 3: when stage 2 has not resolved it, the panel points the parties to
        # further help.
        Action(
            "signpost",
            "Signpost further help (stage 3)",
            "Signposting further help",
            (Stage.STAGE_2,),
            (PANEL,),
            (panel_found_compact_matter, hearing_has_taken_place, outcome_not_agreed),
            to_stage=Stage.STAGE_3,
        ),
        Action("close", "Record the outcome", "Recording the outcome", OPEN_STAGES, (PARTY, PANEL)),
        # What happens within a stage.
        Action(
            "accept",
            "Say whether your organisation accepts the outcome",
            "Recording whether you accept the outcome",
            OPEN_STAGES,
            (PARTY,),
        ),
        Action("attach", "Add documents", "Adding documents", OPEN_STAGES, (PARTY,)),
        Action(
            "respond",
            "Record your complaints procedure response",
            "Recording the response",
            (Stage.STAGE_1,),
            (RESPONDENT,),
        ),
        # Stafford stage 2: the board convenes a panel of 2 from each sector within 2 weeks.
        Action(
            "convene", "Convene the panel", "Convening the panel", (Stage.STAGE_2,), (BOARD,), (hearing_not_yet_held,)
        ),
        Action(
            "declare_conflict",
            "Declare a conflict of interest",
            "Declaring a conflict of interest",
            (Stage.STAGE_2,),
            (RESOLUTION_GROUP,),
        ),
        Action(
            "choose_chair",
            "Record the panel's chair",
            "Recording the chair",
            (Stage.STAGE_2,),
            (PANEL,),
            (panel_convened,),
        ),
        Action(
            "decide_compact_matter",
            "Decide whether this is a Compact matter",
            "Deciding whether this is a Compact matter",
            (Stage.STAGE_2,),
            (PANEL,),
            (compact_matter_not_decided,),
        ),
        Action(
            "schedule_meeting",
            "Set the hearing or a further meeting",
            "Setting a meeting",
            (Stage.STAGE_2,),
            (PANEL,),
            (panel_found_compact_matter,),
        ),
        Action(
            "name_representatives", "Name your representatives", "Naming representatives", (Stage.STAGE_2,), (PARTY,)
        ),
    ]
}


def _stage_list(stages) -> str:
    names = [IN_A_SENTENCE[s] for s in stages]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def actor_refusal(case, actors, user) -> str | None:
    if any(ACTORS[actor][0](user, case) for actor in actors):
        return None
    return f"Only {' or '.join(ACTORS[a][1] for a in actors)} can do this."


def refusal(case, name: str, user, today: date | None = None) -> str | None:
    """Why `user` may not do action `name` to `case` now, or None if they may."""
    action = ACTIONS[name]
    today = today or workdays.today()
    if case.stage == Stage.CLOSED:
        return "This case is closed."
    refused = actor_refusal(case, action.actors, user)
    if refused:
        return refused
    if case.stage not in action.stages:
        return (
            f"{action.doing} is possible only at {_stage_list(action.stages)}; "
            f"this case is at {IN_A_SENTENCE[case.stage]}."
        )
    for guard in action.guards:
        refused = guard(case, today)
        if refused:
            return refused
    return None


@dataclass(frozen=True)
class Closing:
    outcome: str
    hint: str
    stages: tuple
    actors: tuple
    guards: tuple = ()
    panel_decides: str | None = None  # recorded only under a procedure whose panel decides this way


FINDING, UPHELD = ProcedureRules.PanelDecides.FINDING, ProcedureRules.PanelDecides.UPHELD


# The outcomes the procedure allows, each with who may record it and when.
CLOSINGS = {
    closing.outcome: closing
    for closing in [
        Closing(
            Outcome.RESOLVED_BY_AGREEMENT,
            "Both organisations accept the outcome of this stage.",
            OPEN_STAGES,
            (PARTY, PANEL),
            (both_parties_have_accepted,),
        ),
        Closing(
            Outcome.WITHDRAWN,
            "The organisation that raised the concern no longer wishes to pursue it.",
            OPEN_STAGES,
            (COMPLAINANT,),
        ),
        # Stafford stage 2: the panel found a Compact matter, heard both parties and mediated;
        # what it records is the actions they agreed, never a verdict.
        Closing(
            Outcome.ACTIONS_AGREED,
            "After the hearing, the organisations have agreed actions with the panel: say what they are "
            "in the summary.",
            (Stage.STAGE_2, Stage.STAGE_3),
            (PANEL,),
            (panel_found_compact_matter, hearing_has_taken_place),
            panel_decides=FINDING,
        ),
        Closing(
            Outcome.UPHELD,
            "After the hearing, the panel finds the concern is upheld.",
            (Stage.STAGE_2, Stage.STAGE_3),
            (PANEL,),
            (hearing_has_taken_place,),
            panel_decides=UPHELD,
        ),
        Closing(
            Outcome.PARTLY_UPHELD,
            "After the hearing, the panel finds the concern is upheld in part.",
            (Stage.STAGE_2, Stage.STAGE_3),
            (PANEL,),
            (hearing_has_taken_place,),
            panel_decides=UPHELD,
        ),
        Closing(
            Outcome.NOT_UPHELD,
            "After the hearing, the panel finds the concern is not upheld.",
            (Stage.STAGE_2, Stage.STAGE_3),
            (PANEL,),
            (hearing_has_taken_place,),
            panel_decides=UPHELD,
        ),
        Closing(
            Outcome.REFERRED_ON,
            "The parties have been referred to national advocacy or mediation.",
            (Stage.STAGE_3,),
            (PARTY, PANEL),
        ),
        # Recorded only through the panel's decision that the concern is not about the Compact.
        Closing(
            Outcome.NOT_COMPACT_MATTER,
            "The panel finds the concern is not about Compact undertakings.",
            (Stage.STAGE_2,),
            (PANEL,),
            (compact_matter_not_decided,),
        ),
    ]
}
FORM_OUTCOMES = [o for o in CLOSINGS if o != Outcome.NOT_COMPACT_MATTER]


def outcomes_under(procedure) -> list[str]:
    """The outcomes a case of this compact can close with, in the order the form offers them."""
    return [o for o in CLOSINGS if CLOSINGS[o].panel_decides in (None, procedure.panel_decides)]


def form_outcomes(case) -> list[str]:
    """The outcomes the case's outcome form offers: those of its compact's procedure."""
    return [o for o in outcomes_under(case.procedure) if o in FORM_OUTCOMES]


def closing_refusal(case, outcome: str, user, today: date | None = None) -> str | None:
    """Why `user` may not close `case` with `outcome` now, or None if they may."""
    closing = CLOSINGS.get(outcome)
    if closing is None:
        return "Choose an outcome."
    today = today or workdays.today()
    if case.stage == Stage.CLOSED:
        return "This case is closed."
    label = Outcome(outcome).label.lower()
    if closing.panel_decides not in (None, case.procedure.panel_decides):
        return (
            f"Under {case.compact.the_name}'s procedure the panel does not record a case as {label}. "
            "Choose one of the outcomes offered."
        )
    refused = actor_refusal(case, closing.actors, user)
    if refused:
        return refused.replace("can do this", f"can record the case as {label}")
    if case.stage not in closing.stages:
        return (
            f"A case can be recorded as {label} only at {_stage_list(closing.stages)}; "
            f"this case is at {IN_A_SENTENCE[case.stage]}."
        )
    for guard in closing.guards:
        refused = guard(case, today)
        if refused:
            return refused
    return None


def next_steps(case, user, today: date | None = None) -> list[tuple[Action, str | None]]:
    """The actions of the case's current stage this person could take, each with its refusal
    (None when they may go ahead), for the case page."""
    if case.stage == Stage.CLOSED:
        return []
    steps = []
    for action in ACTIONS.values():
        if case.stage not in action.stages or actor_refusal(case, action.actors, user):
            continue
        steps.append((action, refusal(case, action.name, user, today)))
    return steps
