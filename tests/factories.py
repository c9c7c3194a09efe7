"""Factories for test data, in one place."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from signatories.models import (
    BoardMembership,
    Champion,
    ChampionTraining,
    Membership,
    Organisation,
    ResolutionGroupMembership,
    Sector,
    Signature,
    User,
)
from undertakings.models import Compact, Edition, Section, Undertaking

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        user.save()
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class CompactFactory(factory.django.DjangoModelFactory):
    """A compact as the portal seeds it, except that its holiday periods are Christmas and the
    summer only: the tests' dates (2 February to 27 April 2026) were chosen clear of those and
    would otherwise run over the default Easter holidays. `easter=True` keeps them."""

    class Meta:
        model = Compact
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Compact {n}")
    area = "Testshire"

    @factory.post_generation
    def easter(compact, create, extracted, **kwargs):
        if create and not extracted:
            compact.holiday_periods.filter(name="Easter holidays").delete()


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    compact = factory.SubFactory(CompactFactory)
    label = factory.Sequence(lambda n: f"20{n:02d}")
    status = Edition.Status.ADOPTED
    adopted_on = factory.LazyFunction(timezone.localdate)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    edition = factory.SubFactory(EditionFactory)
    kind = Section.Kind.PROMISE
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Promise {n + 1}")
    slug = factory.Sequence(lambda n: f"promise-{n + 1}")
    position = factory.Sequence(lambda n: n + 1)


class UndertakingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Undertaking

    section = factory.SubFactory(SectionFactory)
    party = "shared"
    text = factory.Sequence(lambda n: f"Partners undertake to do thing number {n}.")
    position = factory.Sequence(lambda n: n + 1)
    reference = factory.Sequence(lambda n: f"shared-{n + 1}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    compact = factory.SubFactory(CompactFactory)
    name = factory.Sequence(lambda n: f"Community Group {n}")
    sector = Sector.VCS
    type = "charity"
    address_line_1 = "1 High Street"
    town = "Testtown"
    postcode = "SN15 1ER"
    contact_email = factory.Sequence(lambda n: f"group{n}@example.org")
    status = Organisation.Status.SIGNED


class PublicBodyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    sector = Sector.PUBLIC
    type = "council"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class BoardMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMembership

    user = factory.SubFactory(UserFactory, is_staff=True)
    compact = factory.SubFactory(CompactFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)


class ResolutionGroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResolutionGroupMembership

    user = factory.SubFactory(UserFactory)
    compact = factory.SubFactory(CompactFactory)
    sector = Sector.VCS
    year = factory.LazyFunction(lambda: timezone.localdate().year)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    organisation = factory.SubFactory(OrganisationFactory)
    edition = factory.SubFactory(EditionFactory)
    signatory_name = "A Person"
    signatory_role = "Chair"
    signed_on = factory.LazyFunction(timezone.localdate)


class ChampionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Champion

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


def name_champion(organisation, user, trained_on=None, department="", course=""):
    """A Compact champion of `organisation`, trained on `trained_on` if given."""
    champion = Champion.objects.create(organisation=organisation, user=user, department=department)
    if trained_on is not None:
        ChampionTraining.objects.create(champion=champion, trained_on=trained_on, course=course)
    return champion
