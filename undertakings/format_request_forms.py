"""The public form for asking for a page in another format or language."""

from django import forms
from django.conf import settings

from compact_portal.forms import PortalFormMixin

from .models import AccessibleFormatRequest, Compact

Format = AccessibleFormatRequest.Format


def page_path(value: str) -> str:
    """The page asked about as a path of this site ("/consultations/12/"), from a path or a
    full address of the site; "" for anything else (another site's address is not a page here)."""
    value = (value or "").strip()
    site = settings.SITE_URL.rstrip("/")
    if site and value.startswith(site + "/"):
        value = value[len(site) :]
    if not value.startswith("/") or value.startswith("//") or any(c.isspace() for c in value):
        return ""
    return value[:500]


def compact_of_page(path: str, compacts):
    """The compact a page belongs to when its address says so (/compacts/<slug>/...)."""
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "compacts":
        return next((c for c in compacts if c.slug == parts[2]), None)
    return None


class AccessibleFormatRequestForm(PortalFormMixin, forms.Form):
    submit_label = "Send request"

    compact = forms.ModelChoiceField(
        label="Which Compact is the page about?",
        queryset=Compact.objects.order_by("name"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the Compact the page is about"},
    )
    page = forms.CharField(
        label="Which page do you want?",
        max_length=500,
        help_text="The page's address, for example /consultations/12/. We filled this in for the page you came from.",
        error_messages={"required": "Enter the address of the page you want"},
    )
    format = forms.ChoiceField(
        label="What do you need?",
        choices=Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the format or language you need"},
    )
    language = forms.CharField(
        label="Which language?",
        max_length=100,
        required=False,
        help_text="Only if you asked for another language, for example Polish or British Sign Language",
    )
    format_details = forms.CharField(
        label="Which other format?",
        max_length=200,
        required=False,
        help_text="Only if you asked for another format",
    )
    name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We send a receipt and the answer to this address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Your phone number (optional)",
        max_length=40,
        required=False,
        help_text="If you would like us to call you about the request",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, page: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The honeypot is written into the template outside the form's fields (format_request_views).
        self.helper.form_tag = False
        compacts = list(self.fields["compact"].queryset)
        page = page_path(page)
        if page:
            self.fields["page"].initial = page
        if len(compacts) == 1:
            self.fields["compact"].widget = forms.HiddenInput()
            self.fields["compact"].initial = compacts[0]
        else:
            self.fields["compact"].initial = compact_of_page(page, compacts)
        self.helper.layout = self.helper.build_default_layout(self)

    def clean_page(self):
        page = page_path(self.cleaned_data["page"])
        if not page:
            raise forms.ValidationError("Enter the address of a page of this site, for example /consultations/12/")
        return page

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("format")
        if chosen == Format.LANGUAGE and not cleaned.get("language", "").strip():
            self.add_error("language", "Enter the language you need")
        if chosen == Format.OTHER and not cleaned.get("format_details", "").strip():
            self.add_error("format_details", "Enter the format you need")
        if chosen != Format.LANGUAGE:
            cleaned["language"] = ""
        if chosen != Format.OTHER:
            cleaned["format_details"] = ""
        return cleaned

    def request_fields(self) -> dict:
        names = ("page", "format", "language", "format_details", "name", "email", "phone")
        return {name: self.cleaned_data[name].strip() for name in names}
