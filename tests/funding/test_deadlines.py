from datetime import date
from decimal import Decimal

from compact_portal import deadlines
from funding.models import GrantRound


def test_an_open_round_makes_its_closing_and_decisions_due(compact, council):
    grant_round = GrantRound.objects.create(
        compact=compact,
        funder=council,
        title="Chest",
        status=GrantRound.Status.OPEN,
        opens_on=date(2026, 2, 2),
        closes_on=date(2026, 4, 27),
        amount_available=Decimal("1000"),
    )
    found = {d.key: d for d in deadlines.walk(date(2026, 3, 1))}
    assert found[f"grant_round:{grant_round.pk}:closes"].due_on == date(2026, 4, 27)
    assert found[f"grant_round:{grant_round.pk}:decisions"].due_on == date(2026, 5, 25)
    assert found[f"grant_round:{grant_round.pk}:closes"].organisation_ids == (council.pk,)
