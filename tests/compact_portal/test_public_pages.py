"""The public pages show what the database holds on every request, and nothing of one
visitor's view reaches another."""

import pytest
from django.urls import reverse

from consultations.models import Consultation
from tests import factories
from tests.consultations.factories import ConsultationFactory
from undertakings.models import Edition

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_signatory_appears_at_once(client, compact, vcs_organisation):
    url = reverse("signatories:directory")
    assert "Late Joiners" not in text(client.get(url))
    factories.OrganisationFactory(compact=compact, name="Late Joiners", status="signed")
    assert "Late Joiners" in text(client.get(url))


def test_an_organisation_renamed_or_deleted_leaves_the_directory(client, compact):
    organisation = factories.OrganisationFactory(compact=compact, name="Old Name Trust", status="signed")
    url = reverse("signatories:directory")
    assert "Old Name Trust" in text(client.get(url))
    organisation.name = "New Name Trust"
    organisation.save()
    page = text(client.get(url))
    assert "New Name Trust" in page and "Old Name Trust" not in page
    organisation.delete()
    assert "New Name Trust" not in text(client.get(url))


def test_the_home_page_follows_its_signatories_and_its_compact(client, compact, edition):
    factories.OrganisationFactory(compact=compact, status="signed")
    assert "See the 1 signatory" in text(client.get(reverse("home")))
    factories.OrganisationFactory(compact=compact, status="signed")
    assert "See the 2 signatories" in text(client.get(reverse("home")))
    compact.name = "The Renamed Compact"
    compact.save()
    assert "The Renamed Compact" in text(client.get(reverse("home")))


def test_different_searches_are_cached_apart(client, compact):
    factories.OrganisationFactory(compact=compact, name="Alpha Care", status="signed")
    factories.OrganisationFactory(compact=compact, name="Beta Youth", status="signed")
    url = reverse("signatories:directory")
    alpha, beta = text(client.get(url, {"q": "Alpha"})), text(client.get(url, {"q": "Beta"}))
    assert "Alpha Care" in alpha and "Beta Youth" not in alpha
    assert "Beta Youth" in beta and "Alpha Care" not in beta


def test_the_header_is_the_visitors_own(client, compact, vcs_member):
    url = reverse("signatories:directory")
    assert "Sign out" not in text(client.get(url))
    client.force_login(vcs_member)
    assert "Sign out" in text(client.get(url))


def test_an_edited_undertaking_shows_on_the_compact_page(client, compact, edition):
    url = reverse("undertakings:compact", args=[compact.slug])
    assert "Consult for twelve weeks" in text(client.get(url))
    undertaking = edition.sections.get().undertakings.get(reference="public-1")
    undertaking.text = "Consult for at least twelve weeks, and say why when it is shorter."
    undertaking.save()
    assert "say why when it is shorter" in text(client.get(url))


def test_a_draft_edition_is_never_shown_to_the_public(client, compact, edition, board_member):
    draft = Edition.objects.create(compact=compact, label="2027 draft", status=Edition.Status.DRAFT)
    factories.SectionFactory(edition=draft, title="Secret Draft Section", slug="secret")
    url = reverse("undertakings:compact", args=[compact.slug])
    client.force_login(board_member)
    assert "Secret Draft Section" in text(client.get(url, {"edition": draft.pk}))
    client.logout()
    assert client.get(url, {"edition": draft.pk}).status_code == 404
    assert "Secret Draft Section" not in text(client.get(url))


def test_a_launched_consultation_changing_shows_on_the_list_and_its_timeline(client, council, vcs_organisation):
    consultation = ConsultationFactory(
        owner=council, status=Consultation.Status.OPEN, title="Library hours", affected=[vcs_organisation]
    )
    list_url, timeline_url = reverse("consultations:list"), reverse("consultations:timeline", args=[consultation.pk])
    assert "Library hours" in text(client.get(list_url)) and "Library hours" in text(client.get(timeline_url))
    consultation.title = "Library opening hours"
    consultation.save()
    assert "Library opening hours" in text(client.get(list_url))
    assert "Library opening hours" in text(client.get(timeline_url))


def test_the_manage_link_on_a_timeline_is_for_the_consulting_bodys_officers_only(
    client, council, council_officer, vcs_member, vcs_organisation
):
    consultation = ConsultationFactory(owner=council, status=Consultation.Status.OPEN, affected=[vcs_organisation])
    url = reverse("consultations:timeline", args=[consultation.pk])
    assert "Manage this consultation" not in text(client.get(url))
    client.force_login(council_officer)
    assert "Manage this consultation" in text(client.get(url))
    client.force_login(vcs_member)
    assert "Manage this consultation" not in text(client.get(url))


def test_a_draft_consultations_timeline_is_not_shown_to_the_public(client, council, council_officer):
    draft = ConsultationFactory(owner=council, status=Consultation.Status.DRAFT, title="Unlaunched plan")
    url = reverse("consultations:timeline", args=[draft.pk])
    client.force_login(council_officer)
    assert "Unlaunched plan" in text(client.get(url))
    client.logout()
    assert client.get(url).status_code == 404
    Consultation.objects.filter(pk=draft.pk).update(status=Consultation.Status.OPEN)  # launched, no signal
    assert "Unlaunched plan" in text(client.get(url))
    Consultation.objects.filter(pk=draft.pk).update(status=Consultation.Status.DRAFT)  # taken back
    assert client.get(url).status_code == 404


def test_pages_still_work_when_the_cache_cannot_be_reached(client, settings, compact):
    factories.OrganisationFactory(compact=compact, name="Resilient Group", status="signed")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }  # nothing listens on port 1
    assert "Resilient Group" in text(client.get(reverse("signatories:directory")))
