"""The admin's widgets, where Django's own leave a field without a name for assistive technology.

Django's date-and-time widget writes "Date:" and "Time:" as plain text before its two boxes, so
neither box has a label (WCAG 1.3.1, 4.1.2); here each is a label of its box.
"""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.html import format_html


class LabelledSplitDateTime(AdminSplitDateTime):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for key, subwidget in zip(("date_label", "time_label"), context["widget"]["subwidgets"]):
            box_id = subwidget["attrs"].get("id")
            if box_id:
                context[key] = format_html('<label for="{}">{}</label>', box_id, context[key])
        return context
