import pytest
from django.core.exceptions import ValidationError

from signatories import validators


@pytest.mark.parametrize(
    "postcode", ["SN15 1ER", "sn151er", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA"]
)
def test_real_uk_postcodes_are_accepted(postcode):
    validators.validate_postcode(postcode)


@pytest.mark.parametrize("postcode", ["", "12345", "SN15", "QQ1 1AA", "SN15 1EZZ", "SN15-1ER", "<b>"])
def test_malformed_postcodes_are_refused_with_an_example(postcode):
    with pytest.raises(ValidationError, match="like SN15 1ER"):
        validators.validate_postcode(postcode)


def test_postcode_is_normalised_to_capitals_with_one_space():
    assert validators.normalise_postcode(" sn15  1er ") == "SN15 1ER"


@pytest.mark.parametrize("number", ["1123456", "212345", "1123456-1", "SC012345", "NIC100012"])
def test_charity_numbers_in_the_registers_formats_are_accepted(number):
    validators.validate_charity_number(number)


@pytest.mark.parametrize("number", ["12345", "ABC1234", "112345678", "SC12", "1123456-123"])
def test_malformed_charity_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        validators.validate_charity_number(number)


@pytest.mark.parametrize("number", ["01234567", "SC123456", "NI012345", "OC301234"])
def test_company_numbers_are_accepted(number):
    validators.validate_company_number(number)


@pytest.mark.parametrize("number", ["1234567", "ZZ123456", "SC12345", "123456789"])
def test_malformed_company_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        validators.validate_company_number(number)


def test_only_a_seven_digit_number_starting_with_one_has_a_linked_charity_suffix():
    with pytest.raises(ValidationError):
        validators.validate_charity_number("212345-1")


@pytest.mark.parametrize(
    "kind, charity, company, missing",
    [
        ("charity", "", "", {"charity_number"}),
        ("cio", "", "", {"charity_number"}),
        ("charitable_company", "", "", {"charity_number", "company_number"}),
        ("charitable_company", "1123456", "01234567", set()),
        ("cic", "", "", {"company_number"}),
        ("community_group", "", "", set()),
        ("faith_group", "", "", set()),
    ],
)
def test_legal_forms_that_have_an_identifier_must_give_it(kind, charity, company, missing):
    assert set(validators.missing_identifiers(kind, charity, company)) == missing
