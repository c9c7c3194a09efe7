"""Factories for the consultations app's records."""

from datetime import date
from decimal import Decimal

import factory

from consultations.models import Consultation, FundingAgreement, PaymentSchedule
from tests.factories import OrganisationFactory, PublicBodyFactory


class FundingAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingAgreement

    funder = factory.SubFactory(PublicBodyFactory)
    recipient = factory.SubFactory(OrganisationFactory, compact=factory.SelfAttribute("..funder.compact"))
    title = factory.Sequence(lambda n: f"Grant number {n + 1}")
    kind = FundingAgreement.Kind.GRANT
    amount = Decimal("30000.00")
    starts_on = date(2025, 4, 1)
    ends_on = date(2028, 3, 31)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentSchedule

    agreement = factory.SubFactory(FundingAgreementFactory)
    due_on = date(2026, 1, 1)
    amount = Decimal("2500.00")


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A draft ready to launch on 2 February 2026 for the standard 12 weeks."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    owner = factory.SubFactory(PublicBodyFactory)
    compact = factory.SelfAttribute("owner.compact")
    kind = Consultation.Kind.FUNDING_REDUCTION
    title = factory.Sequence(lambda n: f"Reducing grant number {n + 1}")
    proposal = "Reduce the grant by a quarter from April."
    criteria = "Journeys made; cost per journey; other transport available."
    revised_outcomes = "4,000 journeys a year to medical appointments."
    opens_on = date(2026, 2, 2)
    closes_on = date(2026, 4, 27)

    @factory.post_generation
    def affected(consultation, create, extracted, **kwargs):
        if create and extracted:
            consultation.affected_organisations.set(extracted)
