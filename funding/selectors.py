"""Reads of grant rounds and applications shared by pages, open data and the annual review."""

from django.db.models import Count, Prefetch, Q, Sum

from compact_portal import figures, workdays
from consultations.models import FundingAgreement
from signatories.models import Organisation

from . import rules
from .models import EndingNotice, GrantApplication, GrantRound

Status = GrantRound.Status

# Counts under this are not shown in the public annual review: a group of one to four can
# identify the organisations in it (compact_portal.figures holds the rule for every chapter).
SMALL_COUNT = figures.SMALL_COUNT


def published_awards():
    return (
        GrantApplication.objects.filter(grant_round__status=Status.DECIDED, outcome=GrantApplication.Outcome.AWARDED)
        .select_related("grant_round__funder", "organisation")
        .order_by("-decided_on", "pk")
    )


def public_rounds(which: str = "open", today=None):
    today = today or workdays.today()
    rounds = GrantRound.objects.exclude(status=Status.DRAFT).select_related("funder")
    if which == "open":
        return rounds.filter(status=Status.OPEN, closes_on__gte=today).order_by("closes_on", "title")
    return rounds.filter(Q(status__in=(Status.CLOSED, Status.DECIDED)) | Q(closes_on__lt=today)).order_by(
        "-closes_on", "title"
    )


def round_for_page(pk):
    awards = GrantApplication.objects.filter(outcome=GrantApplication.Outcome.AWARDED).select_related("organisation")
    return (
        GrantRound.objects.select_related("compact", "funder")
        .prefetch_related(Prefetch("applications", awards, to_attr="awards"))
        .filter(pk=pk)
        .first()
    )


def round_for_management(pk):
    return (
        GrantRound.objects.select_related("compact", "funder")
        .prefetch_related(Prefetch("applications", GrantApplication.objects.select_related("organisation")))
        .filter(pk=pk)
        .first()
    )


def application_for_page(pk):
    return (
        GrantApplication.objects.select_related(
            "grant_round__compact", "grant_round__funder", "organisation", "agreement"
        )
        .filter(pk=pk)
        .first()
    )


def rounds_of(organisations):
    return GrantRound.objects.filter(funder__in=organisations).select_related("funder").order_by("-created_at", "-pk")


def applications_of(organisations):
    return (
        GrantApplication.objects.filter(organisation__in=organisations)
        .select_related("grant_round__funder", "organisation")
        .order_by("-submitted_at", "-pk")
    )


def _shown(count: int, public: bool):
    """A count as the report shows it: under SMALL_COUNT is withheld in the public version."""
    return figures.shown(count, public)


def annual_facts(compact, year: int, *, public: bool = False) -> dict:
    """The annual review's funding chapter: rounds, awards, the lead-in kept or not, agreements
    ended and how, and the share of awards reaching equality-led organisations (Stafford's BME
    code; West Cheshire section 4). In the public version counts from 1 to 4 are None."""
    timeline_rules = compact.rules
    rounds = list(
        GrantRound.objects.filter(compact=compact, opens_on__year=year)
        .exclude(status=Status.DRAFT)
        .annotate(applied=Count("applications"))
        .select_related("funder")
        .order_by("opens_on", "pk")
    )
    kept = sum(1 for r in rounds if rules.keeps_lead_in(r.opens_on, r.closes_on, timeline_rules))
    awards = GrantApplication.objects.filter(
        grant_round__compact=compact,
        grant_round__status=Status.DECIDED,
        outcome=GrantApplication.Outcome.AWARDED,
        decided_on__year=year,
    )
    total = awards.aggregate(n=Count("pk"), amount=Sum("amount_awarded"))
    equality = []
    for field, label in Organisation.EQUALITY_LED:
        group = awards.filter(**{f"organisation__{field}": True}).aggregate(n=Count("pk"), amount=Sum("amount_awarded"))
        amount = group["amount"] or 0
        share = round(100 * amount / total["amount"]) if total["amount"] else 0
        equality.append(
            {
                "label": label,
                "count": _shown(group["n"], public),
                "amount": amount if _shown(group["n"], public) is not None else None,
                "share": share if _shown(group["n"], public) is not None else None,
            }
        )
    agreements = FundingAgreement.objects.filter(funder__compact=compact)
    ended_at_term = agreements.filter(ends_on__year=year).exclude(ending_notice__isnull=False).count()
    ended_for_performance = EndingNotice.objects.filter(
        agreement__funder__compact=compact, notice_ends_on__year=year
    ).count()
    ended_by_consultation = (
        agreements.filter(consultations__decision__notice_ends_on__year=year, consultations__kind="funding_reduction")
        .distinct()
        .count()
    )
    return {
        "rounds": rounds,
        "round_count": len(rounds),
        "lead_in_kept": kept,
        "lead_in_short": len(rounds) - kept,
        "award_count": _shown(total["n"], public),
        "award_amount": total["amount"] or 0,
        "equality": equality,
        "ended_rows": [
            ("At the end of their term", _shown(ended_at_term, public)),
            ("For performance, after an improvement plan", _shown(ended_for_performance, public)),
            ("After a consultation on reducing funding", _shown(ended_by_consultation, public)),
        ],
        "suppressed_below": SMALL_COUNT if public else None,
    }
