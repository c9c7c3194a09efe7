"""What every form in the portal shares: the GOV.UK template pack through crispy-forms-gds,
an error summary at the top and one clear submit button."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

# The range of a 64-bit integer column: SQLite raises OverflowError for an id outside it in an
# `in` lookup instead of finding nothing.
LARGEST_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids no database column can hold before they reach a query."""

    def _check_values(self, value):
        for choice in value:
            try:
                number = int(str(choice).strip())
            except ValueError:
                continue
            if not -LARGEST_ID <= number <= LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": choice}
                )
        return super()._check_values(value)


# Dates people mean fall in this window. Outside it, deadline arithmetic (adding weeks, months,
# bank holidays) would run off the calendar's ends (year 1 or 9999).
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def validate_plausible_date(value: date) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}", code="implausible_date"
        )


HIDDEN_FIELD_ERROR = "The page was changed before it was sent. Go back, reload the page and try again."


class PortalFormMixin:
    """Adds a crispy FormHelper. Set `submit_label` on the form class to name the button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))
        # crispy-forms-gds's word/character count needs help_text on a textarea.
        for field in self.fields.values():
            if field.help_text is None:
                field.help_text = ""
            # crispy-forms-gds has no template for URL inputs: render them as GOV.UK text inputs.
            if isinstance(field.widget, forms.URLInput):
                field.widget = forms.TextInput(attrs={"type": "url", "spellcheck": "false", "autocomplete": "url"})

    def full_clean(self):
        """The error summary lists visible fields only, so an error on a hidden field (a page's
        version, the only organisation someone acts for) would leave it empty: say it at the top."""
        super().full_clean()
        hidden = [
            name for name in list(self._errors or {}) if name in self.fields and self.fields[name].widget.is_hidden
        ]
        for name in hidden:
            del self._errors[name]
        if hidden:
            self.add_error(None, HIDDEN_FIELD_ERROR)


def organisation_choice(queryset, *, label: str, required: str) -> forms.ModelChoiceField:
    """A choice among the person's organisations, as radios; with only one, it is chosen
    without asking (a hidden field)."""
    field = forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="",
        error_messages={"required": required},
    )
    if queryset.count() == 1:
        field.widget, field.initial = forms.HiddenInput(), queryset.first()
    return field
