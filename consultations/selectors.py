"""Reads of consultations used by several pages, with their queries designed, and the counts
the board's annual review takes from this app."""

from datetime import date

from django.db.models import Count, Prefetch, Q, Sum

from compact_portal import workdays
from signatories.models import Organisation

from . import compliance, rules
from .lifecycle import missing_consents
from .models import Consultation, ConsultationResponse, Decision, FundingAgreement, PaymentSchedule

Status = Consultation.Status
PAST = [Status.CLOSED, Status.FEEDBACK_PUBLISHED, Status.DECIDED, Status.NOTICE_PERIOD, Status.COMPLETED]


def public_consultations(*, which: str = "open", query: str = ""):
    """Launched consultations for the public list: "open" or "past"; never drafts."""
    found = Consultation.objects.filter(status__in=[Status.OPEN] if which == "open" else PAST)
    for word in query.replace("\x00", " ").split():  # PostgreSQL refuses a null byte in a query
        found = found.filter(Q(title__icontains=word) | Q(proposal__icontains=word) | Q(owner__name__icontains=word))
    order = ["closes_on", "title"] if which == "open" else ["-closes_on", "title"]
    return found.select_related("owner", "compact").order_by(*order)


def launched(pk: int):
    """The consultation with its consulting body if it has been launched (so is public), else None."""
    return Consultation.objects.exclude(status=Status.DRAFT).select_related("owner").filter(pk=pk).first()


def consultation_for_page(pk: int):
    """A consultation with what the public and VCS pages show (for_page), with its compact's
    timeline rules; None if there is none. Who may see it is for the caller to decide."""
    consultation = for_page(pk).first()
    if consultation is not None:
        rules.rules_for(consultation)  # the compact's timeline rules, kept with the record
    return consultation


def for_page(pk: int):
    """A consultation with what its pages show, in a fixed number of queries."""
    return (
        Consultation.objects.select_related(
            "compact", "owner", "created_by", "impact_assessment", "feedback", "decision"
        )
        .prefetch_related(
            Prefetch("affected_organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch("affected_agreements", queryset=FundingAgreement.objects.select_related("recipient")),
            "consents__organisation",
            "participations__organisation",
        )
        .filter(pk=pk)
    )


def owned_by(organisations):
    """The consultations of these public bodies, drafts included, newest first."""
    return (
        Consultation.objects.filter(owner__in=organisations)
        .select_related("owner")
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("-created_at", "-pk")
    )


def affecting(organisations):
    """Launched consultations naming these VCS organisations (or their ids) as affected."""
    named = Consultation.affected_organisations.through.objects.filter(organisation__in=organisations)
    return (
        Consultation.objects.filter(pk__in=named.values("consultation_id"))
        .exclude(status=Status.DRAFT)
        .select_related("owner")
        .order_by("-opens_on", "-pk")
    )


def responses_of(organisations):
    return (
        ConsultationResponse.objects.filter(organisation__in=organisations)
        .select_related("consultation", "organisation")
        .order_by("-submitted_at", "-pk")
    )


def agreements_of(organisations):
    return (
        FundingAgreement.objects.filter(Q(funder__in=organisations) | Q(recipient__in=organisations))
        .select_related("funder", "recipient")
        .order_by("ends_on", "pk")
    )


def compliance_flags(compact, year: int) -> list[tuple[Consultation, compliance.Flag]]:
    """Every departure from the Compact dated in `year`, with its consultation."""
    timeline_rules, holiday_periods = compact.rules, compact.consultation_holiday_periods()
    candidates = (
        Consultation.objects.filter(compact=compact)
        .exclude(status=Status.DRAFT)
        .filter(Q(opens_on__year=year) | Q(closes_on__year=year) | Q(decision__decided_on__year=year))
        .select_related("compact", "owner", "impact_assessment", "feedback", "decision")
        .prefetch_related(
            "affected_organisations",
            "consents__organisation",
            "participations",
            "planned_entries",
            "owner__planned_consultations",
        )
        .order_by("opens_on", "pk")
    )
    return [
        (consultation, flag)
        for consultation in candidates
        for flag in compliance.flags(consultation, timeline_rules, holiday_periods)
        if flag.dated_on.year == year
    ]


def compliance_summary(compact, year: int) -> dict:
    """Counts for the annual review: consultations opened in `year`, and each kind of departure
    from the Compact dated in `year` (see compliance.LABELS for what each code means).

        {"year": 2026, "consultations_opened": 4, "total_flags": 1,
         "flags": {"period_shortened_without_consent": 1, "period_below_minimum": 0, ...}}
    """
    counts = dict.fromkeys(compliance.LABELS, 0)
    for _, flag in compliance_flags(compact, year):
        counts[flag.code] += 1
    opened = Consultation.objects.filter(compact=compact, opens_on__year=year).exclude(status=Status.DRAFT).count()
    return {"year": year, "consultations_opened": opened, "total_flags": sum(counts.values()), "flags": counts}


def _by_body(rows: list[dict]) -> list[dict]:
    """The consultations opened in the year counted by public body: what a published report
    shows (the consultations list online has each one)."""
    bodies: dict[str, dict] = {}
    for row in rows:
        name = row["consultation"].owner.name
        found = bodies.setdefault(
            name, {"body": name, "opened": 0, "standard": 0, "agreed": 0, "not_agreed": 0, "below_minimum": 0}
        )
        found["opened"] += 1
        if row["below_minimum"]:
            found["below_minimum"] += 1
        elif row["shortened"]:
            found["agreed" if row["consented"] else "not_agreed"] += 1
        else:
            found["standard"] += 1
    return sorted(bodies.values(), key=lambda b: b["body"])


def _funding_by_body(decisions) -> list[dict]:
    """Decisions on funding counted by public body and outcome (in Decision.Outcome's order)."""
    outcomes = [value for value, _ in Decision.Outcome.choices]
    bodies: dict[str, list[int]] = {}
    for decision in decisions:
        counts = bodies.setdefault(decision.consultation.owner.name, [0] * len(outcomes))
        counts[outcomes.index(decision.outcome)] += 1
    return [{"body": body, "counts": counts} for body, counts in sorted(bodies.items())]


def annual_facts(compact, year: int, today: date) -> dict:
    """Consultations opened in the year against the Compact's standard period, shortened ones
    with their published reasons, formal notice given after decisions in the year, and
    funding changes. The rules are the consultations app's (its `rules`, `lifecycle` and
    `compliance` modules); nothing is re-derived here."""
    timeline_rules = compact.rules
    summary = compliance_summary(compact, year)
    opened = (
        Consultation.objects.filter(compact=compact, opens_on__year=year, closes_on__isnull=False)
        .exclude(status=Consultation.Status.DRAFT)
        .select_related("owner")
        .prefetch_related("consents__organisation", "affected_organisations")
        .order_by("opens_on", "pk")
    )
    rows = []
    for c in opened:
        shortened = rules.is_shortened(c.opens_on, c.closes_on, timeline_rules)
        rows.append(
            {
                "consultation": c,
                "weeks": round(workdays.weeks_between(c.opens_on, c.closes_on), 1),
                "shortened": shortened,
                "below_minimum": rules.is_below_minimum(c.opens_on, c.closes_on, timeline_rules),
                "consented": shortened and not missing_consents(c),
                # Agreement the consulting body recorded for an organisation, with its reason.
                "on_behalf": [
                    consent for consent in c.consents.all() if shortened and consent.is_agreed and consent.on_behalf
                ],
            }
        )
    decisions = (
        Decision.objects.filter(consultation__compact=compact, decided_on__year=year)
        .select_related("consultation__owner")
        .order_by("decided_on")
    )
    notices, funding_changes = [], []
    for decision in decisions:
        consultation = decision.consultation
        terms = rules.notice_terms(consultation.kind, timeline_rules)
        if consultation.is_funding_change:
            funding_changes.append(decision)
        if decision.proceeds and terms and decision.notice_starts_on and decision.notice_ends_on:
            notices.append(
                {
                    "decision": decision,
                    "minimum": terms.describe(terms.minimum),
                    "kept": not terms.is_under_minimum(decision.notice_starts_on, decision.notice_ends_on),
                    "ideal": not terms.is_under_ideal(decision.notice_starts_on, decision.notice_ends_on),
                }
            )
    agreements = FundingAgreement.objects.filter(funder__compact=compact)
    started = agreements.filter(starts_on__year=year)
    payments = PaymentSchedule.objects.filter(agreement__in=agreements, due_on__year=year, due_on__lte=today)
    started_list = list(started.select_related("funder", "recipient"))
    return {
        "standard_weeks": timeline_rules.consultation_weeks,
        "minimum_weeks": timeline_rules.minimum_consultation_weeks,
        "opened": summary["consultations_opened"],
        "rows": rows,
        "by_body": _by_body(rows),
        "at_standard": sum(1 for r in rows if not r.get("shortened")),
        "shortened": [r for r in rows if r["shortened"]],
        "notices": notices,
        "notices_kept": sum(1 for n in notices if n["kept"]),
        "notices_short": [n for n in notices if not n["kept"]],
        "outcome_labels": [label for _, label in Decision.Outcome.choices],
        "funding_by_body": _funding_by_body(funding_changes),
        "flags": [(compliance.LABELS[code], count) for code, count in summary["flags"].items()],
        "total_flags": summary["total_flags"],
        "funding_changes": funding_changes,
        "agreements_started": len(started_list),
        "agreements_started_amount": started.aggregate(total=Sum("amount"))["total"] or 0,
        "agreements_three_year": sum(1 for a in started_list if a.is_three_year),
        "agreements_in_advance": sum(
            1 for a in started_list if a.payment_timing == FundingAgreement.PaymentTiming.ADVANCE
        ),
        "payments_due": payments.count(),
        "payments_late": payments.late(today).count(),
    }


def open_questions(organisation_ids) -> list:
    """What the consulting bodies have asked these organisations and they have not yet
    answered: a shorter period (while the consultation is a draft) and taking part in the joint
    impact assessment (until feedback is published)."""
    from .models import ImpactAssessmentParticipation, ShortenedPeriodConsent

    Status = Consultation.Status
    asked = {"organisation_id__in": organisation_ids, "answer": "asked"}
    related = ("organisation", "consultation__owner")
    return [
        *ShortenedPeriodConsent.objects.filter(consultation__status=Status.DRAFT, **asked).select_related(*related),
        *ImpactAssessmentParticipation.objects.filter(
            consultation__status__in=(Status.DRAFT, Status.OPEN, Status.CLOSED), **asked
        ).select_related(*related),
    ]


QUESTION_WORDS = {
    "shorter-period": "A shorter consultation period",
    "impact-assessment": "Taking part in the joint impact assessment",
}


def waiting_questions(organisation_ids) -> list:
    """`open_questions` as signatories lists them on "Your organisations" (registered in
    ConsultationsConfig.ready: signatories does not import this app)."""
    from django.urls import reverse

    from signatories.questions import WaitingQuestion

    return [
        WaitingQuestion(
            organisation_id=asked.organisation_id,
            organisation_name=asked.organisation.name,
            question=f"{QUESTION_WORDS[asked.question_slug]}: {asked.consultation.title}",
            url=reverse("consultations:answer", args=[asked.question_slug, asked.pk]),
            asked_by=asked.consultation.owner.name,
            asked_at=asked.asked_at,
        )
        for asked in open_questions(organisation_ids)
    ]
