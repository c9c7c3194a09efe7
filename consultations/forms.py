"""Forms for officers and VCS organisations, all through crispy-forms-gds (PortalFormMixin).

Officer forms carry the consultation's `version` in a hidden field: the service refuses a stale
one, and `show_conflict` keeps what the officer typed and explains what happened. Rules are
asked of `rules.py`, never re-derived here; the forms only place each message by its field.
"""

from django import forms
from django.conf import settings

from compact_portal import workdays
from compact_portal.forms import DATE_HINT, DateField, ModelMultipleChoiceField, PortalFormMixin, organisation_choice
from compact_portal.workdays import format_date
from signatories.models import Organisation, Sector

from . import permissions, rules, uploads
from .models import Consultation, Decision, FundingAgreement

EXAMPLE_DATE = DATE_HINT


def date_field(label, *, required=True, help_text=EXAMPLE_DATE, required_message=None, name=None):
    return DateField(label, required=required, help_text=help_text, required_message=required_message, name=name)


def text_area(label, *, required=True, help_text="", required_message=None, rows=6):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or f"Enter {label[0].lower()}{label[1:]}"},
    )


class PortalForm(PortalFormMixin, forms.Form):
    """Adds a way to drop fields after construction without the layout pointing at them."""

    def drop(self, *names):
        for name in names:
            self.fields.pop(name, None)
        self.helper.layout = self.helper.build_default_layout(self)


class VersionedForm(PortalForm):
    """A form that writes to a consultation, starting from the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, consultation: Consultation, **kwargs):
        self.consultation = consultation
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {**self.initial_from(consultation), **kwargs["initial"], "version": consultation.version}
        super().__init__(*args, **kwargs)

    def initial_from(self, consultation) -> dict:
        return {}

    def show_conflict(self, error) -> None:
        """Keep the officer's input, explain, and let a second save replace the current version."""
        self.add_error(None, str(error))
        data = self.data.copy()
        data["version"] = error.current.version
        self.data = data


# Starting and drafting ----------------------------------------------------------------

KIND_HELP = {
    Consultation.Kind.FUNDING_REDUCTION: "Reducing or ending a grant or contract, or decommissioning a service",
    Consultation.Kind.FUNDING_POLICY: "Changing how funding is given: criteria, procedures, monitoring",
    Consultation.Kind.OTHER_POLICY: "Any other policy that affects voluntary and community organisations",
}


def _kind_field():
    return forms.ChoiceField(
        label="What is the consultation about?",
        choices=Consultation.Kind.choices,
        widget=forms.RadioSelect,
        help_text="",
        error_messages={"required": "Choose what the consultation is about"},
    )


def _title_field():
    return forms.CharField(
        label="Title",
        max_length=200,
        help_text="A name the public will recognise, for example “Changes to community transport grants”",
        error_messages={"required": "Enter a title for the consultation"},
    )


class StartForm(PortalForm):
    """Step 1 for a new consultation: who is consulting, about what."""

    submit_label = "Save and continue"
    owner = forms.ModelChoiceField(
        label="Which public body is consulting?",
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="",
        error_messages={"required": "Choose the public body that is consulting"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = _kind_field()
        self.fields["title"] = _title_field()
        owners = permissions.officer_organisations(user).order_by("name")
        self.fields["owner"].queryset = owners
        if owners.count() == 1:
            self.fields["owner"].initial = owners.first()
            self.fields["owner"].widget = forms.HiddenInput()
        self.helper.layout = self.helper.build_default_layout(self)


class KindForm(VersionedForm):
    submit_label = "Save and continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = _kind_field()
        self.fields["title"] = _title_field()
        self.helper.layout = self.helper.build_default_layout(self)

    def initial_from(self, consultation):
        return {"kind": consultation.kind, "title": consultation.title}


class AgreementChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, agreement):
        return (
            f"{agreement.title} with {agreement.recipient.name}: £{agreement.amount:,.0f}, "
            f"ends {format_date(agreement.ends_on)}"
        )


class AffectedForm(VersionedForm):
    submit_label = "Save and continue"
    affected_organisations = ModelMultipleChoiceField(
        label="Which voluntary and community organisations are affected?",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="They are emailed when the consultation opens. Any VCS signatory can respond.",
        error_messages={"required": "Select at least one organisation affected by the proposal"},
    )
    affected_agreements = AgreementChoiceField(
        label="Which of your funding agreements would change?",
        queryset=FundingAgreement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave blank if none would",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.consultation
        self.fields["affected_organisations"].queryset = Organisation.objects.filter(
            compact=c.compact, sector=Sector.VCS, status__in=permissions.ACCEPTED
        ).order_by("name")
        agreements = FundingAgreement.objects.filter(funder=c.owner).select_related("recipient").order_by("title")
        self.fields["affected_agreements"].queryset = agreements
        if not agreements.exists():
            self.drop("affected_agreements")

    def initial_from(self, consultation):
        return {
            "affected_organisations": [o.pk for o in consultation.affected_organisations.all()],
            "affected_agreements": [a.pk for a in consultation.affected_agreements.all()],
        }

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("affected_organisations") or [])
        for agreement in cleaned.get("affected_agreements") or []:
            if chosen and agreement.recipient not in chosen:
                self.add_error(
                    "affected_agreements",
                    f"{agreement.title} is with {agreement.recipient.name}: "
                    f"select {agreement.recipient.name} as an affected organisation too",
                )
        return cleaned


class ProposalForm(VersionedForm):
    submit_label = "Save and continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        funding = self.consultation.is_funding_change
        needed = "Required before a funding change is launched. " if funding else ""
        self.fields["proposal"] = text_area(
            "The proposal",
            help_text="What would change, for whom, from when, and why",
            required_message="Describe the proposal",
        )
        self.fields["criteria"] = text_area(
            "Criteria on which the decision will be made",
            required=False,
            help_text=f"{needed}Published when the consultation opens",
        )
        self.fields["revised_outcomes"] = text_area(
            "Revised outcomes",
            required=False,
            help_text=f"{needed}What the funding would achieve after the change. Published when the consultation opens",
        )
        self.helper.layout = self.helper.build_default_layout(self)

    def initial_from(self, consultation):
        return {
            "proposal": consultation.proposal,
            "criteria": consultation.criteria,
            "revised_outcomes": consultation.revised_outcomes,
        }


class DatesForm(VersionedForm):
    """When the consultation runs. The close date defaults to the compact's standard period;
    a shorter one needs a published reason (and each affected organisation's consent, which the
    launch checks); never below the minimum; over holidays the officer is offered a later date."""

    submit_label = "Save and continue"
    CORRECTED, KEEP = "corrected", "keep"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.consultation
        self.timeline_rules, self.region = rules.rules_for(c), rules.region_for(c)
        self.holiday_periods = rules.holiday_periods_for(c)
        standard, minimum = self.timeline_rules.consultation_weeks, self.timeline_rules.minimum_consultation_weeks
        self.fields["opens_on"] = date_field("Opening date", required_message="Enter the date the consultation opens")
        self.fields["closes_on"] = date_field(
            "Closing date",
            required=False,
            help_text=f"Leave blank for the standard {rules.weeks(standard)}. {EXAMPLE_DATE}",
        )
        self.fields["shortened_reason"] = text_area(
            "Reason for a shorter period",
            required=False,
            rows=3,
            help_text=f"Only if it runs for less than {rules.weeks(standard)}, and never less than "
            f"{rules.weeks(minimum)}. The reason is published, and every affected organisation must "
            f"agree before launch.",
        )
        self.fields["holiday_choice"] = forms.ChoiceField(
            label="Which closing date do you want?", widget=forms.RadioSelect, required=False, choices=[], help_text=""
        )
        self.fields["holiday_reason"] = text_area(
            "Reason for keeping dates that run over the holidays",
            required=False,
            rows=3,
            help_text="Only if you keep your closing date. The reason is published with the consultation; without "
            "one, running over a holiday period counts as a departure from the Compact.",
        )
        self.warning = self._warning_from_input()
        if self.warning is None:
            self.drop("holiday_choice")
            self.drop("holiday_reason")
        else:
            self._offer(self.warning)
            self.helper.layout = self.helper.build_default_layout(self)

    def initial_from(self, consultation):
        initial = {
            "opens_on": consultation.opens_on,
            "closes_on": consultation.requested_closes_on,
            "shortened_reason": consultation.shortened_reason,
            "holiday_reason": consultation.holiday_reason,
        }
        if consultation.holiday_extension_days:
            initial["holiday_choice"] = self.CORRECTED
        return initial

    def _parse(self, name):
        field = self.fields[name]
        if self.is_bound:
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        else:
            raw = self.initial.get(name)
        try:
            return self.fields[name].clean(raw)
        except forms.ValidationError:
            return None

    def _requested(self, opens_on, closes_on):
        return closes_on or rules.standard_closes_on(opens_on, self.timeline_rules, self.region)

    def _warning_from_input(self):
        opens_on = self._parse("opens_on")
        if opens_on is None:
            return None
        requested = self._requested(opens_on, self._parse("closes_on"))
        if rules.period_refusal(opens_on, requested, self.timeline_rules, self.region, self.holiday_periods):
            # The refusal already suggests the one date that keeps every rule; offering to
            # keep a date under the floor would contradict it.
            return None
        return rules.holiday_warning(opens_on, requested, self.timeline_rules, self.region, self.holiday_periods)

    def _offer(self, warning):
        self.fields["holiday_choice"].choices = [
            (self.CORRECTED, f"Close on {format_date(warning.corrected_closes_on)} (recommended)"),
            (self.KEEP, f"Keep {format_date(warning.closes_on)}"),
        ]
        self.fields[
            "holiday_choice"
        ].help_text = f"The period runs over the {warning.names}. Closing later gives back the days lost to them."

    def clean_opens_on(self):
        opens_on = self.cleaned_data["opens_on"]
        if opens_on and opens_on < workdays.today():
            raise forms.ValidationError("Enter an opening date that is today or in the future")
        return opens_on

    def clean(self):
        cleaned = super().clean()
        opens_on = cleaned.get("opens_on")
        if opens_on is None or self.has_error("closes_on"):
            return cleaned
        requested = self._requested(opens_on, cleaned.get("closes_on"))
        refusal = rules.period_refusal(opens_on, requested, self.timeline_rules, self.region, self.holiday_periods)
        if refusal:
            self.add_error("closes_on", refusal)
            return cleaned
        warning = rules.holiday_warning(opens_on, requested, self.timeline_rules, self.region, self.holiday_periods)
        closes_on, extension, holiday_reason = requested, 0, ""
        if warning:
            choice = cleaned.get("holiday_choice")
            if choice not in (self.CORRECTED, self.KEEP):
                self.add_error(
                    "holiday_choice" if "holiday_choice" in self.fields else "closes_on",
                    f"Choose whether to close on {format_date(warning.corrected_closes_on)} to make up "
                    f"for the {warning.names}, or to keep {format_date(warning.closes_on)}",
                )
            elif choice == self.CORRECTED:
                closes_on = warning.corrected_closes_on
                extension = workdays.days_between(requested, closes_on)
            else:
                holiday_reason = cleaned.get("holiday_reason", "").strip()
                if not holiday_reason:
                    # West Cheshire s.2 (3): running over a holiday period needs a reason, or it
                    # is a departure from the Compact.
                    self.add_error(
                        "holiday_reason" if "holiday_reason" in self.fields else "closes_on",
                        f"Give the reason for keeping {format_date(warning.closes_on)} over the {warning.names}; "
                        f"it is published with the consultation",
                    )
        if (
            rules.is_shortened(opens_on, closes_on, self.timeline_rules)
            and not cleaned.get("shortened_reason", "").strip()
        ):
            self.add_error(
                "shortened_reason", "Give the reason for the shorter period; it is published with the consultation"
            )
        cleaned.update(closes_on=closes_on, holiday_extension_days=extension, holiday_reason=holiday_reason)
        return cleaned

    def draft_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("opens_on", "closes_on", "shortened_reason", "holiday_extension_days", "holiday_reason")
        }


def _on_behalf_reason_field():
    return text_area(
        "Why are you recording this for the organisation?",
        rows=3,
        help_text="The organisation normally answers for itself in the portal. Your reason is shown with the "
        "answer on the consultation's page, its timeline and in the annual review.",
        required_message="Give the reason you are recording this on the organisation's behalf",
    )


class ConsentForm(VersionedForm):
    """An officer records agreement on an organisation's behalf: only with a stated reason."""

    submit_label = "Record agreement on the organisation's behalf"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.consultation
        self.fields["organisation"] = forms.ModelChoiceField(
            label="Which organisation agreed?",
            queryset=c.affected_organisations.order_by("name"),
            widget=forms.RadioSelect,
            empty_label=None,
            help_text="",
            error_messages={"required": "Choose the organisation that agreed"},
        )
        self.fields["given_by"] = forms.CharField(
            label="Who agreed for the organisation?",
            max_length=200,
            help_text="Their name and role, for example “Asha Patel, Chief executive”",
            error_messages={"required": "Enter the name and role of the person who agreed"},
        )
        self.fields["given_on"] = date_field("Date they agreed", required_message="Enter the date they agreed")
        self.fields["reason"] = _on_behalf_reason_field()
        self.helper.layout = self.helper.build_default_layout(self)

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        opens_on = self.consultation.opens_on
        if given_on > workdays.today():
            raise forms.ValidationError("Enter a date that is today or in the past")
        if opens_on and given_on > opens_on:
            # Wiltshire; West Cheshire s.2 (3): consent is agreed at the outset.
            raise forms.ValidationError(
                f"Agreement must be given at the outset: enter a date on or before the "
                f"opening date, {format_date(opens_on)}"
            )
        return given_on


class ImpactAssessmentForm(VersionedForm):
    submit_label = "Save impact assessment"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"] = text_area(
            "What the assessment found",
            required=False,
            help_text="The effects of the proposal on the organisations and the people they serve",
        )
        self.fields["equalities"] = text_area(
            "Equalities impact",
            required=False,
            help_text="Which groups sharing a protected characteristic would be affected, and how",
        )
        self.fields["completed_on"] = date_field(
            "Date completed", required=False, help_text=f"Leave blank until the assessment is finished. {EXAMPLE_DATE}"
        )
        self.helper.layout = self.helper.build_default_layout(self)

    def initial_from(self, consultation):
        assessment = getattr(consultation, "impact_assessment", None)
        if assessment is None:
            return {}
        return {name: getattr(assessment, name) for name in ("summary", "equalities", "completed_on")}

    def clean(self):
        cleaned = super().clean()
        completed_on = cleaned.get("completed_on")
        if completed_on:
            for name, message in [
                ("summary", "Describe what the assessment found before marking it complete"),
                ("equalities", "Describe the equalities impact before marking the assessment complete"),
            ]:
                if not cleaned.get(name, "").strip():
                    self.add_error(name, message)
            assessment = getattr(self.consultation, "impact_assessment", None)
            # Wiltshire funding promise; West Cheshire s.6 (5): done jointly with the VCS.
            if not (
                any(p.is_agreed for p in self.consultation.participations.all())
                or (assessment and assessment.vcs_representatives.strip())
            ):
                self.add_error(
                    "completed_on",
                    "The assessment is done jointly with the VCS: at least one affected "
                    "organisation must agree to take part before it is marked complete",
                )
            opens_on = self.consultation.opens_on
            if completed_on > workdays.today():
                self.add_error("completed_on", "Enter a completion date that is today or in the past")
            elif opens_on and completed_on < opens_on:
                self.add_error(
                    "completed_on",
                    f"The assessment is completed during the consultation: enter a date "
                    f"on or after it opened, {format_date(opens_on)}",
                )
        return cleaned


class FeedbackForm(VersionedForm):
    submit_label = "Save feedback"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what_you_said"] = text_area(
            "What you said",
            help_text="A fair summary of the responses, including views you disagree with",
            required_message="Summarise what the organisations said",
        )
        self.fields["what_we_did"] = text_area(
            "What we did",
            help_text="What changed because of the responses, and why other views were not taken up",
            required_message="Say what was done about the responses",
        )
        self.fields["reviewed"] = forms.BooleanField(
            label="I have reviewed the responses and this feedback",
            required=False,
            help_text="Saving does not publish it. Once the consultation has closed, you will see the feedback as it "
            "will be published and confirm it on the next page.",
        )
        self.helper.layout = self.helper.build_default_layout(self)

    def initial_from(self, consultation):
        feedback = getattr(consultation, "feedback", None)
        if feedback is None:
            return {}
        return {
            "what_you_said": feedback.what_you_said,
            "what_we_did": feedback.what_we_did,
            "reviewed": bool(feedback.reviewed_at),
        }


class DecisionForm(VersionedForm):
    submit_label = "Record the decision"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.consultation
        self.terms = rules.notice_terms(c.kind, rules.rules_for(c))
        self.fields["outcome"] = forms.ChoiceField(
            label="What was decided?",
            choices=Decision.Outcome.choices,
            widget=forms.RadioSelect,
            help_text="",
            error_messages={"required": "Choose what was decided"},
        )
        self.fields["rationale"] = text_area(
            "Reasons for the decision",
            help_text="Published with the decision",
            required_message="Give the reasons for the decision",
        )
        self.fields["appeal_route"] = text_area(
            "How to appeal",
            rows=3,
            help_text="How organisations can challenge the decision, or say there is no appeal process",
            required_message="Say how organisations can appeal, or that there is no appeal process",
        )
        self.fields["decided_on"] = date_field("Date of the decision")
        if self.terms:
            self._notice_fields(c)
        self.helper.layout = self.helper.build_default_layout(self)

    def _notice_fields(self, c):
        terms, unit = self.terms, self.terms.unit
        self.fields["financial_information"] = text_area(
            "Financial information given to the organisations",
            required=False,
            rows=4,
            help_text="If the decision is to proceed: what the organisations were told about the money, so they can "
            "plan. Seen by them and the board, not the public.",
        )
        self.fields["notice_starts_on"] = date_field(
            "Formal notice starts on",
            name="the date the formal notice starts",
            required=False,
            help_text="If the decision is to proceed. Leave blank to start on the date of the decision. "
            f"{EXAMPLE_DATE}",
        )
        ideal = f", ideally {terms.describe(terms.ideal)}" if terms.ideal != terms.minimum else ""
        self.fields["notice_length"] = forms.IntegerField(
            label=f"Length of formal notice ({unit})",
            required=False,
            min_value=1,
            max_value=120,
            initial=terms.ideal,
            help_text=f"At least {terms.describe(terms.minimum)}{ideal}",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
            error_messages={
                "invalid": f"Enter the number of {unit} as a whole number",
                "min_value": f"Enter at least 1 {unit[:-1]}",
            },
        )
        self.fields["exceptional_reason"] = text_area(
            "Exceptional circumstances",
            required=False,
            rows=3,
            help_text=f"Only if notice is shorter than {terms.describe(terms.minimum)}: the exceptional circumstances "
            f"that justify it. Published with the decision.",
        )

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        feedback = self.consultation.published_feedback()
        published_on = rules.local_date(feedback.published_at) if feedback else None
        if decided_on > workdays.today():
            raise forms.ValidationError("Enter a decision date that is today or in the past")
        if published_on and decided_on < published_on:
            raise forms.ValidationError(
                f"The decision is made after feedback is published: enter a date on or "
                f"after {format_date(published_on)}"
            )
        return decided_on

    def clean(self):
        cleaned = super().clean()
        proceeds = cleaned.get("outcome") in (Decision.Outcome.PROCEED, Decision.Outcome.PROCEED_WITH_CHANGES)
        decided_on = cleaned.get("decided_on")
        if not (proceeds and self.terms and decided_on):
            return cleaned
        if (
            self.consultation.kind == Consultation.Kind.FUNDING_REDUCTION
            and not cleaned.get("financial_information", "").strip()
        ):
            self.add_error("financial_information", "Enter the financial information given to the organisations")
        length = cleaned.get("notice_length")
        if length is None:
            if not self.has_error("notice_length"):
                self.add_error("notice_length", f"Enter the length of formal notice in {self.terms.unit}")
            return cleaned
        starts_on = cleaned.get("notice_starts_on") or decided_on
        ends_on = self.terms.ends_on(starts_on, length)
        for field, message in rules.notice_problems(
            self.terms,
            decided_on=decided_on,
            starts_on=starts_on,
            ends_on=ends_on,
            exceptional_reason=cleaned.get("exceptional_reason", ""),
        ):
            self.add_error(field, message)
        cleaned.update(notice_starts_on=starts_on, notice_ends_on=ends_on)
        return cleaned

    def decision_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "rationale": data["rationale"],
            "appeal_route": data["appeal_route"],
            "decided_on": data["decided_on"],
            "financial_information": data.get("financial_information", ""),
            "notice_starts_on": data.get("notice_starts_on"),
            "notice_ends_on": data.get("notice_ends_on"),
            "exceptional_reason": data.get("exceptional_reason", ""),
        }


class TransitionForm(VersionedForm):
    """Confirms a lifecycle move; carries only the version."""

    def __init__(self, *args, label, **kwargs):
        self.submit_label = label
        super().__init__(*args, **kwargs)


# Responding ---------------------------------------------------------------------------------


# The question pages of a response (consultations/views.py, RESPONSE_QUESTIONS).


class ResponseOrganisationForm(PortalForm):
    """Asked only of someone who belongs to more than one organisation that may respond."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = organisation_choice(
            organisations,
            label="Which organisation are you responding for?",
            required="Choose the organisation you are responding for",
        )
        self.helper.layout = self.helper.build_default_layout(self)


class ResponseTextForm(PortalForm):
    def __init__(self, *args, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = text_area(
            "Your organisation’s response",
            rows=10,
            help_text="What the proposal would mean for the people your organisation serves. Only your "
            "organisation, the public body consulting and the Compact board can read it.",
            required_message="Enter your organisation’s response",
        )
        if existing is not None:
            self.fields["text"].initial = existing.text
        self.helper.layout = self.helper.build_default_layout(self)


class ResponseDocumentForm(PortalForm):
    def __init__(self, *args, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit = uploads.megabytes(settings.MAX_UPLOAD_BYTES)
        kept = (
            f" Leave empty to keep {existing.attachment_name}." if existing is not None and existing.attachment else ""
        )
        self.fields["attachment"] = forms.FileField(
            label="Upload a document (optional)",
            required=False,
            widget=forms.FileInput(attrs={"class": "govuk-file-upload"}),
            help_text="A PDF, Word (DOCX), OpenDocument (ODT), PNG, JPEG or plain text file, smaller than "
            f"{limit}.{kept}",
        )
        self.helper.layout = self.helper.build_default_layout(self)

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment:
            uploads.validate_attachment(attachment)
        return attachment


class PlannedConsultationForm(PortalForm):
    """An entry on the forward plan, kept by the public body's officers."""

    submit_label = "Add to the forward plan"

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = organisation_choice(
            owners, label="Which public body expects to consult?", required="Choose the public body"
        )
        self.fields["kind"] = _kind_field()
        self.fields["title"] = _title_field()
        self.fields["expected_month"] = date_field(
            "Expected to open",
            name="the month it is expected to open",
            help_text=f"Any day in the month. {EXAMPLE_DATE}",
        )
        self.fields["summary"] = text_area("What it is about", required=False, rows=4)
        self.fields["consultation"] = forms.ModelChoiceField(
            label="The consultation, once launched (optional)",
            required=False,
            help_text="",
            queryset=Consultation.objects.filter(owner__in=owners).order_by("-created_at"),
        )
        self.helper.layout = self.helper.build_default_layout(self)


class ParticipationForm(VersionedForm):
    """An officer records, with the reason, that an organisation took part in the assessment."""

    submit_label = "Record taking part on the organisation's behalf"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label="Which organisation took part?",
            queryset=self.consultation.affected_organisations.order_by("name"),
            widget=forms.RadioSelect,
            empty_label=None,
            help_text="",
            error_messages={"required": "Choose the organisation that took part"},
        )
        self.fields["representative"] = forms.CharField(
            label="Who took part for the organisation?",
            max_length=200,
            help_text="Their name and role, for example “Asha Patel, Chief executive”",
            error_messages={"required": "Enter the name and role of the person who took part"},
        )
        self.fields["given_by"] = forms.CharField(
            label="Who agreed to it for the organisation?",
            max_length=200,
            help_text="Their name and role",
            error_messages={"required": "Enter who agreed for the organisation"},
        )
        self.fields["given_on"] = date_field("Date they agreed", required_message="Enter the date they agreed")
        self.fields["reason"] = _on_behalf_reason_field()
        self.helper.layout = self.helper.build_default_layout(self)

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > workdays.today():
            raise forms.ValidationError("Enter a date that is today or in the past")
        return given_on


class AnswerForm(PortalForm):
    """An affected organisation's admin answers for it: agree or refuse."""

    submit_label = "Send your answer"

    def __init__(self, *args, question: str, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question == "shorter-period":
            choices = [
                ("agree", f"Yes, {organisation.name} agrees to the shorter period"),
                ("refuse", f"No, {organisation.name} does not agree"),
            ]
            label = "Does your organisation agree to the shorter period?"
        else:
            choices = [
                ("agree", f"Yes, {organisation.name} will take part"),
                ("refuse", f"No, {organisation.name} will not take part"),
            ]
            label = "Will your organisation take part in the joint impact assessment?"
        self.fields["answer"] = forms.ChoiceField(
            label=label,
            choices=choices,
            widget=forms.RadioSelect,
            help_text="",
            error_messages={"required": "Choose yes or no"},
        )
        if question == "impact-assessment":
            self.fields["representative"] = forms.CharField(
                label="Who will take part for your organisation? (optional if you answer no)",
                max_length=200,
                required=False,
                help_text="Their name and role, for example “Asha Patel, Chief executive”",
            )
        self.fields["given_by"] = forms.CharField(
            label="Your name and role",
            max_length=200,
            help_text="Shown to the council with your organisation's answer, for example “Asha Patel, Chief executive”",
            error_messages={"required": "Enter your name and role"},
        )
        self.helper.layout = self.helper.build_default_layout(self)

    def clean(self):
        cleaned = super().clean()
        if (
            self.question == "impact-assessment"
            and cleaned.get("answer") == "agree"
            and not cleaned.get("representative", "").strip()
        ):
            self.add_error("representative", "Enter the name and role of the person who will take part")
        return cleaned
