"""The admin's change lists with a county's data (compact_portal.admin_lists): a large
table's size estimated and said to be, filters found along an index, no sidebar."""

from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from compact_portal import admin_lists
from signatories.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db


def _reminders(count, **fields):
    person = factories.UserFactory()
    Reminder.objects.bulk_create(
        [
            Reminder(
                key=f"r{n}|{fields.get('kind', 'payment_late')}",
                deadline_key=f"d{n}",
                kind=fields.get("kind", "payment_late"),
                lead="due",
                due_on="2027-01-04",
                title=f"Reminder {n}",
                url="/",
                recipient=person,
            )
            for n in range(count)
        ]
    )


def _list(client, superuser, query=""):
    client.force_login(superuser)
    return unescape(client.get(reverse("admin:signatories_reminder_changelist") + query).content.decode())


def test_the_kind_filter_lists_each_kind_once(client, superuser):
    _reminders(3, kind="payment_late")
    _reminders(2, kind="consultation_closes")
    assert admin_lists.distinct_values(Reminder, "kind") == ["consultation_closes", "payment_late"]
    page = _list(client, superuser)
    assert "?kind=consultation_closes" in page and "?kind=payment_late" in page
    assert "5 reminders" in page and "About" not in page


def test_admin_pages_have_no_sidebar_of_every_model(client, superuser):
    page = _list(client, superuser)
    assert 'id="nav-sidebar"' not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps the estimate")
def test_a_whole_large_table_is_counted_by_the_estimate_and_says_so(client, superuser, monkeypatch):
    _reminders(30, kind="payment_late")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE signatories_reminder")
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 10)
    assert "About 30 reminders" in _list(client, superuser)
    filtered = _list(client, superuser, "?q=Reminder+7")
    assert "3 results" in filtered and "About 3" not in filtered  # searched: counted exactly
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 1000)
    assert "About" not in _list(client, superuser)
