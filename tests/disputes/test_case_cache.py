"""The case record kept in the cache (disputes.selectors.case_for_page): read once, kept until
anything it shows changes, and never a way round who may see a case."""
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes import selectors, services
from signatories.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, case) -> str:
    return unescape(client.get(case.get_absolute_url()).content.decode())


def test_the_case_is_read_from_the_database_once_then_from_the_cache(case):
    first = selectors.case_for_page(case.pk)
    with CaptureQueriesContext(connection) as queries:
        again = selectors.case_for_page(case.pk)
    assert again == first and again.complainant.name == case.complainant.name
    assert not [q for q in queries.captured_queries if "disputes_case" in q["sql"]]


def test_a_change_through_a_service_shows_on_the_next_page(client, case, vcs_admin):
    client.force_login(vcs_admin)
    assert "Formal concern" not in _page(client, case)
    services.record_acceptance(case=case, by=vcs_admin, organisation=case.complainant, accepts=False)
    services.escalate(case=case, by=vcs_admin, concern="Formal concern: the grant was cut without notice",
                      reason="Talks failed")
    assert "the grant was cut without notice" in _page(client, case)


def test_a_renamed_organisation_shows_on_the_next_page(client, case, vcs_admin):
    client.force_login(vcs_admin)
    _page(client, case)
    organisation = Organisation.objects.get(pk=case.respondent_id)
    organisation.name = "Renamed Borough Council"
    organisation.save()
    assert "Renamed Borough Council" in _page(client, case)


def test_a_cached_case_is_still_refused_to_those_who_may_not_see_it(client, case, vcs_admin):
    client.force_login(vcs_admin)
    assert case.what_happened in _page(client, case)  # now in the cache
    client.force_login(factories.MembershipFactory().user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 404
    assert case.what_happened not in response.content.decode()
