"""Published awards as open data in the 360Giving Data Standard, the format UK funders publish
grants in (https://standard.threesixtygiving.org/). Only awards of rounds whose decisions have
been announced are published; amounts applied for, assessments and unsuccessful applications
never are.

Identifiers: a grant is `<GRANT_IDENTIFIER_PREFIX>-<application id>`; an organisation is its
org-id.guide identifier from its charity number (`GB-CHC-…`, England and Wales) or company
number (`GB-COH-…`), otherwise a local one under the prefix.
"""

import csv
import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from compact_portal import emails

from . import selectors

SCHEMA_VERSION = "1.0"


def grant_id(application) -> str:
    return f"{settings.GRANT_IDENTIFIER_PREFIX}-{application.pk}"


def org_id(organisation) -> str:
    if organisation.charity_number:
        return f"GB-CHC-{organisation.charity_number}"
    if organisation.company_number:
        return f"GB-COH-{organisation.company_number}"
    return f"{settings.GRANT_IDENTIFIER_PREFIX}-org-{organisation.slug}"


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _organisation(organisation, *, recipient: bool) -> dict:
    found = {"id": org_id(organisation), "name": organisation.name}
    if recipient:
        if organisation.charity_number:
            found["charityNumber"] = organisation.charity_number
        if organisation.company_number:
            found["companyNumber"] = organisation.company_number
        found["addressLocality"] = organisation.town
        found["postalCode"] = organisation.postcode
        found["addressCountry"] = "United Kingdom"
    return found


def grant(application) -> dict:
    grant_round = application.grant_round
    return {
        "id": grant_id(application),
        "title": application.project_title,
        "description": application.project_summary,
        "currency": "GBP",
        "amountAwarded": _amount(application.amount_awarded),
        "awardDate": application.decided_on.isoformat(),
        "url": emails.absolute_url(grant_round.get_absolute_url()),
        "plannedDates": [
            {"startDate": grant_round.grants_start_on.isoformat(), "endDate": grant_round.grants_end_on.isoformat()}
        ],
        "recipientOrganization": [_organisation(application.organisation, recipient=True)],
        "fundingOrganization": [_organisation(grant_round.funder, recipient=False)],
        "grantProgramme": [
            {"code": f"{settings.GRANT_IDENTIFIER_PREFIX}-round-{grant_round.pk}", "title": grant_round.title}
        ],
        "fromOpenCall": "Yes",
        "dateModified": timezone.localtime(grant_round.decided_at).isoformat(timespec="seconds"),
    }


def package(request_url: str = "") -> dict:
    """The 360Giving data package of every published award."""
    grants = [grant(a) for a in selectors.published_awards()]
    found = {
        "grants": grants,
        "version": SCHEMA_VERSION,
        "title": f"Grants awarded through {settings.PORTAL_NAME}",
        "issued": timezone.localdate().isoformat(),
        "publisher": {"name": settings.PORTAL_NAME, "website": settings.SITE_URL},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    if request_url:
        found["downloadURL"] = request_url
    return found


# The 360Giving flat (CSV) form: the standard's column titles, one row a grant.
CSV_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("URL", lambda g: g["url"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Recipient Org:Charity Number", lambda g: g["recipientOrganization"][0].get("charityNumber", "")),
    ("Recipient Org:Company Number", lambda g: g["recipientOrganization"][0].get("companyNumber", "")),
    ("Recipient Org:City", lambda g: g["recipientOrganization"][0]["addressLocality"]),
    ("Recipient Org:Postal Code", lambda g: g["recipientOrganization"][0]["postalCode"]),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("From An Open Call?", lambda g: g["fromOpenCall"]),
    ("Last modified", lambda g: g["dateModified"]),
]


def _safe(value):
    """Cells that a spreadsheet would run as a formula are written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for g in package()["grants"]:
        writer.writerow([_safe(cell(g)) for _, cell in CSV_COLUMNS])
    return out.getvalue()
