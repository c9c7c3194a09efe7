"""What the public sees: open and past consultations, never drafts; criteria, reasons for a
shorter period, feedback and the decision; every date on the timeline."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from consultations import services
from consultations.models import Consultation, ShortenedPeriodConsent

from .conftest import at, reload
from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db
Status = Consultation.Status


def test_public_list_shows_open_consultations_and_never_drafts(client, draft, council, vcs_organisation, journey):
    open_one = ConsultationFactory(owner=council, title="Youth services review", affected=[vcs_organisation])
    journey.launch(open_one)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "Youth services review" in page
    assert draft.title not in page
    assert "1 open consultation" in page
    assert draft.title not in client.get(reverse("consultations:list") + "?status=past").content.decode()


def test_public_list_separates_past_consultations(client, draft, journey):
    journey.to_closed(draft)
    assert draft.title not in client.get(reverse("consultations:list")).content.decode()
    assert draft.title in client.get(reverse("consultations:list") + "?status=past").content.decode()


def test_public_list_searches_title_proposal_and_public_body(client, council, vcs_organisation, journey):
    for title in ["Youth services review", "Community transport grant"]:
        journey.launch(ConsultationFactory(owner=council, title=title, affected=[vcs_organisation]))
    page = client.get(reverse("consultations:list") + "?q=transport").content.decode()
    assert "Community transport grant" in page and "Youth services review" not in page
    assert "matching “transport”" in page
    assert (
        "Community transport grant"
        in client.get(reverse("consultations:list") + "?q=testshire+council").content.decode()
    )
    assert (
        "No consultations match your search" in client.get(reverse("consultations:list") + "?q=zebra").content.decode()
    )


def test_public_list_paginates_and_its_queries_do_not_grow(
    client, council, vcs_organisation, django_assert_max_num_queries
):
    for n in range(25):
        ConsultationFactory(
            owner=council, status=Status.OPEN, title=f"Consultation {n:02d}", affected=[vcs_organisation]
        )
    client.get(reverse("consultations:list"))  # the compact's rules are created on first use
    cache.clear()  # measure the page being rendered, not served from the cache
    with django_assert_max_num_queries(6):
        html = client.get(reverse("consultations:list")).content.decode()
    assert len(re.findall(r"Consultation \d\d</a>", html)) == 20
    assert "Page 1 of 2" in html
    assert (
        len(
            re.findall(r"Consultation \d\d</a>", client.get(reverse("consultations:list") + "?page=2").content.decode())
        )
        == 5
    )


def test_draft_page_is_404_to_the_public_and_other_organisations(client, draft, vcs_member):
    assert client.get(reverse("consultations:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("consultations:timeline", args=[draft.pk])).status_code == 404
    client.force_login(vcs_member)
    assert client.get(reverse("consultations:detail", args=[draft.pk])).status_code == 404


def test_the_consulting_body_previews_its_draft(client, draft, officer):
    client.force_login(officer)
    page = client.get(reverse("consultations:detail", args=[draft.pk])).content.decode()
    assert "This is a draft." in page


def test_public_page_shows_criteria_outcomes_and_the_reason_for_a_shorter_period(
    client, draft, vcs_organisation, journey
):
    Consultation.objects.filter(pk=draft.pk).update(
        closes_on=date(2026, 3, 30), shortened_reason="The budget is set in April."
    )
    ShortenedPeriodConsent.objects.create(
        consultation=draft, organisation=vcs_organisation, given_by="A", given_on=date(2026, 2, 1)
    )
    journey.launch(draft)
    page = client.get(reverse("consultations:detail", args=[draft.pk])).content.decode()
    assert "Criteria on which the decision will be made" in page and draft.criteria in page
    assert draft.revised_outcomes in page
    assert "Why it is shorter than usual" in page and "The budget is set in April." in page
    assert "End of 30 March 2026" in page
    assert "sign in</a> to respond" in page


def test_public_page_shows_feedback_assessment_and_decision_but_not_the_financial_information(client, draft, journey):
    journey.to_decided(draft)
    page = client.get(reverse("consultations:detail", args=[draft.pk])).content.decode()
    assert "What you said" in page and "Keep medical trips." in page and "We kept medical trips." in page
    assert "Joint impact assessment" in page and "Disabled and older residents are most affected." in page
    assert "Proceed as proposed, 28 April 2026" in page and "Write to the chief executive." in page
    assert "28 April 2026 to 28 October 2026" in page
    assert "£30,000 a year becomes £22,500." not in page


def test_affected_organisations_see_the_financial_information(client, draft, journey, vcs_member):
    journey.to_decided(draft)
    client.force_login(vcs_member)
    assert (
        "£30,000 a year becomes £22,500."
        in client.get(reverse("consultations:detail", args=[draft.pk])).content.decode()
    )


def test_timeline_shows_every_date_what_is_due_next_and_what_is_overdue(client, draft, journey, clock):
    journey.launch(draft)
    page = client.get(reverse("consultations:timeline", args=[draft.pk])).content.decode()
    assert "Due next: <strong>Consultation closes</strong>, 27 April 2026." in page
    assert "Feedback due" in page and "25 May 2026" in page
    assert "Standard close (12 weeks)" in page and "Earliest close (8 weeks, with agreement)" in page
    assert "No departures from the Compact." in page
    clock.move_to(at(date(2026, 6, 1)))
    page = client.get(reverse("consultations:timeline", args=[draft.pk])).content.decode()
    assert (
        "Overdue: consultation closes (27 April 2026); joint impact assessment due (27 April 2026); feedback due (25 "
        "May 2026)" in page
    )


def test_timeline_shows_compliance_flags(client, council, vcs_organisation):
    consultation = ConsultationFactory(
        owner=council, status=Status.OPEN, closes_on=date(2026, 4, 6), affected=[vcs_organisation]
    )
    page = client.get(reverse("consultations:timeline", args=[consultation.pk])).content.decode()
    assert "1 departure from the Compact, counted in the annual review" in page
    assert "Consultation period shortened without the consent of every affected organisation" in page


def test_timeline_of_a_completed_consultation(client, draft, journey, officer, clock):
    journey.to_decided(draft)
    clock.move_to(at(date(2026, 10, 28)))
    services.transition(consultation=reload(draft), name="complete", version=None, by=officer)
    page = client.get(reverse("consultations:timeline", args=[draft.pk])).content.decode()
    assert "Formal notice ends" in page and "Consultation completed" in page
    assert "Overdue" not in page and "Due next" not in page


def test_the_public_page_query_count_is_fixed(client, draft, journey, django_assert_max_num_queries):
    journey.to_decided(draft)
    client.get(reverse("consultations:detail", args=[draft.pk]))
    with django_assert_max_num_queries(10):
        client.get(reverse("consultations:detail", args=[draft.pk]))


def test_a_consultation_launched_before_it_opens_reads_opens_on_until_it_does(client, draft, journey, clock):
    clock.move_to(at(date(2026, 1, 26)))
    journey.launch(draft)
    listing = client.get(reverse("consultations:list")).content.decode()
    page = client.get(reverse("consultations:detail", args=[draft.pk])).content.decode()
    timeline = client.get(reverse("consultations:timeline", args=[draft.pk])).content.decode()
    for html in (listing, page):
        assert "Opens on 2 February 2026" in html
        assert ">Open<" not in html
    assert "The consultation opens on 2 February 2026." in timeline
    clock.move_to(at(date(2026, 2, 2)))
    page = client.get(reverse("consultations:detail", args=[draft.pk])).content.decode()
    assert "Opens on" not in page and ">Open<" in page


def test_timeline_says_the_status_as_a_sentence(client, draft, journey, clock):
    journey.to_decided(draft)
    page = client.get(reverse("consultations:timeline", args=[draft.pk])).content.decode()
    assert "The consultation is in its formal notice period." in page
    assert "The consultation is Formal notice" not in page
