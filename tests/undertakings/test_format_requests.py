"""Asking for a published page in another format or language: the public form, its spam
protection, the deadline to answer (a rule per compact), the reminder and the board's answer."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from compact_portal import board_queue
from compact_portal.workdays import LONDON
from tests import factories
from undertakings import deadlines, format_requests
from undertakings.format_request_views import TOO_MANY
from undertakings.models import AccessibleFormatRequest

pytestmark = pytest.mark.django_db
Format = AccessibleFormatRequest.Format
URL = reverse("accessible_format_request")


@pytest.fixture(autouse=True)
def clock():
    # Friday 27 March 2026, the Friday before Easter.
    with time_machine.travel(datetime(2026, 3, 27, 10, tzinfo=LONDON), tick=False) as traveller:
        yield traveller


def posted(compact, **overrides):
    return {
        "compact": compact.pk,
        "page": "/consultations/",
        "format": Format.LARGE_PRINT,
        "language": "",
        "format_details": "",
        "name": "Pat Reader",
        "email": "pat@example.org",
        "phone": "",
        **overrides,
    }


def test_the_url_is_named_for_the_accessibility_statement_and_takes_the_page():
    assert URL == "/accessible-formats/"


def test_every_page_links_to_the_form_with_its_own_address(client, compact, edition):
    page = client.get(reverse("consultations:list")).content.decode()
    assert "Ask for this page in another format or language" in page
    assert f'href="{URL}?page=%2Fconsultations%2F"' in page


def test_the_form_needs_no_sign_in_and_fills_in_the_page_asked_about(client, compact):
    response = client.get(URL + "?page=/consultations/12/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="/consultations/12/"' in page
    assert "Easy read" in page and "Braille" in page and "Another language" in page


def test_a_request_is_kept_with_its_answer_date_and_emails_a_receipt_and_the_board(
    client, compact, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, posted(compact, format=Format.LANGUAGE, language="Polish"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accessible_format_requested") + f"?compact={compact.slug}"
    request = AccessibleFormatRequest.objects.get()
    assert (request.compact, request.page, request.format_asked_for) == (compact, "/consultations/", "Polish")
    # 10 working days from Friday 27 March 2026, not counting Good Friday and Easter Monday.
    assert request.answer_due_on == date(2026, 4, 14)
    receipt, to_board = mail.outbox
    assert receipt.to == ["pat@example.org"]
    assert "polish" in receipt.subject.lower()
    assert "answers by 14 April 2026" in receipt.body and "You do not need to do anything" in receipt.body
    assert to_board.to == [board_member.email]
    assert "What to do:" in to_board.body and "record your answer by 14 April 2026" in to_board.body
    done = client.get(response["Location"]).content.decode()
    assert "answers within 10 working days" in done


def test_the_answer_date_is_the_compacts_own_rule(compact):
    other = factories.CompactFactory(name="Northshire Compact")
    rules = other.rules
    rules.accessible_format_answer_days = 5
    rules.save()
    assert format_requests.answer_due_on(date(2026, 3, 27), compact) == date(2026, 4, 14)
    assert format_requests.answer_due_on(date(2026, 3, 27), other) == date(2026, 4, 7)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"format": Format.LANGUAGE}, "language", "Enter the language you need"),
        ({"format": Format.OTHER}, "format_details", "Enter the format you need"),
        ({"page": "https://elsewhere.example/"}, "page", "Enter the address of a page of this site"),
        ({"email": "not an address"}, "email", "Enter an email address in the correct format"),
        ({"format": ""}, "format", "Choose the format or language you need"),
    ],
)
def test_the_form_says_what_is_missing(client, compact, overrides, field, message):
    response = client.post(URL, posted(compact, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessibleFormatRequest.objects.exists()


def test_a_full_address_of_the_site_is_kept_as_its_path(client, compact):
    client.post(URL, posted(compact, page="http://testserver/compacts/testshire-compact/"))
    assert AccessibleFormatRequest.objects.get().page == "/compacts/testshire-compact/"


def test_a_bot_filling_in_the_hidden_field_is_thanked_and_nothing_is_kept(client, compact):
    response = client.post(URL, {**posted(compact), "website": "http://spam.example"})
    assert response.status_code == 302
    assert not AccessibleFormatRequest.objects.exists()
    assert mail.outbox == []


def test_one_address_may_send_only_a_few_requests_an_hour(client, compact, clock):
    for _ in range(format_requests.REQUESTS_PER_HOUR):
        assert client.post(URL, posted(compact)).status_code == 302
    response = client.post(URL, posted(compact))
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert AccessibleFormatRequest.objects.count() == format_requests.REQUESTS_PER_HOUR
    # Another address is not held back, and an hour later this one is not either.
    assert client.post(URL, posted(compact), REMOTE_ADDR="192.0.2.9").status_code == 302
    clock.shift(3601)
    assert client.post(URL, posted(compact)).status_code == 302


def test_with_several_compacts_the_page_address_chooses_the_compact(client, compact):
    other = factories.CompactFactory(name="Northshire Compact")
    form = client.get(URL + f"?page=/compacts/{other.slug}/").context["form"]
    assert form.fields["compact"].initial == other
    assert client.get(URL + "?page=/consultations/").context["form"].fields["compact"].initial is None
    client.post(URL, posted(other))
    assert AccessibleFormatRequest.objects.get().compact == other


def _request(compact, **fields):
    return format_requests.submit_request(
        compact=compact,
        **{"page": "/", "format": Format.BRAILLE, "name": "Pat", "email": "pat@example.org", **fields},
    )


def test_the_answer_is_a_deadline_reminding_the_board_until_answered(compact, board_member):
    request = _request(compact)
    [deadline] = deadlines.format_request_answer_due([request.pk])
    assert (deadline.due_on, deadline.compact_id, deadline.notify_board) == (date(2026, 4, 14), compact.pk, True)
    assert deadline.title == "Answer a request for a page in braille"
    assert deadline.url == reverse("admin:undertakings_accessibleformatrequest_change", args=[request.pk])
    format_requests.answer_request(format_request=request, answer="Posted today", by=board_member)
    assert list(deadlines.format_request_answer_due([request.pk])) == []


def test_waiting_requests_are_in_the_board_queue(compact):
    _request(compact)
    waiting = {item.key: item for item in board_queue.waiting_for({compact.pk}, date(2026, 3, 27))}
    assert waiting["format_requests"].count == 1
    assert waiting["format_requests"].url.endswith("?status__exact=waiting")
    assert "format_requests" not in {
        i.key for i in board_queue.waiting_for({factories.CompactFactory().pk}, date(2026, 3, 27))
    }


def test_the_board_records_the_answer_in_the_admin_and_the_requester_is_emailed(
    client, compact, board_member, django_capture_on_commit_callbacks
):
    request = _request(compact)
    mail.outbox.clear()
    client.force_login(board_member)
    url = reverse("admin:undertakings_accessibleformatrequest_change", args=[request.pk])
    assert client.post(url, {"answer": "  "}).status_code == 200
    assert AccessibleFormatRequest.objects.get().status == AccessibleFormatRequest.Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "The braille copy was posted to you today."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answered_by) == (AccessibleFormatRequest.Status.ANSWERED, board_member)
    [message] = mail.outbox
    assert message.to == ["pat@example.org"]
    assert "The braille copy was posted to you today." in message.body
    assert "What to do next" in message.body
    # Once answered, the answer is kept as it was sent.
    assert 'name="answer"' not in client.get(url).content.decode()
