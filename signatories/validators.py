"""Format checks for the identifiers an organisation gives when it registers."""

import re

from django.core.exceptions import ValidationError

# Charity Commission for England and Wales numbers are 6 or 7 digits, or a 7-digit number
# starting with 1 followed by "-N" for a linked charity; Scottish (OSCR) numbers are "SC" plus
# 6 digits; Charity Commission for Northern Ireland numbers are "NIC" plus 6 digits.
CHARITY_NUMBER = re.compile(r"^(?:\d{6,7}|1\d{6}-\d{1,2}|SC\d{6}|NIC\d{6})$")
# Companies House: 8 characters, either 8 digits or a 2-letter prefix (SC, NI, OC, SO, NC, …)
# followed by 6 digits.
COMPANY_NUMBER = re.compile(
    r"^(?:\d{8}|(?:SC|NI|OC|SO|NC|R0|NL|LP|SL|SP|NP|IP|SR|RC|CE|CS|FC|GE|GS|IC|SI|SE|NO|NZ)\d{6})$"
)
# The Royal Mail postcode shape (outward code, space, inward code), plus GIR 0AA.
POSTCODE = re.compile(
    r"^(GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value: str) -> str:
    """Upper-case with one space before the inward code: "sn151er" -> "SN15 1ER"."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_identifier(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_postcode(value: str) -> None:
    if not POSTCODE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real UK postcode, like SN15 1ER", code="invalid_postcode")


def validate_charity_number(value: str) -> None:
    if value and not CHARITY_NUMBER.match(normalise_identifier(value)):
        raise ValidationError(
            "Enter a registered charity number in the right format: 6 or 7 digits, like 1123456 or "
            "1123456-1 (England and Wales), SC and 6 digits (Scotland) or NIC and 6 digits (Northern Ireland)",
            code="invalid_charity_number",
        )


def validate_company_number(value: str) -> None:
    if value and not COMPANY_NUMBER.match(normalise_identifier(value)):
        raise ValidationError(
            "Enter a Companies House number of 8 characters, like 01234567 or SC123456",
            code="invalid_company_number",
        )


# The legal forms that always have a charity number or a company number. A registered charity
# and a charitable incorporated organisation are on a charity register; a charitable company is
# on both registers; a community interest company is a company.
HAS_CHARITY_NUMBER = {"charity", "cio", "charitable_company"}
HAS_COMPANY_NUMBER = {"charitable_company", "cic"}


def missing_identifiers(organisation_type: str, charity_number: str, company_number: str) -> dict[str, str]:
    """The identifiers this legal form must give and that are missing, as field: message."""
    missing = {}
    if organisation_type in HAS_CHARITY_NUMBER and not charity_number:
        missing["charity_number"] = "Enter the registered charity number: this type of organisation has one"
    if organisation_type in HAS_COMPANY_NUMBER and not company_number:
        missing["company_number"] = "Enter the Companies House number: this type of organisation has one"
    return missing
