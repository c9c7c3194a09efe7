"""The GOV.UK date input (compact_portal.forms.DateField): three boxes, a message naming the
date and saying what is wrong, only the boxes at fault marked, and the error summary sending
focus to the first of them. Radio and checkbox groups send it to their first input."""

import re
from datetime import date

import pytest
from django import forms
from django.template import Context, Template

from compact_portal.forms import DateField, PortalFormMixin


class ConsultationDates(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Funding"), ("b", "Policy")], widget=forms.RadioSelect)
    parties = forms.MultipleChoiceField(
        label="Parties", choices=[("p", "Public"), ("v", "VCS")], widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label="Title")
    opens_on = DateField("Opening date")
    closes_on = DateField("Closing date", required=False)


def typed(name, day, month, year):
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def errors_for(data):
    form = ConsultationDates({"kind": "a", "parties": ["p"], "title": "Grants", **data})
    form.is_valid()
    return form


def test_a_date_in_three_boxes_is_read():
    form = errors_for(typed("opens_on", "2", "3", "2027") | typed("closes_on", " 27 ", "03", "2027"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_on"] == date(2027, 3, 2)
    assert form.cleaned_data["closes_on"] == date(2027, 3, 27)


def test_a_date_sent_as_one_value_is_read():
    form = errors_for({"opens_on": "2/3/2027", "closes_on": "2027-03-27"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["opens_on"], form.cleaned_data["closes_on"]) == (date(2027, 3, 2), date(2027, 3, 27))


def test_a_missing_required_date_is_asked_for_by_name():
    form = errors_for(typed("opens_on", "", "", ""))
    assert form.errors["opens_on"] == ["Enter the opening date"]
    assert form["opens_on"].error_parts == ("day", "month", "year")


def test_an_optional_date_left_blank_is_none():
    form = errors_for(typed("opens_on", "2", "3", "2027") | typed("closes_on", "", "", ""))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["closes_on"] is None


@pytest.mark.parametrize(
    "day, month, year, message, parts",
    [
        ("", "3", "2027", "The opening date must include a day", ("day",)),
        ("2", "", "", "The opening date must include a month and year", ("month", "year")),
        ("31", "2", "2027", "The opening date must be a real date", ("day",)),
        ("2", "13", "2027", "The opening date must be a real date", ("month",)),
        ("2", "3", "27", "The opening date must be a real date", ("year",)),
        ("two", "3", "2027", "The opening date must be a real date", ("day",)),
        ("2", "3", "1850", "Enter a date between 1900 and 2100", ("year",)),
    ],
)
def test_a_wrong_date_says_which_date_and_marks_only_the_boxes_at_fault(day, month, year, message, parts):
    form = errors_for(typed("opens_on", day, month, year))
    assert form.errors["opens_on"] == [message]
    assert form["opens_on"].error_parts == parts
    html = str(form["opens_on"])
    marked = re.findall(r'name="opens_on_(\w+)"[^>]*govuk-input--error', html)
    assert tuple(marked) == parts
    assert f'value="{day}"' in html or not day  # what was typed is kept


def test_two_wrong_dates_have_different_messages():
    form = errors_for(typed("opens_on", "31", "2", "2027") | typed("closes_on", "30", "2", "2027"))
    assert form.errors["opens_on"] == ["The opening date must be a real date"]
    assert form.errors["closes_on"] == ["The closing date must be a real date"]


def test_an_error_added_by_a_rule_marks_every_box():
    form = errors_for(typed("opens_on", "2", "3", "2027"))
    form.add_error("opens_on", "Enter an opening date that is today or in the future")
    assert form["opens_on"].error_parts == ("day", "month", "year")
    assert str(form["opens_on"]).count("govuk-input--error") == 3


def test_the_boxes_are_labelled_day_month_and_year_in_a_group():
    form = ConsultationDates()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    for part in ("day", "month", "year"):
        assert f'for="id_opens_on_{part}"' in html and f'id="id_opens_on_{part}"' in html
    assert '<fieldset class="govuk-fieldset" role="group"' in html


def summary_links(form) -> list[str]:
    html = Template("{% load crispy_forms_gds %}{% error_summary form %}").render(Context({"form": form}))
    return re.findall(r'<a href="#([^"]+)"', html)


def rendered_ids(form) -> set[str]:
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    return set(re.findall(r'<input[^>]*\sid="([^"]+)"', html, flags=re.S))


def test_every_error_summary_link_lands_on_an_input_of_its_field():
    form = ConsultationDates({**typed("opens_on", "2", "", "2027"), **typed("closes_on", "31", "2", "2027")})
    assert not form.is_valid()
    links = summary_links(form)
    assert links == ["id_kind_1", "id_parties_1", "id_title", "id_opens_on_month", "id_closes_on_day"]
    assert set(links) <= rendered_ids(form)


def test_the_error_summary_of_the_sign_in_pages_uses_the_same_targets():
    form = ConsultationDates({})
    form.is_valid()
    html = Template('{% include "includes/error_summary.html" %}').render(Context({"form": form}))
    assert re.findall(r'<a href="#([^"]+)"', html) == ["id_kind_1", "id_parties_1", "id_title", "id_opens_on_day"]
