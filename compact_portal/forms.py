"""What every form in the portal shares: the GOV.UK template pack through crispy-forms-gds,
an error summary at the top and one clear submit button."""

from datetime import date, datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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


# GOV.UK date input ----------------------------------------------------------------------------
# A date a person enters is asked for in three boxes (day, month, year), as the GOV.UK Design
# System does: https://design-system.service.gov.uk/components/date-input/. The messages name
# the date ("The closing date must be a real date") so that a summary listing two dates says
# which is wrong, and only the boxes at fault are marked.

DATE_PARTS = ("day", "month", "year")
DATE_HINT = "For example, 27 3 2027"
# A date sent as one value (a script, an old bookmark of a form, a test) is read in these formats.
SINGLE_VALUE_FORMATS = ("%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d")


class DateInputWidget(forms.MultiWidget):
    """Three numeric boxes named `<name>_day`, `<name>_month` and `<name>_year`."""

    template_name = "compact_portal/widgets/date_input.html"

    def __init__(self, attrs=None):
        def box(width):
            classes = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            return forms.TextInput(attrs={"class": classes, "inputmode": "numeric"})

        super().__init__({"day": box(2), "month": box(2), "year": box(4)}, attrs)
        self.error_parts = ()

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.error_parts = ()
        return copied

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if name in data and not any(f"{name}_{part}" in data for part in DATE_PARTS):
            return data.get(name)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def _render(self, template_name, context, renderer=None):
        # The template lives with the portal's own (templates/), which the form renderer does not search.
        return mark_safe(render_to_string(template_name, context))  # nosec B308 B703 - a template, escaped there

    def get_context(self, name, value, attrs):
        if isinstance(value, str):  # a single value sent back: show it in the boxes if it reads as a date
            value = _read_single_value(value) or [None, None, None]
        context = super().get_context(name, value, attrs)
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = part.capitalize()
            attrs = subwidget["attrs"]
            attrs.pop("aria-describedby", None)  # the group's fieldset carries the hint and the error
            attrs.pop("aria-invalid", None)
            if attrs.get("id"):
                attrs["id"] = f"{context['widget']['attrs']['id']}_{part}"
            if part in self.error_parts:
                attrs["class"] += " govuk-input--error"
                attrs["aria-invalid"] = "true"
        return context


def _read_single_value(value: str) -> list | None:
    for format in SINGLE_VALUE_FORMATS:
        try:
            parsed = datetime.strptime(value.strip(), format).date()
        except ValueError:
            continue
        return [parsed.day, parsed.month, f"{parsed.year:04d}"]
    return None


def _number_within(text: str, highest: int) -> bool:
    return text.isdigit() and 1 <= int(text) <= highest


class DateBoundField(forms.BoundField):
    """Tells the widget which boxes to mark and the error summary where to send focus."""

    @property
    def error_parts(self) -> tuple:
        if not self.errors:
            return ()
        # An error about the date as a whole (a rule, not the typing) marks every box.
        return self.field.error_parts or DATE_PARTS

    @property
    def error_target_id(self) -> str:
        return f"{self.auto_id}_{(self.error_parts or DATE_PARTS)[0]}"

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        (widget or self.field.widget).error_parts = self.error_parts
        return super().as_widget(widget, attrs, only_initial)


class DateField(forms.MultiValueField):
    """A date in the GOV.UK date input. `label` is the question ("Closing date"); `name` is how
    messages speak of the date ("the closing date"), taken from the label unless given."""

    widget = DateInputWidget

    def __init__(self, label, *, required=True, help_text=DATE_HINT, name=None, required_message=None, **kwargs):
        self.date_name = name or f"the {label[0].lower()}{label[1:]}"
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        kwargs.setdefault("validators", [validate_plausible_date])
        super().__init__(
            fields,
            label=label,
            required=required,
            help_text=help_text,
            require_all_fields=False,
            error_messages={"required": required_message or f"Enter {self.date_name}"},
            **kwargs,
        )
        self.error_parts = ()

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def _refuse(self, message, parts, code):
        self.error_parts = tuple(parts)
        raise ValidationError(message, code=code)

    def clean(self, value):
        self.error_parts = ()
        subject = f"{self.date_name[0].upper()}{self.date_name[1:]}"
        if isinstance(value, date):
            value = [value.day, value.month, value.year]
        elif isinstance(value, str):
            typed, value = value.strip(), _read_single_value(value)
            if typed and value is None:
                self._refuse(f"{subject} must be a real date", DATE_PARTS, "invalid")
        day, month, year = [str(part).strip() if part is not None else "" for part in (value or ["", "", ""])][:3]
        missing = [part for part, text in zip(DATE_PARTS, (day, month, year), strict=True) if not text]
        if len(missing) == 3:
            if self.required:
                self._refuse(self.error_messages["required"], DATE_PARTS, "required")
            return None
        if missing:
            self._refuse(f"{subject} must include a {' and '.join(missing)}", missing, "incomplete")
        wrong = [part for part, text, top in (("day", day, 31), ("month", month, 12)) if not _number_within(text, top)]
        if not (year.isdigit() and len(year) == 4):
            wrong.append("year")
        if wrong:
            self._refuse(f"{subject} must be a real date", wrong, "invalid")
        try:
            result = date(int(year), int(month), int(day))
        except ValueError:
            self._refuse(f"{subject} must be a real date", ["day"], "invalid")
        try:
            self.run_validators(result)
        except ValidationError:
            self.error_parts = ("year",)
            raise
        return result

    def compress(self, data_list):  # clean() above builds the date itself
        raise NotImplementedError

    def has_changed(self, initial, data):
        kept = self.error_parts
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True
        finally:
            self.error_parts = kept
