"""Forms for officers running grant rounds and ending funding, and for organisations applying,
through crispy-forms-gds. Rules are asked of `rules.py` and `ending.py`; the forms place each
message by its field."""

from decimal import Decimal

from django import forms
from django.conf import settings

from compact_portal.forms import organisation_choice
from consultations import uploads
from consultations.forms import EXAMPLE_DATE, PortalForm, date_field, text_area
from consultations.models import FundingAgreement

from . import rules
from .models import GrantApplication, ImprovementPlan


def money_field(label, *, required=True):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": "Enter an amount in pounds, for example 2500 or 2500.50",
            "min_value": "Enter an amount greater than £0",
            "max_digits": "Enter an amount under £10,000,000,000",
            "max_decimal_places": "Enter an amount in pounds and pence, for example 2500.50",
        },
    )


class StartRoundForm(PortalForm):
    submit_label = "Start the round"

    def __init__(self, *args, funders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"] = organisation_choice(
            funders,
            label="Which public body is running the round?",
            required="Choose the public body running the round",
        )
        self.fields["title"] = forms.CharField(
            label="Name of the grant round",
            max_length=200,
            error_messages={"required": "Enter the name of the grant round"},
        )
        self.helper.layout = self.helper.build_default_layout(self)


class RoundForm(PortalForm):
    """The round's details and dates. Applications closing before the compact's lead-in are
    warned about with the date that keeps it; a shorter lead-in needs a published reason."""

    submit_label = "Save"

    def __init__(self, *args, grant_round, **kwargs):
        self.grant_round = grant_round
        self.timeline_rules = rules.rules_for(grant_round)
        lead_in = self.timeline_rules.grant_lead_in_weeks
        kwargs.setdefault(
            "initial",
            {
                name: getattr(grant_round, name)
                for name in (
                    "title",
                    "summary",
                    "eligibility",
                    "criteria",
                    "amount_available",
                    "opens_on",
                    "closes_on",
                    "short_lead_in_reason",
                    "grants_start_on",
                    "grants_end_on",
                    "payment_timing",
                )
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["title"] = forms.CharField(
            label="Name of the grant round",
            max_length=200,
            error_messages={"required": "Enter the name of the grant round"},
        )
        self.fields["summary"] = text_area("What the round funds", rows=4)
        self.fields["eligibility"] = text_area("Who may apply", rows=4)
        self.fields["criteria"] = text_area(
            "How applications are assessed",
            rows=4,
            help_text="The criteria and how each is weighed. They are published with the round.",
        )
        self.fields["amount_available"] = money_field("Amount available (£)")
        self.fields["opens_on"] = date_field("Applications open", name="the date applications open")
        self.fields["closes_on"] = date_field(
            "Applications close",
            name="the date applications close",
            help_text=f"The Compact asks for a lead-in of {rules.weeks(lead_in)}. {EXAMPLE_DATE}",
        )
        self.fields["short_lead_in_reason"] = text_area(
            "Reason for a shorter lead-in",
            required=False,
            rows=3,
            help_text=f"Only if applications close less than {rules.weeks(lead_in)} after they open. It is published.",
        )
        self.fields["grants_start_on"] = date_field("Grants start", name="the date grants start")
        self.fields["grants_end_on"] = date_field(
            "Grants end", name="the date grants end", help_text="The Compact prefers three-year grants where possible."
        )
        self.fields["payment_timing"] = forms.ChoiceField(
            label="Payment",
            choices=FundingAgreement.PaymentTiming.choices,
            widget=forms.RadioSelect,
            help_text="The Compact prefers payment in advance.",
        )
        self.warning = None
        self.helper.layout = self.helper.build_default_layout(self)

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on:
            self.warning = rules.lead_in_warning(
                opens_on, closes_on, self.timeline_rules, self.grant_round.compact.bank_holiday_region
            )
            refusal = rules.lead_in_refusal(
                opens_on, closes_on, self.timeline_rules, data.get("short_lead_in_reason", "")
            )
            if refusal:
                field = "closes_on" if closes_on <= opens_on else "short_lead_in_reason"
                message = (
                    refusal
                    if field == "closes_on"
                    else f"{self.warning.message} {refusal}"
                    if self.warning
                    else refusal
                )
                self.add_error(field, message)
        start, end = data.get("grants_start_on"), data.get("grants_end_on")
        if start and end and end <= start:
            self.add_error("grants_end_on", "Enter an end date after the date the grants start")
        return data


class ApplicationForm(PortalForm):
    submit_label = "Send application"

    def __init__(self, *args, organisations, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = None
        self.fields["organisation"] = organisation_choice(
            organisations,
            label="Which organisation are you applying for?",
            required="Choose the organisation you are applying for",
        )
        self.fields["project_title"] = forms.CharField(
            label="Name of the project", max_length=200, error_messages={"required": "Enter the name of the project"}
        )
        self.fields["project_summary"] = text_area(
            "What the money would do",
            rows=8,
            help_text="How the project meets the round's criteria. If awarded, this is published.",
        )
        self.fields["amount_requested"] = money_field("Amount requested (£)")
        limit = uploads.megabytes(settings.MAX_UPLOAD_BYTES)
        kept = (
            f" Leave empty to keep {existing.attachment_name}." if existing is not None and existing.attachment else ""
        )
        self.fields["attachment"] = forms.FileField(
            label="Attach a document (optional)",
            required=False,
            widget=forms.FileInput(attrs={"class": "govuk-file-upload"}),
            help_text="A budget or plan: a PDF, Word (DOCX), OpenDocument (ODT), PNG, JPEG or plain text file, "
            f"smaller than {limit}.{kept}",
        )
        if existing is not None:
            for name in ("project_title", "project_summary", "amount_requested"):
                self.fields[name].initial = getattr(existing, name)
        self.helper.layout = self.helper.build_default_layout(self)

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment:
            self.checked = uploads.validate_attachment(attachment)
        return attachment


class DecisionForm(PortalForm):
    submit_label = "Save the decision"

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "assessment": application.assessment,
                "outcome": application.outcome or None,
                "reasons": application.reasons,
                "amount_awarded": application.amount_awarded,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["assessment"] = text_area(
            "Assessment against the criteria", rows=6, required_message="Enter the assessment against the criteria"
        )
        self.fields["outcome"] = forms.ChoiceField(
            label="Decision",
            widget=forms.RadioSelect,
            help_text="",
            choices=[
                (GrantApplication.Outcome.AWARDED, "Award a grant"),
                (GrantApplication.Outcome.UNSUCCESSFUL, "Unsuccessful"),
            ],
            error_messages={"required": "Choose the decision"},
        )
        self.fields["amount_awarded"] = money_field("Amount awarded (£)", required=False)
        self.fields["reasons"] = text_area(
            "Reasons for the decision",
            rows=5,
            help_text="Sent to the organisation with the award letter or the feedback.",
            required_message="Enter the reasons for the decision",
        )
        self.helper.layout = self.helper.build_default_layout(self)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == GrantApplication.Outcome.AWARDED and not data.get("amount_awarded"):
            self.add_error("amount_awarded", "Enter the amount awarded")
        return data


class ImprovementPlanForm(PortalForm):
    submit_label = "Save the improvement plan"

    def __init__(self, *args, plan=None, **kwargs):
        if plan is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(plan, name)
                    for name in (
                        "concern",
                        "actions",
                        "agreed_with",
                        "starts_on",
                        "ends_on",
                        "outcome",
                        "outcome_notes",
                    )
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["concern"] = text_area("The performance concern", rows=4)
        self.fields["actions"] = text_area(
            "What the organisation will do, and the support offered",
            rows=5,
            required_message="Enter what the organisation will do and the support offered",
        )
        self.fields["agreed_with"] = forms.CharField(
            label="Agreed with (name and role)",
            max_length=200,
            error_messages={"required": "Enter who at the organisation agreed the plan"},
        )
        self.fields["starts_on"] = date_field("Timetable starts", name="the date the timetable starts")
        self.fields["ends_on"] = date_field("Timetable ends", name="the date the timetable ends")
        self.fields["outcome"] = forms.ChoiceField(
            label="Outcome",
            choices=ImprovementPlan.Outcome.choices,
            required=False,
            widget=forms.RadioSelect,
            help_text="Once the timetable has ended.",
        )
        self.fields["outcome_notes"] = text_area("What happened", required=False, rows=3)
        self.helper.layout = self.helper.build_default_layout(self)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", "Enter an end date for the timetable after its start")
        return data


class NoticeForm(PortalForm):
    submit_label = "Give notice"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"] = text_area("Reasons for ending the funding", rows=5)
        self.fields["winding_down_costs"] = text_area(
            "Winding-down costs considered",
            rows=4,
            required_message="Enter how the costs of winding down were considered",
        )
        self.fields["notice_starts_on"] = date_field("Notice starts", name="the date the notice starts")
        self.fields["notice_ends_on"] = date_field("Notice ends", name="the date the notice ends")
        self.helper.layout = self.helper.build_default_layout(self)
