"""Forms for the yearly review, through crispy-forms-gds (PortalFormMixin): opening a
self-assessment, answering one promise's undertakings, and the board's words in the annual
review. Rules are asked of `reviews.services`; these forms only collect and place messages."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import format_html

from compact_portal import workdays
from compact_portal.forms import DATE_HINT, DateField, PortalFormMixin

from . import selectors as review_selectors
from . import services as review_services
from . import survey as review_survey
from .models import Rating, SurveyScore

EXAMPLE_DATE = DATE_HINT


def date_field(label, *, required=True, help_text=EXAMPLE_DATE):
    return DateField(label, required=required, help_text=help_text)


def text_area(label, help_text, *, required=False, rows=5, max_length=10_000):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": f"{label} must be {max_length:,} characters or fewer",
            "required": f"Enter {label[0].lower()}{label[1:]}",
        },
    )


class OpenRoundForm(PortalFormMixin, forms.Form):
    submit_label = "Open the self-assessment"
    year = forms.IntegerField(
        label="Year to assess",
        min_value=2000,
        max_value=2100,
        help_text="Signatories rate how they kept their undertakings in this year",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year to assess",
            "invalid": "Enter the year as a number, like 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year before 2100",
        },
    )
    opens_on = date_field("Opening date")
    due_on = date_field("Due date", help_text=f"Signatories are reminded before this date. {EXAMPLE_DATE}")

    def __init__(self, *args, **kwargs):
        today = workdays.today()
        kwargs.setdefault(
            "initial",
            {
                "year": today.year,
                "opens_on": today,
                "due_on": workdays.add_weeks(today, review_services.DEFAULT_WEEKS_TO_RESPOND),
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        opens_on, due_on = cleaned.get("opens_on"), cleaned.get("due_on")
        if opens_on and due_on and due_on <= opens_on:
            self.add_error("due_on", f"The due date must be after the opening date, {workdays.format_date(opens_on)}")
        return cleaned


RATING_CHOICES = [(value, label) for value, label in Rating.choices]


class SectionAnswersForm(PortalFormMixin, forms.Form):
    """One promise or code's undertakings: a rating, evidence and comments for each. Nothing is
    required in a draft; submitting checks that every undertaking has a rating."""

    submit_label = "Save and return to your self-assessment"

    def __init__(self, *args, undertakings, responses, **kwargs):
        self.undertakings = list(undertakings)
        initial = {}
        for undertaking in self.undertakings:
            response = responses.get(undertaking.pk)
            if response is not None:
                initial.update(
                    {
                        f"u{undertaking.pk}_rating": response.rating,
                        f"u{undertaking.pk}_evidence": response.evidence,
                        f"u{undertaking.pk}_comments": response.comments,
                    }
                )
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        blocks = []
        for number, undertaking in enumerate(self.undertakings, start=1):
            prefix = f"u{undertaking.pk}"
            party = undertaking.get_party_display()
            self.fields[f"{prefix}_rating"] = forms.ChoiceField(
                label=f"How well did your organisation keep undertaking {undertaking.number or number}?",
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                help_text="",
            )
            self.fields[f"{prefix}_evidence"] = text_area(
                "Evidence",
                "What shows how you kept it: documents, meetings, figures. Say where the board can see them.",
                rows=3,
            )
            self.fields[f"{prefix}_comments"] = text_area(
                "Comments",
                "Anything the board should know, such as what got in the way or what you plan to do.",
                rows=3,
            )
            blocks.append(
                Fieldset(
                    HTML(
                        format_html(
                            '<p class="govuk-body" id="{}">{}</p><p class="govuk-body-s govuk-hint">Given by: {}</p>',
                            undertaking.anchor,
                            undertaking.text,
                            party,
                        )
                    ),
                    Field.radios(f"{prefix}_rating", legend_size=Size.SMALL, inline=True, small=True),
                    Field.textarea(f"{prefix}_evidence", rows=3),
                    Field.textarea(f"{prefix}_comments", rows=3),
                    legend=f"Undertaking {undertaking.number or number}",
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper.layout = Layout(*blocks)

    def answers(self) -> dict[int, review_services.Answer]:
        data = self.cleaned_data
        return {
            u.pk: review_services.Answer(
                data.get(f"u{u.pk}_rating") or "",
                data.get(f"u{u.pk}_evidence") or "",
                data.get(f"u{u.pk}_comments") or "",
            )
            for u in self.undertakings
        }


class AnnualReviewForm(PortalFormMixin, forms.Form):
    """The board's own words. The figures are assembled from the record when the report is built."""

    submit_label = "Save the annual review"

    def __init__(self, *args, review_obj, sections, **kwargs):
        self.sections = list(sections)
        commentary = {c.section_id: c.text for c in review_obj.commentaries.all()} if review_obj.pk else {}
        initial = {
            "operation": review_obj.operation,
            "difference_made": review_obj.difference_made,
            "annual_meeting_on": review_obj.annual_meeting_on,
            **{f"section_{s.pk}": commentary.get(s.pk, "") for s in self.sections},
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["operation"] = text_area(
            "How the Compact operated during the year",
            "How partners used the Compact: board meetings, the Compact champions, what went well and what did not.",
            rows=8,
        )
        for section in self.sections:
            self.fields[f"section_{section.pk}"] = text_area(
                review_selectors.section_label(section),
                f"How the {section.get_kind_display().lower()} operated this year. The self-assessment figures for it "
                "are added to the report.",
                rows=5,
            )
        self.fields["difference_made"] = text_area(
            "The difference the Compact made",
            "What changed for the voluntary and community sector and for the people it serves because of the Compact.",
            rows=8,
        )
        self.fields["annual_meeting_on"] = date_field(
            "Date of the annual meeting of signatories",
            required=False,
            help_text=f"Where the report is presented. Leave blank if not yet arranged. {EXAMPLE_DATE}",
        )
        self.helper.layout = Layout(
            Field.textarea("operation", label_size=Size.MEDIUM, rows=8),
            Fieldset(
                *[Field.textarea(f"section_{s.pk}", label_size=Size.SMALL, rows=5) for s in self.sections],
                legend="Each promise or code of practice",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("difference_made", label_size=Size.MEDIUM, rows=8),
            Field.text("annual_meeting_on", label_size=Size.SMALL),
        )

    def commentary(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"section_{s.pk}", "") for s in self.sections}


class ConfirmForm(PortalFormMixin, forms.Form):
    """A single button for a POST that changes something (chase, build, publish, submit)."""

    def __init__(self, *args, submit_label: str, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


# The annual Compact survey ---------------------------------------------------------------


class OpenSurveyForm(PortalFormMixin, forms.Form):
    submit_label = "Open the survey and email the signatories"
    year = forms.IntegerField(
        label="Year the survey asks about",
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year the survey asks about",
            "invalid": "Enter the year as a number, like 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year before 2100",
        },
    )
    opens_on = date_field("Opening date")
    closes_on = date_field(
        "Closing date", help_text=f"Organisations that have not answered are reminded before this date. {EXAMPLE_DATE}"
    )

    def __init__(self, *args, **kwargs):
        today = workdays.today()
        kwargs.setdefault(
            "initial",
            {
                "year": today.year,
                "opens_on": today,
                "closes_on": workdays.add_weeks(today, review_survey.DEFAULT_WEEKS_TO_ANSWER),
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on <= opens_on:
            self.add_error(
                "closes_on", f"The closing date must be after the opening date, {workdays.format_date(opens_on)}"
            )
        return cleaned


SCORE_CHOICES = [(str(value), label) for value, label in sorted(SurveyScore.choices, reverse=True)]
DONT_KNOW = "dont_know"


class SurveyAnswerForm(PortalFormMixin, forms.Form):
    """The relationship survey: overall, then each promise or code (with "Don't know"), then
    a comment. Answered once, for the organisation."""

    submit_label = "Send your answer"

    def __init__(self, *args, sections, **kwargs):
        self.sections = list(sections)
        super().__init__(*args, **kwargs)
        self.fields["overall"] = forms.TypedChoiceField(
            label="Overall, how well does the partnership between the public bodies and the voluntary and "
            "community sector work?",
            choices=SCORE_CHOICES,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose how well the partnership works overall"},
        )
        for section in self.sections:
            self.fields[f"section_{section.pk}"] = forms.ChoiceField(
                label=review_selectors.section_label(section),
                choices=[*SCORE_CHOICES, (DONT_KNOW, "Don't know")],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how well the partnership works under "
                    f"{review_selectors.section_label(section)}, or “Don't know”"
                },
            )
        self.fields["comment"] = text_area(
            "Anything else you would like the board to know (optional)",
            "Do not name people or organisations: comments are shown to the board without saying who wrote them.",
            rows=5,
            max_length=3000,
        )
        self.helper.layout = Layout(
            Field.radios("overall", legend_size=Size.MEDIUM),
            Fieldset(
                *[Field.radios(f"section_{s.pk}", legend_size=Size.SMALL, small=True) for s in self.sections],
                legend="How well does the partnership work under each promise or code of practice?",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("comment", label_size=Size.SMALL, rows=5),
        )

    def ratings(self) -> dict[int, int | None]:
        found = {}
        for section in self.sections:
            value = self.cleaned_data.get(f"section_{section.pk}")
            found[section.pk] = None if value in (None, "", DONT_KNOW) else int(value)
        return found
