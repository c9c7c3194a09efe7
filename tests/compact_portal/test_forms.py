"""What every portal form shares: errors on hidden fields reach the error summary, ids too large
for a database column are refused without a query, and dates stay on the calendar."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError

from compact_portal.forms import HIDDEN_FIELD_ERROR, ModelMultipleChoiceField, PortalFormMixin, validate_plausible_date
from signatories.models import Organisation


class VersionedForm(PortalFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField()


def test_an_error_on_a_hidden_field_is_said_at_the_top_of_the_form():
    form = VersionedForm({"version": "not a number", "title": "A title"})
    assert not form.is_valid()
    assert form.non_field_errors() == [HIDDEN_FIELD_ERROR]
    assert "version" not in form.errors


def test_visible_field_errors_stay_by_their_field():
    form = VersionedForm({"version": "3", "title": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["99999999999999999999", "-99999999999999999999"])
def test_an_id_too_large_for_any_column_is_an_invalid_choice(vcs_organisation, choice):
    field = ModelMultipleChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(ValidationError) as refused:
        field.clean([str(vcs_organisation.pk), choice])
    assert refused.value.code == "invalid_choice"


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31)])
def test_dates_off_the_ends_of_the_calendar_are_refused(day):
    with pytest.raises(ValidationError, match="Enter a date between 1900 and 2100"):
        validate_plausible_date(day)


def test_ordinary_dates_are_accepted():
    validate_plausible_date(date(2026, 2, 2))
    validate_plausible_date(None)
