"""Where the error summary sends focus: the field's first input, which for a group of radios,
checkboxes or date boxes is not the field's own id (no element carries that)."""

from django import forms, template

register = template.Library()


@register.filter
def focus_id(bound_field) -> str:
    """The id of the input an error summary link for this field lands on."""
    if not isinstance(bound_field, forms.BoundField):
        return ""  # a form with no visible field: the link stays on the page
    target = getattr(bound_field, "error_target_id", None)
    if target:
        return target
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        # crispy-forms-gds numbers a group's inputs from 1: id_<name>_1 is the first.
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}{widget.widgets_names[0]}"
    return bound_field.auto_id
