"""Dates at the ends of the calendar in the officer's dates step: refused with a message, never
a server error from the deadline arithmetic."""

import pytest
from django.urls import reverse

from consultations.models import Consultation


@pytest.mark.parametrize("opens_on, closes_on", [("1/1/0001", ""), ("15/12/2026", "31/12/9999"), ("31/12/9999", "")])
def test_dates_off_the_ends_of_the_calendar_are_refused_with_a_message(client, draft, officer, opens_on, closes_on):
    client.force_login(officer)
    response = client.post(
        reverse("consultations:edit", args=[draft.pk, "dates"]),
        {"version": draft.version, "opens_on": opens_on, "closes_on": closes_on, "shortened_reason": ""},
    )
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2100" in response.content.decode()
    assert Consultation.objects.get(pk=draft.pk).version == draft.version
