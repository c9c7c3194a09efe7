from datetime import date
from decimal import Decimal

from django.utils import timezone

from funding import selectors
from funding.models import GrantApplication, GrantRound
from tests import factories


def _round(compact, council, **changes):
    fields = {
        "compact": compact,
        "funder": council,
        "title": "Chest",
        "status": GrantRound.Status.DECIDED,
        "opens_on": date(2026, 2, 2),
        "closes_on": date(2026, 4, 27),
        "amount_available": Decimal("50000"),
        "grants_start_on": date(2026, 6, 1),
        "grants_end_on": date(2027, 5, 31),
        "decided_at": timezone.now(),
    }
    fields.update(changes)
    return GrantRound.objects.create(**fields)


def test_the_funding_chapter_counts_rounds_awards_and_the_share_to_equality_led_organisations(compact, council):
    grant_round = _round(compact, council)
    _round(compact, council, title="Quick", closes_on=date(2026, 3, 2), short_lead_in_reason="Match funding.")
    for n in range(6):
        organisation = factories.OrganisationFactory(compact=compact, led_by_bme_communities=n < 2)
        GrantApplication.objects.create(
            grant_round=grant_round,
            organisation=organisation,
            project_title="P",
            project_summary="S",
            amount_requested=1000,
            outcome="awarded",
            reasons="R",
            amount_awarded=Decimal("1000"),
            decided_on=date(2026, 5, 20),
        )
    facts = selectors.annual_facts(compact, 2026)
    assert (facts["round_count"], facts["lead_in_kept"], facts["lead_in_short"]) == (2, 1, 1)
    assert facts["award_count"] == 6 and facts["award_amount"] == Decimal("6000")
    bme = facts["equality"][0]
    assert (bme["count"], bme["share"]) == (2, 33)

    public = selectors.annual_facts(compact, 2026, public=True)
    assert public["award_count"] == 6
    assert (public["equality"][0]["count"], public["equality"][0]["share"]) == (None, None)
    assert public["equality"][1]["count"] == 0  # none is not a small count: nobody to identify
