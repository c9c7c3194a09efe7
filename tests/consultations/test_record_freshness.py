"""The consultation's public and VCS pages (consultations.selectors.consultation_for_page)
show the record as it is now, whatever wrote it, and never a way round who may see a draft or
respond."""

from html import unescape

import pytest
from django.urls import reverse

from consultations import selectors
from consultations.models import Consultation
from signatories.models import Organisation
from tests import factories as base

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_consultation(draft, journey):
    journey.launch(draft)
    return draft


def _page(client, consultation) -> str:
    return unescape(client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode())


def test_an_edited_consultation_shows_on_the_next_page(client, open_consultation):
    assert open_consultation.title in _page(client, open_consultation)
    consultation = Consultation.objects.get(pk=open_consultation.pk)
    consultation.title = "Day centres: a revised proposal"
    consultation.save()
    assert "Day centres: a revised proposal" in _page(client, open_consultation)


def test_a_renamed_body_and_a_renamed_agreement_show_on_the_next_read(client, open_consultation, agreement):
    open_consultation.affected_agreements.add(agreement)
    record = selectors.consultation_for_page(open_consultation.pk)
    assert [a.title for a in record.affected_agreements.all()] == ["Community transport"]
    agreement.title = "Community transport, second term"
    agreement.save()
    record = selectors.consultation_for_page(open_consultation.pk)
    assert [a.title for a in record.affected_agreements.all()] == ["Community transport, second term"]
    assert open_consultation.owner.name in _page(client, open_consultation)
    council = Organisation.objects.get(pk=open_consultation.owner_id)
    council.name = "Renamed Borough Council"
    council.save()
    assert "Consultation by Renamed Borough Council" in _page(client, open_consultation)


def test_a_draft_is_refused_to_everyone_but_its_officers(client, draft, officer):
    client.force_login(officer)
    assert draft.title in _page(client, draft)
    assert selectors.consultation_for_page(draft.pk) is not None  # in the cache
    client.force_login(base.MembershipFactory().user)
    response = client.get(reverse("consultations:detail", args=[draft.pk]))
    assert response.status_code == 404 and draft.title not in response.content.decode()
    client.logout()
    assert client.get(reverse("consultations:respond", args=[draft.pk])).status_code in (302, 404)


def test_a_closed_consultation_refuses_responses_at_once(client, open_consultation, vcs_member, journey):
    client.force_login(vcs_member)
    assert "Respond to this consultation" in _page(client, open_consultation)
    journey.close(open_consultation)
    client.force_login(vcs_member)  # the clock has moved on weeks: a new session
    page = client.get(reverse("consultations:respond", args=[open_consultation.pk]), follow=True).content.decode()
    assert "This consultation is not open for responses." in page
