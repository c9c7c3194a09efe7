from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import ConfirmReauthenticationCodeForm as AllauthConfirmReauthenticationCodeForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthMFAAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthMFAReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django import forms
from django.core.exceptions import ValidationError

from compact_portal.forms import DATE_HINT, DateField, PortalFormMixin

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
    "oldpassword": ("Current password", "", "Enter your current password"),
    "code": ("Code", "", "Enter the code"),
    "recipient": ("Send the code to", "", "Choose where to send the code"),
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


def in_plain_words_form(base, **labels):
    """allauth's form `base` with the portal's words: `in_plain_words`, then any labels given
    here (a new password is "New password" when changing it)."""

    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        in_plain_words(self)
        for name, label in labels.items():
            self.fields[name].label = label

    return type(base.__name__.removeprefix("Allauth"), (base,), {"__init__": __init__, "__module__": __name__})


# The account pages a signed-in person manages, and the two-factor pages (django-allauth's
# forms, named in ACCOUNT_FORMS and MFA_FORMS).
AddEmailForm = in_plain_words_form(AllauthAddEmailForm)
ChangePasswordForm = in_plain_words_form(
    AllauthChangePasswordForm, password1="New password", password2="Confirm your new password"
)
SetPasswordForm = in_plain_words_form(AllauthSetPasswordForm)
ReauthenticateForm = in_plain_words_form(AllauthReauthenticateForm)
ConfirmReauthenticationCodeForm = in_plain_words_form(
    AllauthConfirmReauthenticationCodeForm, code="Code from the email"
)
MFAAuthenticateForm = in_plain_words_form(AllauthMFAAuthenticateForm, code="Code from your authenticator app")
MFAReauthenticateForm = in_plain_words_form(AllauthMFAReauthenticateForm, code="Code from your authenticator app")
ActivateTOTPForm = in_plain_words_form(AllauthActivateTOTPForm, code="Code from your authenticator app")


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

    # The fields this form asks; None for all. A question page asks some, and reads the others
    # (the type, the name) from the instance, built from the answers given before.
    asks = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.asks is not None:
            for name in list(self.fields):
                if name not in self.asks:
                    del self.fields[name]
            self.helper.layout = self.helper.build_default_layout(self)
        fields = self.fields
        for name, message in self.REQUIRED_MESSAGES.items():
            if name in fields:
                fields[name].error_messages["required"] = message
        if "contact_email" in fields:
            fields["contact_email"].error_messages["invalid"] = (
                "Enter an email address in the correct format, like name@example.org"
            )
        if "website" in fields:
            fields["website"].error_messages["invalid"] = (
                "Enter the website address in full, like https://www.example.org"
            )
        if "income_band" in fields:
            fields["income_band"].choices = [("", "Prefer not to say")] + list(fields["income_band"].choices)[1:]
        compact = getattr(self.instance, "compact", None) if self.instance.compact_id else None
        if "type" in fields:
            if self.instance.pk:
                fields["type"].choices = type_choices([self.instance.sector])
            elif compact is not None:
                fields["type"].choices = type_choices(compact.registering_sectors)
        if compact is not None and compact.area and "area_of_benefit" in fields:
            fields[
                "area_of_benefit"
            ].help_text = f"Where the people you serve live: all of {compact.area}, or the part of it you work in"

    def answer(self, name):
        """What this form was given for a field, or what the instance holds when it does not ask it."""
        if name in self.fields:
            return self.cleaned_data.get(name) or ""
        return getattr(self.instance, name) or ""

    def clean_postcode(self):
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def clean_charity_number(self):
        return validators.normalise_identifier(self.cleaned_data["charity_number"])

    def clean_company_number(self):
        return validators.normalise_identifier(self.cleaned_data["company_number"])

    def clean(self):
        cleaned = super().clean()
        for field, message in validators.missing_identifiers(
            self.answer("type"), self.answer("charity_number"), self.answer("company_number")
        ).items():
            if field in self.fields and not self.has_error(field):
                self.add_error(field, message)
        name, postcode, charity_number = self.answer("name"), self.answer("postcode"), self.answer("charity_number")
        if name and postcode and not (self.has_error("name") or self.has_error("postcode")):
            duplicate = services.find_duplicate(
                name=name, postcode=postcode, charity_number=charity_number, exclude_pk=self.instance.pk
            )
            if duplicate:
                if charity_number and duplicate.charity_number == charity_number:
                    self._add_error_near(
                        "charity_number",
                        f"{duplicate.name} is already registered with charity number "
                        f"{duplicate.charity_number}. Ask its admin to add you as a member instead.",
                    )
                else:
                    self._add_error_near(
                        "name",
                        f"An organisation called {duplicate.name} is already registered at "
                        f"{duplicate.postcode}. Ask its admin to add you as a member instead.",
                    )
        return cleaned

    def _add_error_near(self, field, message):
        self.add_error(field if field in self.fields else None, message)


class CompactQuestionForm(PortalFormMixin, forms.Form):
    """Where several compacts share the portal: which one the organisation joins."""

    compact = forms.ModelChoiceField(
        label="Which Compact is your organisation joining?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="The Compact of the area your organisation works in.",
        error_messages={"required": "Choose the Compact your organisation is joining"},
    )

    def __init__(self, *args, compacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].queryset = compacts


class NameAndTypeForm(OrganisationForm):
    submit_label = "Continue"
    asks = ("name", "type")


class NumbersForm(OrganisationForm):
    """The charity and company numbers: required, and labelled so, for the types that have them."""

    submit_label = "Continue"
    asks = ("charity_number", "company_number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.type
        if kind in validators.HAS_CHARITY_NUMBER:
            self.fields["charity_number"].label = "Registered charity number"
        if kind in validators.HAS_COMPANY_NUMBER:
            self.fields["company_number"].label = "Companies House number"


class AddressForm(OrganisationForm):
    submit_label = "Continue"
    asks = ("address_line_1", "address_line_2", "town", "postcode")


class WorkForm(OrganisationForm):
    submit_label = "Continue"
    asks = ("area_of_benefit", "description", "income_band")


class ContactForm(OrganisationForm):
    submit_label = "Continue"
    asks = ("contact_email", "website")


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
    trained_on = DateField(
        "Date of their Compact training",
        required=False,
        help_text=f"{DATE_HINT}. Leave blank if not yet trained",
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
