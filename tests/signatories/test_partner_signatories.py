"""Signatories of any kind the compact admits: business and other partners beside the public
sector and the voluntary and community sector (Herefordshire's chamber of commerce)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.selectors import parties_for, undertakings_for
from signatories import services
from signatories.models import Organisation, Sector, sector_of_type
from tests import factories
from undertakings.importing.parties import party_line, party_of
from undertakings.importing.signatories import sector_of
from undertakings.models import Party, parties_given_by

CHAMBER = {
    "name": "Testshire Chamber of Commerce",
    "type": "chamber_of_commerce",
    "charity_number": "",
    "company_number": "",
    "address_line_1": "Enterprise House",
    "address_line_2": "",
    "town": "Testtown",
    "postcode": "SN15 1ER",
    "website": "",
    "contact_email": "chamber@example.org",
    "income_band": "",
    "area_of_benefit": "",
    "description": "",
}


@pytest.fixture
def partner_compact(db):
    """A second compact in the same deployment that admits business and other partners."""
    return factories.CompactFactory(
        name="Partnershire Compact", area="Partnershire", admitted_sectors=["public", "vcs", "partner"]
    )


def test_a_compact_admits_the_public_and_voluntary_sectors_unless_it_says_otherwise(compact, partner_compact):
    assert compact.sectors == [Sector.PUBLIC, Sector.VCS]
    assert compact.registering_sectors == [Sector.VCS]
    assert partner_compact.sectors == [Sector.PUBLIC, Sector.VCS, Sector.PARTNER]
    assert partner_compact.registering_sectors == [Sector.VCS, Sector.PARTNER]


def test_registration_offers_business_and_other_partners_only_where_the_compact_admits_them(
    client, compact, partner_compact
):
    client.force_login(factories.UserFactory())  # the first compact made is the one registered with
    which, about = (reverse("signatories:register_question", args=[slug]) for slug in ("compact", "organisation"))
    client.post(which, {"compact": compact.pk})
    page = client.get(about).content.decode()
    assert "Registered charity" in page and "Chamber of commerce" not in page
    client.post(which + "?next=check", {"compact": partner_compact.pk})
    assert "Chamber of commerce" in client.get(about).content.decode()

    from signatories.forms import OrganisationForm

    form = OrganisationForm(instance=Organisation(compact=partner_compact))
    offered = [value for value, _ in form.fields["type"].choices]
    assert "chamber_of_commerce" in offered and "charity" in offered and "council" not in offered
    refused = OrganisationForm(CHAMBER, instance=Organisation(compact=compact))
    assert not refused.is_valid() and "type" in refused.errors


def test_a_chamber_of_commerce_registers_as_a_partner(partner_compact):
    organisation = services.register_organisation(
        user=factories.UserFactory(), organisation=Organisation(compact=partner_compact, **CHAMBER)
    )
    assert organisation.sector == Sector.PARTNER and organisation.status == Organisation.Status.APPLIED


def test_a_compact_that_does_not_admit_partners_refuses_their_registration(compact):
    with pytest.raises(ValidationError, match="does not admit"):
        services.register_organisation(
            user=factories.UserFactory(), organisation=Organisation(compact=compact, **CHAMBER)
        )
    assert not Organisation.objects.filter(name=CHAMBER["name"]).exists()


def test_a_public_body_never_registers_itself(partner_compact):
    council = {**CHAMBER, "name": "Partnershire Council", "type": "council"}
    with pytest.raises(ValidationError):
        services.register_organisation(
            user=factories.UserFactory(), organisation=Organisation(compact=partner_compact, **council)
        )


def test_each_type_belongs_to_one_sector():
    assert sector_of_type("chamber_of_commerce") == Sector.PARTNER
    assert sector_of_type("business") == Sector.PARTNER
    assert sector_of_type("charity") == Sector.VCS
    assert sector_of_type("council") == Sector.PUBLIC


def test_a_partner_gives_the_shared_undertakings_and_its_own():
    assert set(parties_given_by(Sector.PARTNER)) == {Party.SHARED, Party.PARTNER}
    assert Party.VCS not in parties_given_by(Sector.PARTNER)
    assert Party.PARTNER not in parties_given_by(Sector.VCS) and Party.PARTNER not in parties_given_by(Sector.PUBLIC)


def test_a_partner_rates_the_shared_undertakings_and_its_own_in_a_self_assessment(partner_compact):
    edition = factories.EditionFactory(compact=partner_compact, label="2026")
    section = factories.SectionFactory(edition=edition, title="Working together", slug="together")
    shared = factories.UndertakingFactory(section=section, party=Party.SHARED, reference="shared-1")
    own = factories.UndertakingFactory(section=section, party=Party.PARTNER, reference="partner-1")
    factories.UndertakingFactory(section=section, party=Party.VCS, reference="vcs-1")
    factories.UndertakingFactory(section=section, party=Party.PUBLIC, reference="public-1")
    chamber = factories.OrganisationFactory(compact=partner_compact, sector=Sector.PARTNER, type="chamber_of_commerce")
    assert parties_for(chamber) == parties_given_by(Sector.PARTNER)
    assert list(undertakings_for(chamber, edition)) == [shared, own]


def test_a_compact_without_partner_undertakings_asks_partners_only_about_the_shared_ones(partner_compact):
    edition = factories.EditionFactory(compact=partner_compact, label="2026")
    section = factories.SectionFactory(edition=edition, title="Working together", slug="together")
    shared = factories.UndertakingFactory(section=section, party=Party.SHARED, reference="shared-1")
    factories.UndertakingFactory(section=section, party=Party.VCS, reference="vcs-1")
    chamber = factories.OrganisationFactory(compact=partner_compact, sector=Sector.PARTNER, type="business")
    assert list(undertakings_for(chamber, edition)) == [shared]


@pytest.mark.parametrize(
    "line",
    ["Business and other partners will:", "What businesses commit to", "Private sector undertakings"],
)
def test_the_importer_recognises_undertakings_addressed_to_business_and_other_partners(line):
    assert party_line(line)[0] == "partner"


def test_the_importer_keeps_the_other_parties_as_they_were():
    assert party_of("The Council and its partners") == "public"
    assert party_of("Voluntary and community sector") == "vcs"
    assert party_of("All partners") == "shared"


def test_the_importer_reads_a_chamber_of_commerce_among_the_signatories_as_a_partner():
    assert sector_of("Herefordshire Chamber of Commerce") == "partner"
    assert sector_of("Herefordshire Council") == "public"
    assert sector_of("Herefordshire Voluntary Action") == "vcs"


def test_confirmed_signatories_of_a_partner_kind_are_created_as_partners(partner_compact):
    from undertakings.services import create_signatory_organisations

    [chamber] = create_signatory_organisations(
        compact=partner_compact, signatories=[{"name": "Partnershire Chamber of Commerce", "sector": "partner"}]
    )
    assert (chamber.sector, chamber.type) == (Sector.PARTNER, "other_partner")


def test_self_assessment_results_have_a_row_for_each_group_the_compact_admits(compact, partner_compact):
    from datetime import date

    from reviews.models import AssessmentRound
    from reviews.selectors import results

    def sectors_of(of):
        edition = factories.EditionFactory(compact=of)
        assessment_round = AssessmentRound.objects.create(
            compact=of, edition=edition, year=2026, opens_on=date(2026, 11, 1), due_on=date(2027, 1, 15)
        )
        return [row.label for row in results(assessment_round).by_sector]

    assert sectors_of(compact) == ["Public sector", "Voluntary and community sector"]
    assert sectors_of(partner_compact) == [
        "Public sector",
        "Voluntary and community sector",
        "Business and other partners",
    ]


def test_the_annual_review_counts_signatories_by_the_groups_the_compact_admits(compact, partner_compact):
    from signatories.selectors import annual_facts

    factories.OrganisationFactory(compact=partner_compact, sector=Sector.PARTNER, type="business")
    assert [label for label, _ in annual_facts(compact, 2026)["by_sector"]] == [
        "Public sector",
        "Voluntary and community sector",
    ]
    assert ("Business and other partners", 1) in annual_facts(partner_compact, 2026)["by_sector"]
