"""The forward plan of consultations: public by body and month, a calendar feed, officers
adding entries, and a consultation launched without having been on it flagged."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from consultations import compliance
from consultations.models import PlannedConsultation

from .factories import ConsultationFactory


def test_an_officer_adds_to_the_forward_plan_and_the_public_sees_it_by_month(client, council, council_officer):
    client.force_login(council_officer)
    response = client.post(
        reverse("consultations:plan_entry"),
        {
            "owner": council.pk,
            "kind": "funding_policy",
            "title": "Grants policy refresh",
            "expected_month": "14/9/2099",
            "summary": "How small grants are given.",
        },
    )
    assert response.status_code == 302
    entry = PlannedConsultation.objects.get()
    assert entry.expected_month == date(2099, 9, 1)
    client.logout()
    page = client.get(reverse("consultations:forward_plan")).content.decode()
    assert "September 2099" in page and "Testshire Council" in page and "Grants policy refresh" in page
    feed = Calendar.from_ical(client.get(reverse("consultations:forward_plan_ics")).content)
    summaries = [str(event["summary"]) for event in feed.walk("VEVENT")]
    assert summaries == ["Consultation expected: Grants policy refresh (Testshire Council)"]


def test_a_consultation_launched_without_being_on_the_forward_plan_is_flagged(council, compact):
    planned = ConsultationFactory(owner=council, compact=compact, status="open", launched_at=timezone.now())
    unplanned = ConsultationFactory(owner=council, compact=compact, status="open", launched_at=timezone.now())
    PlannedConsultation.objects.create(
        compact=compact,
        owner=council,
        kind=planned.kind,
        title=planned.title,
        expected_month=planned.opens_on,
        consultation=planned,
        created_at=planned.launched_at.replace(year=planned.launched_at.year - 1),
    )
    assert compliance.NOT_ON_FORWARD_PLAN not in {f.code for f in compliance.flags(planned)}
    assert compliance.NOT_ON_FORWARD_PLAN in {f.code for f in compliance.flags(unplanned)}
