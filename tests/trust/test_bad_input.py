"""Forms driven with generated awkward input: right-to-left text, emoji, null bytes, very long
values, HTML and SQL fragments. No server error, every rejection says what is wrong, nothing
half-saved."""
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signatories.models import Organisation, Signature
from tests import factories

AWKWARD = st.one_of(
    st.text(max_size=300),
    st.sampled_from([
        "", " ", "\x00", "nul\x00byte", "مرحبا بالعالم", "שלום", "\u202eevil\u202c", "😀🎉👩‍👩‍👧", "x" * 5000,
        "<script>alert(1)</script>", "'; DROP TABLE signatories_organisation; --", "\" OR 1=1 --", "../../etc/passwd",
        "SN15 1ER", "1123456", "SC123456", "https://example.org", "a@b.c", "01/13/2026", "31/02/2026",
    ]),
)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ORGANISATION_FIELDS = ["name", "type", "charity_number", "company_number", "address_line_1", "address_line_2", "town",
                       "postcode", "website", "contact_email", "income_band", "area_of_benefit", "description"]


def _assert_clear_rejection_or_success(response):
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        html = response.content.decode()
        assert "There is a problem" in html, "a rejected form must say what is wrong"


@pytest.mark.django_db
@FAST
@given(values=st.fixed_dictionaries({name: AWKWARD for name in ORGANISATION_FIELDS}))
def test_registration_form_never_fails_and_never_half_saves(client, values):
    factories.CompactFactory()
    person = factories.UserFactory()
    client.force_login(person)
    before = Organisation.objects.count()
    response = client.post(reverse("signatories:register"), values)
    _assert_clear_rejection_or_success(response)
    if response.status_code == 200:
        assert Organisation.objects.count() == before
        assert not person.memberships.exists()


@pytest.mark.django_db
@FAST
@given(name=AWKWARD, role=AWKWARD, agree=st.sampled_from(["", "on", "\x00", "yes"]))
def test_signing_form_never_fails_and_never_half_saves(client, name, role, agree):
    edition = factories.EditionFactory()
    organisation = factories.OrganisationFactory(compact=edition.compact, status="approved")
    admin = factories.MembershipFactory(organisation=organisation, role="admin").user
    client.force_login(admin)
    response = client.post(reverse("signatories:sign", args=[organisation.slug]),
                           {"signatory_name": name, "signatory_role": role, "agree": agree})
    _assert_clear_rejection_or_success(response)
    signed = Signature.objects.filter(organisation=organisation).exists()
    organisation.refresh_from_db()
    assert signed == (organisation.status == "signed") == (response.status_code == 302)


@pytest.mark.django_db
@FAST
@given(query=st.dictionaries(st.sampled_from(["q", "sector", "type", "area", "page"]), AWKWARD, max_size=5))
def test_directory_search_never_fails(client, query):
    assert client.get(reverse("signatories:directory"), query).status_code == 200


@pytest.mark.django_db
@FAST
@given(trained_on=AWKWARD, champion=AWKWARD)
def test_champion_form_never_fails(client, trained_on, champion):
    organisation = factories.OrganisationFactory()
    admin = factories.MembershipFactory(organisation=organisation, role="admin").user
    client.force_login(admin)
    response = client.post(reverse("signatories:champion", args=[organisation.slug]), {"champion": champion, "trained_on": trained_on})
    _assert_clear_rejection_or_success(response)
