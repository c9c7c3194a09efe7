"""Dates in templates as the Compacts write them (compact_portal.workdays)."""

from django import template

from compact_portal import workdays

register = template.Library()


@register.filter
def deadline(day, region=workdays.DEFAULT_REGION):
    """ "1 January 2027, a bank holiday": a deadline, saying when it falls on a weekend or
    bank holiday (`region` is a compact's bank_holiday_region)."""
    if not day:
        return ""
    return workdays.format_deadline(day, region or workdays.DEFAULT_REGION)
