"""Deadlines the signatories app makes due: Compact champions to name and train again, and
board terms of office coming to an end."""

from django.db.models import Min

from compact_portal.deadlines import Deadline, itself, provider, through, url_maker
from compact_portal.workdays import format_date

from . import governance
from .models import BoardMembership, Champion, ChampionTraining, Organisation, Signature

# The compacts' rules: a change to one works out again the deadlines that read it.
TimelineRules = Organisation._meta.get_field("compact").related_model._meta.get_field("timeline_rules").related_model


def _organisations_of_compact(rules) -> list[int]:
    return list(Organisation.objects.signatories().filter(compact_id=rules.compact_id).values_list("pk", flat=True))


def _organisation_of_training(training) -> list[int]:
    return list(Champion.objects.filter(pk=training.champion_id).values_list("organisation_id", flat=True))


@provider(
    "organisation",
    feeds={
        Organisation: itself,
        Champion: through("organisation_id"),
        ChampionTraining: _organisation_of_training,
        Signature: through("organisation_id"),
        TimelineRules: _organisations_of_compact,
    },
)
def champions_due(ids):
    """Wiltshire: "Appoint and train a Compact champion in each organisation". For each
    signatory, each champion's training lapsing (the compact's rule, or the portal's default),
    and a champion to name and train where none has been trained. Its admins and champions
    are reminded."""
    # Plain values, not model instances: there is one of these for every signatory.
    signed = Organisation.objects.signatories().values_list("pk", "slug", "name", "compact_id")
    if ids is not None:
        signed = signed.filter(pk__in=list(ids))
    signed = {row[0]: row for row in signed.iterator(chunk_size=2000)}
    if not signed:
        return
    chosen = list(signed) if ids is not None else None
    champions = Champion.objects.filter(organisation__status=Organisation.Status.SIGNED)
    trainings = ChampionTraining.objects.filter(champion__organisation__status=Organisation.Status.SIGNED)
    first_signed = Signature.objects.values("organisation_id").annotate(first=Min("signed_on"))
    if chosen is not None:
        champions = champions.filter(organisation_id__in=chosen)
        trainings = trainings.filter(champion__organisation_id__in=chosen)
        first_signed = first_signed.filter(organisation_id__in=chosen)
    latest: dict[int, object] = {}
    for champion_id, trained_on in trainings.values_list("champion_id", "trained_on").iterator(chunk_size=2000):
        if champion_id not in latest or trained_on > latest[champion_id]:
            latest[champion_id] = trained_on
    named: dict[int, list] = {}
    for row in champions.values_list("pk", "organisation_id", "department", "user__full_name", "user__email"):
        named.setdefault(row[1], []).append(row)
    months = governance.training_months_by_compact({row[3] for row in signed.values()})
    champion_url = url_maker("signatories:champion")
    for pk, slug, name, compact_id, *_ in signed.values():
        if pk not in named:
            continue
        for champion_id, _, department, full_name, email in named[pk]:
            trained_on = latest.get(champion_id)
            if trained_on is None:
                continue
            who = ", ".join(part for part in (full_name or email, department) if part)
            yield Deadline(
                kind="champion_training",
                due_on=governance.training_lapses_on(trained_on, months[compact_id]),
                title=f"Compact champion training for {name} lapses ({who})",
                url=champion_url(slug),
                compact_id=compact_id,
                organisation_ids=(pk,),
                key=f"organisation:{pk}:champion:{champion_id}:{trained_on.isoformat()}",
                source=f"organisation:{pk}",
            )
    trained = {row[1] for rows in named.values() for row in rows if row[0] in latest}
    for organisation_id, first in first_signed.values_list("organisation_id", "first"):
        if organisation_id in trained or organisation_id not in signed or first is None:
            continue
        pk, slug, name, compact_id = signed[organisation_id]
        yield Deadline(
            kind="champion_missing",
            due_on=governance.champion_due_on(first),
            title=f"{name} to name and train a Compact champion",
            url=champion_url(slug),
            compact_id=compact_id,
            organisation_ids=(pk,),
            notify_board=False,
            key=f"organisation:{pk}:champion-missing",
            source=f"organisation:{pk}",
        )


def _seats_of_compact(rules) -> list[int]:
    return list(
        BoardMembership.objects.filter(compact_id=rules.compact_id, term_ends_on__isnull=False).values_list(
            "pk", flat=True
        )
    )


@provider("board-seat", feeds={BoardMembership: itself, TimelineRules: _seats_of_compact})
def board_terms_ending(ids):
    """A seat's term of office coming to an end: the board (the seat holder among it) is told
    the compact's number of weeks before it ends (or the portal's default), to reappoint or
    fill the seat in time."""
    seats = BoardMembership.objects.filter(term_ends_on__isnull=False).select_related("user")
    if ids is not None:
        seats = seats.filter(pk__in=list(ids))
    seats = list(seats)
    weeks = governance.term_reminder_weeks_by_compact({seat.compact_id for seat in seats})
    board_url = url_maker("admin:signatories_boardmembership_change")
    for seat in seats:
        yield Deadline(
            kind="board_term_ends",
            due_on=governance.term_reminder_due_on(seat.term_ends_on, weeks[seat.compact_id]),
            title=f"{seat.user}'s term as {seat.role_in_words.lower()} of the board ends on "
            f"{format_date(seat.term_ends_on)}: reappoint or fill the seat",
            url=board_url(seat.pk),
            compact_id=seat.compact_id,
            notify_board=True,
            key=f"board-seat:{seat.pk}:term-ends:{seat.term_ends_on.isoformat()}",
            source=f"board-seat:{seat.pk}",
            shows_until=seat.term_ends_on,
        )
