"""A case's page (disputes.selectors.case_for_page) shows the case as it is now, whatever
wrote it, and never to those who may not see it."""

from html import unescape

import pytest

from disputes import services
from signatories.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, case) -> str:
    return unescape(client.get(case.get_absolute_url()).content.decode())


def test_a_change_through_a_service_shows_on_the_next_page(client, case, vcs_admin):
    client.force_login(vcs_admin)
    assert "Formal concern" not in _page(client, case)
    services.record_acceptance(case=case, by=vcs_admin, organisation=case.complainant, accepts=False)
    services.escalate(
        case=case, by=vcs_admin, concern="Formal concern: the grant was cut without notice", reason="Talks failed"
    )
    assert "the grant was cut without notice" in _page(client, case)


def test_a_renamed_organisation_shows_on_the_next_page(client, case, vcs_admin):
    client.force_login(vcs_admin)
    _page(client, case)
    organisation = Organisation.objects.get(pk=case.respondent_id)
    organisation.name = "Renamed Borough Council"
    organisation.save()
    assert "Renamed Borough Council" in _page(client, case)


def test_a_case_is_refused_to_those_who_may_not_see_it(client, case, vcs_admin):
    client.force_login(vcs_admin)
    assert case.what_happened in _page(client, case)
    client.force_login(factories.MembershipFactory().user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 404
    assert case.what_happened not in response.content.decode()
