"""Forms for breach concerns, all through crispy-forms-gds (PortalFormMixin). The rules live in
services and stages; a form collects input and shows the refusal next to the right field."""

from crispy_forms_gds.choices import Choice
from django import forms
from django.utils.html import escape

from compact_portal.forms import DATE_HINT, DateField, ModelMultipleChoiceField, PortalFormMixin
from signatories.models import Organisation
from undertakings.models import Party, Undertaking, parties_given_by
from undertakings.selectors import sections_with_undertakings

from . import stages, validators
from .models import Meeting, Signposting, Stage

DATE_HELP = DATE_HINT
CONFIDENTIAL_HELP = "Only the two organisations and, if the case reaches stage 2, its panel can read this."


def textarea(label, help_text, required=True, rows=5, **kwargs):
    return forms.CharField(
        label=label, help_text=help_text, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class PortalForm(PortalFormMixin, forms.Form):
    def fields_changed(self):
        """PortalFormMixin lays the form out when it is made; a form that adds or removes fields
        afterwards lays it out again, or the new fields would not be rendered."""
        self.helper.layout = self.helper.build_default_layout(self)


class UndertakingChoiceField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, undertaking):
        number = f"{undertaking.number}. " if undertaking.number else ""
        return f"{number}{undertaking.text} ({undertaking.get_party_display()})"


class _FetchedChoices(forms.models.ModelChoiceIterator):
    """The choices from the undertakings fetched with their section, not a query per section."""

    def __iter__(self):
        for undertaking in self.field.fetched:
            yield self.choice(undertaking)

    def __len__(self):
        return len(self.field.fetched)


class SectionUndertakingsField(UndertakingChoiceField):
    """One section's undertakings. What is chosen is still checked against the database."""

    iterator = _FetchedChoices

    def __init__(self, *args, fetched, **kwargs):
        self.fetched = list(fetched)
        super().__init__(*args, **kwargs)


class UndertakingsBySection:
    """One group of checkboxes per section (promise, code of practice) of an edition."""

    def add_undertaking_fields(self, edition, help_text="", parties=None):
        self.section_fields = []
        if edition is None:
            return
        # Only what a party undertakes can be breached: a procedure's steps (no party) are not offered.
        parties = tuple(parties) if parties else tuple(Party.values)
        for section in sections_with_undertakings(edition, parties=parties):
            name = f"undertakings_{section.pk}"
            heading = f"{section.get_kind_display()}{' ' + section.number if section.number else ''}: {section.title}"
            # crispy-forms-gds renders labels unescaped.
            self.fields[name] = SectionUndertakingsField(
                queryset=Undertaking.objects.filter(section=section, party__in=parties).order_by("position"),
                required=False,
                fetched=section.undertakings.all(),
                label=escape(heading),
                help_text=help_text if not self.section_fields else "",
            )
            self.section_fields.append(name)

    def chosen_undertakings(self) -> list:
        return [u for name in self.section_fields for u in self.cleaned_data.get(name, [])]

    def require_an_undertaking(self, message):
        if not self.section_fields:
            self.add_error(None, "The Compact has no adopted edition yet, so there are no undertakings to name.")
        elif not self.chosen_undertakings():
            self.add_error(self.section_fields[0], message)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input. Each is checked for size and real type (validators.py)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [d for d in (data if isinstance(data, (list, tuple)) else [data]) if d]
        if not uploads:
            if self.required:
                raise forms.ValidationError("Choose at least one file.")
            return []
        errors = []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                validators.validate_attachment(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return uploads


ATTACHMENT_HELP = (
    f"{validators.ALLOWED_DESCRIPTION} files. If there is a problem elsewhere on the form, choose the files again."
)


def party_field(organisations, label):
    """Which party someone acts for; hidden when they belong to only one."""
    field = forms.ModelChoiceField(
        label=label,
        queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
        initial=organisations[0] if organisations else None,
        empty_label=None,
        widget=forms.RadioSelect if len(organisations) > 1 else forms.HiddenInput,
    )
    return field


def respondents_for(organisations):
    """Who a concern may be about: the other organisations that have signed the Compact."""
    compact = organisations[0].compact
    return (
        Organisation.objects.filter(compact=compact, status=Organisation.Status.SIGNED)
        .exclude(pk__in=[o.pk for o in organisations])
        .order_by("name")
    )


# The question pages of raising a breach concern (disputes/views.py, CONCERN_QUESTIONS), one
# thing per page: who it is about comes first, so that the next page lists only the
# undertakings that organisation gives.


class RespondentQuestionForm(PortalForm):
    respondent = forms.ModelChoiceField(
        label="Which organisation is the concern about?",
        queryset=None,
        empty_label="Choose an organisation",
        help_text="Only organisations that have signed the Compact are listed.",
        error_messages={"required": "Choose the organisation the concern is about"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complainant"] = party_field(organisations, "Which of your organisations is raising the concern?")
        self.fields["complainant"].error_messages["required"] = "Choose the organisation raising the concern"
        self.fields["respondent"].queryset = respondents_for(organisations)
        self.order_fields(["complainant", "respondent"])
        self.fields_changed()


class UndertakingsQuestionForm(UndertakingsBySection, PortalForm):
    def __init__(self, *args, compact, respondent, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_undertaking_fields(
            compact.adopted_edition(),
            f"Choose the undertakings you believe were breached. Only the undertakings that {escape(respondent.name)} "
            "gives are listed.",
            parties=parties_given_by(respondent.sector),
        )
        self.fields_changed()

    def clean(self):
        cleaned = super().clean()
        self.require_an_undertaking("Choose at least one undertaking you believe was breached")
        cleaned["undertakings"] = self.chosen_undertakings()
        return cleaned


class WhatHappenedForm(PortalForm):
    what_happened = textarea(
        "What happened?",
        f"Say what was done or not done, and when. {CONFIDENTIAL_HELP}",
        error_messages={"required": "Say what happened"},
    )
    what_has_been_tried = textarea(
        "What has been tried to resolve it?",
        "For example, a conversation or a meeting with the other organisation.",
        error_messages={"required": "Say what has been tried to resolve it"},
    )
    outcome_hoped_for = textarea(
        "What outcome do you hope for?",
        "What would put things right for your organisation.",
        error_messages={"required": "Say what outcome you hope for"},
    )


class DocumentsForm(PortalForm):
    attachments = MultipleFileField(
        label="Upload documents (optional)",
        required=False,
        help_text=f"For example letters, minutes or emails. {validators.ALLOWED_DESCRIPTION} files. You can "
        "choose several at once.",
    )


class StartingStageForm(PortalForm):
    submit_label = "Continue"
    starting_stage = forms.ChoiceField(
        label="Where does the concern start?",
        widget=forms.RadioSelect,
        choices=[
            Choice(
                Stage.INFORMAL,
                "At the informal stage",
                hint="You have not yet talked it through with the other organisation.",
            ),
            Choice(
                Stage.STAGE_1,
                "At stage 1: a formal written concern",
                hint="Open dialogue has already failed. What you wrote is sent as your formal concern.",
            ),
        ],
        error_messages={"required": "Choose where the concern starts"},
    )


class AcceptanceForm(PortalForm):
    submit_label = "Save answer"
    accepts = forms.TypedChoiceField(
        label="Does your organisation accept the outcome of this stage?",
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=[
            Choice(
                "yes",
                "Yes, we accept it",
                hint="If both organisations accept, the case can be closed as resolved by agreement.",
            ),
            Choice("no", "No, we do not accept it", hint="Either organisation can then move the case on."),
        ],
        error_messages={"required": "Say whether your organisation accepts the outcome"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = party_field(organisations, "Answering for")
        self.order_fields(["organisation"])
        self.fields_changed()


class EscalateForm(PortalForm):
    submit_label = "Send the formal concern"
    concern = textarea(
        "Your formal concern",
        "Explain the concern and which undertakings you believe were breached. "
        "The other organisation then follows its own complaints procedure.",
        rows=8,
        error_messages={"required": "Write the formal concern"},
    )
    reason = textarea(
        "Why move to stage 1?",
        "For example, what happened when you raised it informally.",
        rows=3,
        error_messages={"required": "Say why the case should move to stage 1"},
    )


class ResponseForm(PortalForm):
    submit_label = "Save the response"
    text = textarea(
        "Your organisation's response",
        "The result of your own complaints procedure. " + CONFIDENTIAL_HELP,
        rows=8,
        error_messages={"required": "Write your organisation's response"},
    )


class ReferralForm(PortalForm):
    submit_label = "Send the referral to the board"
    undertakings = UndertakingChoiceField(
        label="Undertakings the difference is about",
        queryset=None,
        help_text="The letter names these undertakings.",
        error_messages={"required": "Choose at least one undertaking"},
    )
    nature_of_difference = textarea(
        "The nature of the difference",
        CONFIDENTIAL_HELP,
        rows=6,
        error_messages={"required": "Describe the nature of the difference"},
    )
    what_has_been_tried = textarea(
        "What has already been done to resolve it",
        "Include the stage 1 response.",
        rows=6,
        error_messages={"required": "Say what has already been done to resolve it"},
    )
    reason = textarea(
        "Why refer the case now?",
        "For example, why the stage 1 outcome is not acceptable.",
        rows=3,
        error_messages={"required": "Say why the case should go to stage 2"},
    )

    def __init__(self, *args, case, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["undertakings"].queryset = case.undertakings.select_related("section")
        self.fields["undertakings"].initial = [u.pk for u in case.undertakings.all()]
        self.fields["what_has_been_tried"].initial = case.what_has_been_tried
        self.fields["organisation"] = party_field(organisations, "Referring for")
        self.order_fields(["organisation", "undertakings"])
        self.fields_changed()


class SeatChoiceField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, seat):
        where = f", {seat.organisation}" if seat.organisation else ""
        return f"{seat.user} ({seat.get_sector_display()}{where})"


class ConveneForm(PortalForm):
    submit_label = "Convene the panel"
    seats = SeatChoiceField(
        label="Panel members", queryset=None, error_messages={"required": "Choose the members of the panel"}
    )

    def __init__(self, *args, group, proposal, per_sector, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seats"].queryset = group
        self.fields["seats"].initial = [seat.pk for seat in proposal]
        self.fields["seats"].help_text = (
            f"Exactly {per_sector} from each sector, from the {year} resolution group. "
            "The portal has ticked its proposal; you can change it."
        )


class ChairForm(PortalForm):
    submit_label = "Save the chair"
    chair = forms.ModelChoiceField(
        label="Who has the panel chosen as its chair?",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the chair"},
    )

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        from signatories.models import User

        self.fields["chair"].queryset = User.objects.filter(panel_seats__panel=panel).order_by("full_name", "email")
        self.fields["chair"].initial = panel.chair_id


class CompactMatterForm(PortalForm):
    submit_label = "Record the decision"
    concerns_compact_undertakings = forms.TypedChoiceField(
        label="Is the concern about undertakings in the Compact?",
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=[
            Choice("yes", "Yes", hint="The panel then sets a hearing."),
            Choice("no", "No", hint="The case closes with the panel's reasons."),
        ],
        error_messages={"required": "Say whether the concern is about Compact undertakings"},
    )
    reasons = textarea(
        "The panel's reasons", CONFIDENTIAL_HELP, error_messages={"required": "Give the panel's reasons"}
    )
    outcome_summary = textarea(
        "Summary for the annual report (if the answer is no)",
        "Read by the board and all signatories: do not name the organisations or people.",
        required=False,
        rows=3,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("concerns_compact_undertakings") is False and not cleaned.get("outcome_summary", "").strip():
            self.add_error("outcome_summary", "Write a summary for the annual report, because the case will close")
        return cleaned


class MeetingForm(PortalForm):
    submit_label = "Save the meeting"
    kind = forms.ChoiceField(
        label="Which meeting is this?",
        widget=forms.RadioSelect,
        choices=Meeting.Kind.choices,
        error_messages={"required": "Choose the hearing or a further meeting"},
    )
    scheduled_on = DateField("Date", name="the date of the meeting", help_text=DATE_HELP)
    notes = textarea(
        "The panel's notes (optional)", "Add these after the meeting. " + CONFIDENTIAL_HELP, required=False
    )

    def __init__(self, *args, meeting=None, hearing_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            del self.fields["kind"]
            self.fields_changed()
        if hearing_by:
            self.fields["scheduled_on"].help_text = f"{DATE_HELP}. The hearing must be on or before {hearing_by}."


class RepresentativeForm(PortalForm):
    submit_label = "Add representative"
    name = forms.CharField(
        label="Representative's name", max_length=200, error_messages={"required": "Enter the representative's name"}
    )
    from_supporting_organisation = forms.BooleanField(
        label="They come from a supporting organisation",
        required=False,
        help_text="One of your representatives may come from another organisation that supports yours.",
    )
    supporting_organisation = forms.CharField(label="Supporting organisation (if any)", max_length=200, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = party_field(organisations, "Representing")
        self.order_fields(["organisation"])
        self.fields_changed()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_supporting_organisation") and not cleaned.get("supporting_organisation", "").strip():
            self.add_error("supporting_organisation", "Name the supporting organisation")
        return cleaned


class SignpostForm(PortalForm):
    submit_label = "Move to stage 3 and signpost"
    resources = forms.MultipleChoiceField(
        label="Where is the panel pointing the organisations?",
        choices=Signposting.Resource.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one source of further help"},
    )
    notes = textarea("Details of the help", "Contacts and what to ask for. " + CONFIDENTIAL_HELP, required=False)
    reason = textarea(
        "Why stage 2 has not resolved it",
        CONFIDENTIAL_HELP,
        rows=3,
        error_messages={"required": "Say why the case moves to stage 3"},
    )


class OutcomeForm(PortalForm):
    submit_label = "Close the case"
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect, error_messages={"required": "Choose the outcome"}
    )
    outcome_summary = textarea(
        "Summary for the annual report",
        "Read by the board and all signatories: say what the issue was about and what was "
        "learned, without naming the organisations or people.",
        rows=4,
        error_messages={"required": "Write a summary for the annual report"},
    )
    reason = textarea(
        "Why the case is closing", CONFIDENTIAL_HELP, rows=3, error_messages={"required": "Say why the case is closing"}
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Outcome

        # Only the outcomes of the compact's procedure (what its panel decides).
        self.fields["outcome"].choices = [
            Choice(o, Outcome(o).label, hint=stages.CLOSINGS[o].hint) for o in stages.form_outcomes(case)
        ]


class AttachmentForm(PortalForm):
    submit_label = "Add documents"
    files = MultipleFileField(label="Documents", help_text=ATTACHMENT_HELP)


class ConflictForm(PortalForm):
    submit_label = "Declare a conflict of interest"
    reason = textarea(
        "How are you connected with this case?",
        "Kept on record; the portal will not put you on its panel.",
        rows=3,
        error_messages={"required": "Say briefly how you are connected"},
    )


class DifferenceNoticeForm(UndertakingsBySection, PortalForm):
    submit_label = "Notify the board"
    summary = textarea(
        "What was the difference, and how was it resolved?",
        "Keep it short. The board uses it to monitor the Compact and for the annual review.",
        rows=5,
        error_messages={"required": "Say what the difference was and how it was resolved"},
    )
    resolved_on = DateField("Date it was resolved", help_text=DATE_HELP)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = party_field(organisations, "Which organisation is notifying the board?")
        self.add_undertaking_fields(
            organisations[0].compact.adopted_edition(), "The undertakings the difference was about, if any."
        )
        self.order_fields(["organisation", *self.section_fields, "summary", "resolved_on"])
        self.fields_changed()
