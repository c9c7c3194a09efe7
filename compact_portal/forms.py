"""What every form in the portal shares: the GOV.UK template pack through crispy-forms-gds,
an error summary at the top and one clear submit button."""
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


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
