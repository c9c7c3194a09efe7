"""Fixtures for consultations: a fixed clock, a council with an officer, an affected VCS
organisation, and helpers that take a consultation through its lifecycle by the services."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from compact_portal import workdays
from compact_portal.workdays import LONDON
from consultations import rules, services
from consultations.models import Decision, ImpactAssessmentParticipation
from signatories.models import Membership
from tests import factories as base

from .factories import ConsultationFactory, FundingAgreementFactory

# Monday 2 February 2026: 12 weeks ends on Monday 27 April, 8 weeks on Monday 30 March; no
# bank holiday or holiday period in between.
OPENS_ON = date(2026, 2, 2)
STANDARD_CLOSES_ON = date(2026, 4, 27)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def clock():
    """The clock, stopped at 10:00 on 2 February 2026; `clock.move_to(at(day))` moves it."""
    with time_machine.travel(at(OPENS_ON), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _clock(clock):
    return clock


@pytest.fixture
def officer(council_officer):
    return council_officer


@pytest.fixture
def other_council(compact):
    return base.PublicBodyFactory(compact=compact, name="Neighbouring District Council")


@pytest.fixture
def other_officer(other_council):
    return base.MembershipFactory(organisation=other_council, role=Membership.Role.ADMIN).user


@pytest.fixture
def second_officer(council):
    return base.MembershipFactory(organisation=council, role=Membership.Role.MEMBER).user


@pytest.fixture
def agreement(council, vcs_organisation):
    return FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Community transport")


@pytest.fixture
def draft(council, vcs_organisation, officer):
    return ConsultationFactory(owner=council, created_by=officer, affected=[vcs_organisation])


def reload(consultation):
    return type(consultation).objects.get(pk=consultation.pk)


def launch(consultation, by):
    return services.transition(consultation=consultation, name="launch", version=None, by=by)


def close(consultation, by, clock):
    clock.move_to(at(reload(consultation).closes_on + timedelta(days=1)))
    return services.transition(consultation=reload(consultation), name="close", version=None, by=by)


def complete_assessment(consultation, by, completed_on=None):
    """An affected organisation agrees to take part (as its admin would), then the officer
    completes the assessment."""
    organisation = reload(consultation).affected_organisations.order_by("name").first()
    ImpactAssessmentParticipation.objects.get_or_create(
        consultation=consultation,
        organisation=organisation,
        defaults={
            "answer": "agreed",
            "representative": "Asha Patel, Chief executive",
            "given_by": "Asha Patel",
            "given_on": consultation.opens_on,
        },
    )
    return services.save_impact_assessment(
        consultation=reload(consultation),
        version=None,
        by=by,
        summary="Fewer journeys for older residents.",
        equalities="Disabled and older residents are most affected.",
        completed_on=completed_on or consultation.opens_on,
    )


def publish_feedback(consultation, by):
    services.save_feedback(
        consultation=reload(consultation),
        version=None,
        by=by,
        what_you_said="Keep medical trips.",
        what_we_did="We kept medical trips.",
        reviewed=True,
    )
    return services.transition(consultation=reload(consultation), name="publish_feedback", version=None, by=by)


def decide(consultation, by, **overrides):
    c = reload(consultation)
    decided_on = overrides.pop("decided_on", None) or workdays.today()
    fields = {
        "outcome": Decision.Outcome.PROCEED,
        "rationale": "Costs rose.",
        "appeal_route": "Write to the chief executive.",
        "decided_on": decided_on,
        "financial_information": "£30,000 a year becomes £22,500.",
        "notice_starts_on": decided_on,
        "notice_ends_on": None,
        "exceptional_reason": "",
    }
    fields.update(overrides)
    if fields["notice_ends_on"] is None and fields["outcome"] != Decision.Outcome.WITHDRAW:
        terms = rules.notice_terms(c.kind, rules.rules_for(c))
        if terms:
            fields["notice_ends_on"] = terms.ideal_ends_on(fields["notice_starts_on"])
    return services.decide(consultation=c, version=None, by=by, **fields)


@pytest.fixture
def journey(officer, clock):
    """Steps of the lifecycle, each done properly, for tests that need a later stage."""

    class Journey:
        def launch(self, c):
            return launch(c, officer)

        def close(self, c):
            return close(c, officer, clock)

        def to_closed(self, c):
            self.launch(c)
            complete_assessment(c, officer)
            return self.close(c)

        def to_feedback_published(self, c):
            self.to_closed(c)
            return publish_feedback(c, officer)

        def to_decided(self, c, **overrides):
            self.to_feedback_published(c)
            decide(c, officer, **overrides)
            return reload(c)

    return Journey()
