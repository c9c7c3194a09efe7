"""The board as a compact constitutes it, and its Compact champions: each rule in one place.

How long a champion's training lasts and how long before a term of office ends the board is
reminded are per-compact rules (undertakings.TimelineRules); no seed Compact states either, so
a compact that has not set them reads the portal's defaults here, marked as such in the admin.
The deadline providers (signatories.deadlines), the board's queue and the pages ask these."""

from datetime import date

from django.db.models import Exists, OuterRef, Q

from compact_portal import workdays

# The portal's defaults: no Compact states them. Wiltshire asks each organisation to "appoint
# and train a Compact champion"; the portal reads training as lasting a year.
CHAMPION_TRAINING_MONTHS = 12
BOARD_TERM_REMINDER_WEEKS = 8
# A signatory is asked to name its champion within this many months of signing (portal's own).
CHAMPION_NAMED_WITHIN_MONTHS = 3


def _rules_by_compact(field: str, compact_ids=None) -> dict[int, int | None]:
    from .models import Organisation

    compacts = Organisation._meta.get_field("compact").related_model.objects.all()
    if compact_ids is not None:
        compacts = compacts.filter(pk__in=list(compact_ids))
    return dict(compacts.values_list("pk", f"timeline_rules__{field}"))


def training_months_by_compact(compact_ids=None) -> dict[int, int]:
    """How many months a champion's training lasts in each compact (the rule or the default)."""
    found = _rules_by_compact("champion_training_months", compact_ids)
    return {pk: months or CHAMPION_TRAINING_MONTHS for pk, months in found.items()}


def term_reminder_weeks_by_compact(compact_ids=None) -> dict[int, int]:
    found = _rules_by_compact("board_term_reminder_weeks", compact_ids)
    return {pk: weeks or BOARD_TERM_REMINDER_WEEKS for pk, weeks in found.items()}


def training_lapses_on(trained_on: date, months: int) -> date:
    """The day a champion's training lapses: `months` after it, when a refresher is due."""
    return workdays.add_months(trained_on, months)


def champion_due_on(signed_on: date) -> date:
    """By when a signatory with no champion should name one."""
    return workdays.add_months(signed_on, CHAMPION_NAMED_WITHIN_MONTHS)


def term_reminder_due_on(term_ends_on: date, weeks: int) -> date:
    """When the board should have settled who holds a seat next: `weeks` before the term ends.
    Reminders fall due from this day (14 days and 3 days before it, and on it)."""
    return workdays.add_weeks(term_ends_on, -weeks)


def has_trained_champion(today: date, months_by_compact: dict[int, int]):
    """A condition on organisations: one of its champions was trained within its compact's
    training period up to `today`."""
    from .models import ChampionTraining

    condition = Q()
    for compact_id, months in months_by_compact.items():
        current = ChampionTraining.objects.filter(
            champion__organisation=OuterRef("pk"), trained_on__gt=workdays.add_months(today, -months)
        )
        condition |= Q(compact_id=compact_id) & Q(Exists(current))
    return condition


def without_trained_champion(organisations, today: date, compact_ids=None):
    """Of these organisations, those with no champion named, or whose champions' training has
    lapsed or never happened: listed on the board's queue, their admins reminded."""
    months = training_months_by_compact(compact_ids)
    if not months:
        return organisations.none()
    return organisations.exclude(has_trained_champion(today, months))
