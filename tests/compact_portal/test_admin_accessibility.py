"""What the board's admin pages give assistive technology beyond Django's own templates
(templates/admin/, compact_portal/admin_widgets.py): every field of a tabular inline labelled by
its column and row, date-and-time boxes labelled, messages and the selection counter announced,
the search box labelled in words. The browser run (tests/browser/test_every_page_accessible.py)
checks the same pages with axe."""

import pytest
from django.urls import reverse
from lxml import html

from compact_portal import workdays
from compact_portal.admin_widgets import LabelledSplitDateTime
from signatories.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content)


def _label_for(page, field):
    labels = page.xpath("//label[@for=$id]", id=field.get("id"))
    return " ".join(labels[0].text_content().split()) if labels else None


def _inline_fields(page):
    return [
        field
        for field in page.xpath(
            "//div[contains(@class, 'tabular')]//tbody//*[self::input or self::select or self::textarea]"
        )
        if field.get("type") != "hidden"
    ]


def test_every_field_of_the_sections_inline_is_labelled_by_its_column_and_row(client, board_member, edition):
    factories.SectionFactory(edition=edition, title="Consultation", slug="consultation")
    client.force_login(board_member)
    page = _page(client, reverse("admin:undertakings_edition_change", args=[edition.pk]))
    fields = _inline_fields(page)
    assert fields, "the edition's sections are an inline of its page"
    labels = {field.get("name"): _label_for(page, field) for field in fields}
    assert all(labels.values()), f"unlabelled: {[name for name, label in labels.items() if not label]}"
    assert labels["sections-0-title"] == "Title, section 1"
    assert labels["sections-1-title"] == "Title, section 2"
    assert labels["sections-__prefix__-title"] == "Title, new section"
    assert labels["sections-1-DELETE"] == "Delete, section 2"


def test_the_record_column_of_a_tabular_inline_has_a_header_that_says_what_it_holds(client, board_member, edition):
    client.force_login(board_member)
    page = _page(client, reverse("admin:undertakings_edition_change", args=[edition.pk]))
    headers = page.xpath("//div[contains(@class, 'tabular')]//thead//th")
    assert headers and all(header.text_content().strip() for header in headers)


def test_the_date_and_time_boxes_each_have_a_label():
    rendered = html.fromstring(LabelledSplitDateTime().render("start_time", None, {"id": "id_start_time"}))
    assert [(label.get("for"), label.text_content()) for label in rendered.xpath("//label")] == [
        ("id_start_time_0", "Date:"),
        ("id_start_time_1", "Time:"),
    ]


def test_every_admin_uses_labelled_date_and_time_boxes(client, superuser):
    client.force_login(superuser)
    page = _page(client, reverse("admin:django_celery_beat_periodictask_add"))
    box = page.xpath("//input[@name='start_time_0']")[0]
    assert _label_for(page, box) == "Date:"


def test_messages_after_an_action_are_announced(client, board_member, compact):
    reminder = Reminder.objects.create(
        recipient=board_member,
        compact=compact,
        kind="test",
        key="k1",
        title="Due",
        due_on=workdays.today(),
        lead="due",
        status=Reminder.Status.FAILED,
    )
    client.force_login(board_member)
    response = client.post(
        reverse("admin:signatories_reminder_changelist"),
        {"action": "retry", "_selected_action": [reminder.pk], "index": 0},
        follow=True,
    )
    page = html.fromstring(response.content)
    assert page.xpath("//*[@role='status']//ul[@class='messagelist']/li")


def test_the_selection_counter_is_announced_and_the_search_box_labelled_in_words(
    client, board_member, vcs_organisation
):
    client.force_login(board_member)
    page = _page(client, reverse("admin:signatories_organisation_changelist"))
    assert page.xpath("//span[contains(@class, 'action-counter')]/@role") == ["status"]
    assert _label_for(page, page.xpath("//input[@id='searchbar']")[0]) == "Search"
