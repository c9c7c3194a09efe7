from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError

from compact_portal.forms import PortalFormMixin, validate_plausible_date

from . import services, validators
from .models import SELF_REGISTERING, Organisation, type_choices

ACCOUNT_WORDS = {
    # field: (label, hint, message when it is left empty)
    "login": ("Email address", "", "Enter your email address"),
    "email": ("Email address", "", "Enter your email address"),
    "password": ("Password", "", "Enter your password"),
    "password1": (
        "Password",
        "At least 10 characters. A few unrelated words make a strong password.",
        "Enter a password",
    ),
    "password2": ("Confirm your password", "", "Enter the password again"),
    "remember": ("Keep me signed in on this device", "", ""),
}


def in_plain_words(form):
    """The GOV.UK way for allauth's fields: a label above each field, no placeholder inside it,
    and an error that says what to do."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in ACCOUNT_WORDS:
            label, hint, required = ACCOUNT_WORDS[name]
            field.label = label
            field.help_text = hint
            if required:
                field.error_messages["required"] = required
        if name in ("login", "email"):
            field.error_messages["invalid"] = "Enter an email address in the correct format, like name@example.org"


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_plain_words(self)


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_plain_words(self)


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_plain_words(self)


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_plain_words(self)

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
        return user


class OrganisationForm(PortalFormMixin, forms.ModelForm):
    """The details an organisation gives when it registers, and edits later. The types offered
    are those of the groups the compact admits that register themselves: voluntary and community
    organisations, and business and other partners where the compact admits them."""

    submit_label = "Send application"
    type = forms.ChoiceField(
        label="Type of organisation", choices=type_choices(SELF_REGISTERING), widget=forms.RadioSelect
    )
    # Wider than the stored field so that a mistyped postcode gets the postcode message.
    postcode = forms.CharField(label="Postcode", max_length=20, validators=[validators.validate_postcode])

    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "charity_number",
            "company_number",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "website",
            "contact_email",
            "income_band",
            "area_of_benefit",
            "description",
        ]
        labels = {
            "name": "Name of the organisation",
            "charity_number": "Registered charity number (optional)",
            "company_number": "Companies House number (optional)",
            "address_line_2": "Address line 2 (optional)",
            "website": "Website (optional)",
            "income_band": "Yearly income (optional)",
            "area_of_benefit": "Area the organisation serves (optional)",
            "description": "What the organisation does (optional)",
        }
        help_texts = {
            "charity_number": "Needed for a registered charity, a CIO or a charitable company. For example 1123456, "
            "SC012345 or NIC100123",
            "company_number": "Needed for a charitable company or a community interest company. 8 characters, "
            "for example 01234567 or SC123456",
            "contact_email": "The Compact board and the public use this to contact the organisation",
            "description": "",
        }

    REQUIRED_MESSAGES = {
        "name": "Enter the name of the organisation",
        "type": "Select the type of organisation",
        "address_line_1": "Enter the first line of the address",
        "town": "Enter the town or city",
        "postcode": "Enter the postcode",
        "contact_email": "Enter the email address people can contact the organisation on",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        self.fields["contact_email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        self.fields["website"].error_messages["invalid"] = (
            "Enter the website address in full, like https://www.example.org"
        )
        self.fields["income_band"].choices = [("", "Prefer not to say")] + list(self.fields["income_band"].choices)[1:]
        compact = getattr(self.instance, "compact", None) if self.instance.compact_id else None
        if self.instance.pk:
            self.fields["type"].choices = type_choices([self.instance.sector])
        elif compact is not None:
            self.fields["type"].choices = type_choices(compact.registering_sectors)
        if compact is not None and compact.area:
            self.fields[
                "area_of_benefit"
            ].help_text = f"Where the people you serve live: all of {compact.area}, or the part of it you work in"

    def clean_postcode(self):
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def clean_charity_number(self):
        return validators.normalise_identifier(self.cleaned_data["charity_number"])

    def clean_company_number(self):
        return validators.normalise_identifier(self.cleaned_data["company_number"])

    def clean(self):
        cleaned = super().clean()
        for field, message in validators.missing_identifiers(
            cleaned.get("type", ""), cleaned.get("charity_number", ""), cleaned.get("company_number", "")
        ).items():
            if not self.has_error(field):
                self.add_error(field, message)
        name, postcode = cleaned.get("name"), cleaned.get("postcode")
        if name and postcode:
            duplicate = services.find_duplicate(
                name=name,
                postcode=postcode,
                charity_number=cleaned.get("charity_number", ""),
                exclude_pk=self.instance.pk,
            )
            if duplicate:
                if cleaned.get("charity_number") and duplicate.charity_number == cleaned.get("charity_number"):
                    self.add_error(
                        "charity_number",
                        f"{duplicate.name} is already registered with charity number "
                        f"{duplicate.charity_number}. Ask its admin to add you as a member instead.",
                    )
                else:
                    self.add_error(
                        "name",
                        f"An organisation called {duplicate.name} is already registered at "
                        f"{duplicate.postcode}. Ask its admin to add you as a member instead.",
                    )
        return cleaned


class EditOrganisationForm(OrganisationForm):
    submit_label = "Save changes"


class SignatureForm(PortalFormMixin, forms.Form):
    submit_label = "Sign the Compact"
    signatory_name = forms.CharField(label="Name of the person signing", max_length=200)
    signatory_role = forms.CharField(
        label="Their role in the organisation",
        max_length=200,
        help_text="For example “Chief executive” or “Chair of trustees”",
    )
    agree = forms.BooleanField(
        label="I confirm the organisation agrees to keep the undertakings of the Compact",
        error_messages={"required": "Confirm that the organisation agrees to the Compact"},
    )


class ChampionForm(PortalFormMixin, forms.Form):
    """Name a Compact champion for a department or service, or record a champion's training."""

    submit_label = "Save Compact champion"
    champion = forms.ModelChoiceField(
        label="Compact champion",
        queryset=None,
        help_text="A member of the organisation who promotes the Compact in it",
        error_messages={"required": "Choose the member who is the Compact champion"},
    )
    department = forms.CharField(
        label="Department or service (optional)",
        max_length=200,
        required=False,
        help_text="For a large body with a champion in each, for example “Adult social care”",
    )
    telephone = forms.CharField(label="Contact telephone (optional)", max_length=30, required=False)
    trained_on = forms.DateField(
        label="Date of their Compact training",
        required=False,
        help_text="For example 22/11/2026. Leave blank if not yet trained",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
        validators=[validate_plausible_date],
    )
    course = forms.CharField(
        label="Training course (optional)", max_length=200, required=False, help_text="For example “Compact essentials”"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import User

        self.fields["champion"].queryset = User.objects.filter(memberships__organisation=organisation)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining", widget=forms.Textarea(attrs={"rows": 4}), help_text="Sent to the applicant"
    )


class ApproveApplicationForm(PortalFormMixin, forms.Form):
    submit_label = "Approve the application"


class DeclineApplicationForm(PortalFormMixin, forms.Form):
    submit_label = "Decline the application"
    reason = forms.CharField(
        label="Why the application is declined",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Emailed to the applicant as you write it here",
        error_messages={"required": "Enter the reason for declining; it is emailed to the applicant"},
    )


def _addresses(value: str) -> list[str]:
    from django.core.validators import validate_email

    found = [part.strip() for part in value.replace(",", "\n").replace(";", "\n").splitlines() if part.strip()]
    wrong = []
    for address in found:
        try:
            validate_email(address)
        except ValidationError:
            wrong.append(address)
    if wrong:
        raise ValidationError(f"Enter email addresses like name@example.org, one a line: “{wrong[0][:80]}” is not one")
    return found


class ResolutionGroupInvitationForm(PortalFormMixin, forms.Form):
    submit_label = "Send the invitations"
    year = forms.IntegerField(
        label="Year of the resolution group",
        min_value=2000,
        max_value=2100,
        help_text="Panels for a case are drawn from the group of the year its referral arrived",
        error_messages={
            "required": "Enter the year",
            "min_value": "Enter a year such as 2026",
            "max_value": "Enter a year such as 2026",
        },
    )
    public = forms.CharField(
        label="Public sector members",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Email addresses, one a line",
    )
    vcs = forms.CharField(
        label="Voluntary and community sector members",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Email addresses, one a line",
    )

    def clean_public(self):
        return _addresses(self.cleaned_data["public"])

    def clean_vcs(self):
        return _addresses(self.cleaned_data["vcs"])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("public") or cleaned.get("vcs")):
            raise ValidationError("Enter at least one email address to invite")
        return cleaned


class InvitedAccountForm(PortalFormMixin, forms.Form):
    submit_label = "Create the account and accept"
    full_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not one that is easy to guess",
        error_messages={"required": "Choose a password"},
    )

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Officer's email address")


class ReminderPreferencesForm(PortalFormMixin, forms.Form):
    submit_label = "Save reminder settings"
    reminder_delivery = forms.ChoiceField(
        label="How should reminders reach you?",
        widget=forms.RadioSelect,
        help_text="Reminders come 14 days and 3 days before a deadline, on the day, and when it is overdue",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import User

        self.fields["reminder_delivery"].choices = User.Delivery.choices
