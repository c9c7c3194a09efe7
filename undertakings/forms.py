from django import forms

from compact_portal.forms import PortalFormMixin


class AdoptEditionForm(PortalFormMixin, forms.Form):
    submit_label = "Adopt this edition"
