"""The service navigation's items, each marked as the current page when the visitor is in it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


NAV_URL_NAMES = (
    "home",
    "signatories:directory",
    "consultations:list",
    "signatories:dashboard",
    "consultations:mine",
    "disputes:my_cases",
    "board_dashboard",
    "account_logout",
    "account_login",
)


def current_url(path: str, urls) -> str | None:
    """The item the visitor is in: the longest item address the path starts with (the home page
    only on itself), so "Your consultations" and not also "Consultations" on /consultations/yours/."""
    matching = [url for url in urls if (path == url if url == "/" else path.startswith(url))]
    return max(matching, key=len) if matching else None


@register.simple_tag(takes_context=True)
def nav_item(context, url_name: str, label: str):
    url = reverse(url_name)
    request = context.get("request")
    if request is not None and url == current_url(request.path, [reverse(name) for name in NAV_URL_NAMES]):
        return format_html(
            '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
            '<a class="govuk-service-navigation__link" href="{}" aria-current="page">'
            '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>',
            url,
            label,
        )
    return format_html(
        '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{}">{}</a></li>',
        url,
        label,
    )
