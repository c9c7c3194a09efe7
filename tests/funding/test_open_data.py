"""The published awards as 360Giving open data, checked against the standard's own schemas
(funding/schema/, copied from ThreeSixtyGiving/standard)."""

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from funding import open_data
from funding.models import GrantApplication, GrantRound
from tests import factories

SCHEMA = Path(__file__).resolve().parents[2] / "funding" / "schema"
GRANT_SCHEMA_URL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/master/schema/360-giving-schema.json"


def _validator(name):
    grant = json.loads((SCHEMA / "360-giving-schema.json").read_text())
    registry = Registry().with_resource(GRANT_SCHEMA_URL, Resource.from_contents(grant, default_specification=DRAFT4))
    schema = json.loads((SCHEMA / name).read_text())
    return jsonschema.Draft4Validator(
        schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


@pytest.fixture
def awards(compact, council):
    grant_round = GrantRound.objects.create(
        compact=compact,
        funder=council,
        title="Community Chest 2026",
        status=GrantRound.Status.DECIDED,
        opens_on=date(2026, 2, 2),
        closes_on=date(2026, 4, 27),
        amount_available=Decimal("20000"),
        grants_start_on=date(2026, 6, 1),
        grants_end_on=date(2029, 5, 31),
        decided_at=timezone.now(),
    )
    charity = factories.OrganisationFactory(compact=compact, name="Riverside Food Bank", charity_number="1123456")
    company = factories.OrganisationFactory(compact=compact, name="Bridge CIC", company_number="09876543")
    group = factories.OrganisationFactory(compact=compact, name="Eastfield Residents")
    made = []
    for organisation, amount in ((charity, "12000"), (company, "4999.50"), (group, "500")):
        made.append(
            GrantApplication.objects.create(
                grant_round=grant_round,
                organisation=organisation,
                project_title=f"Project of {organisation.name}",
                project_summary="What it does.",
                amount_requested=amount,
                outcome="awarded",
                reasons="Meets the criteria.",
                amount_awarded=Decimal(amount),
                decided_on=date(2026, 5, 20),
            )
        )
    GrantApplication.objects.create(
        grant_round=grant_round,
        organisation=factories.OrganisationFactory(compact=compact),
        project_title="Not funded",
        project_summary="-",
        amount_requested=100,
        outcome="unsuccessful",
        reasons="No.",
        decided_on=date(2026, 5, 20),
    )
    return made


def test_the_json_file_validates_against_the_360giving_package_schema(client, awards, settings):
    settings.GRANT_IDENTIFIER_PREFIX = "360G-testshire"
    data = client.get(reverse("funding:open_data_json")).json()
    errors = sorted(_validator("360-giving-package-schema.json").iter_errors(data), key=str)
    assert not errors, [e.message for e in errors]
    grants = {g["recipientOrganization"][0]["name"]: g for g in data["grants"]}
    assert set(grants) == {"Riverside Food Bank", "Bridge CIC", "Eastfield Residents"}
    assert grants["Riverside Food Bank"]["recipientOrganization"][0]["id"] == "GB-CHC-1123456"
    assert grants["Bridge CIC"]["recipientOrganization"][0]["id"] == "GB-COH-09876543"
    assert grants["Eastfield Residents"]["recipientOrganization"][0]["id"].startswith("360G-testshire-org-")
    assert grants["Bridge CIC"]["amountAwarded"] == 4999.5
    assert all(g["id"].startswith("360G-testshire-") for g in data["grants"])


def test_the_csv_file_has_the_same_grants_and_each_row_validates(client, awards):
    response = client.get(reverse("funding:open_data_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    validator = _validator("360-giving-schema.json")
    for row in rows:
        grant = {
            "id": row["Identifier"],
            "title": row["Title"],
            "description": row["Description"],
            "currency": row["Currency"],
            "amountAwarded": float(row["Amount Awarded"]),
            "awardDate": row["Award Date"],
            "recipientOrganization": [{"id": row["Recipient Org:Identifier"], "name": row["Recipient Org:Name"]}],
            "fundingOrganization": [{"id": row["Funding Org:Identifier"], "name": row["Funding Org:Name"]}],
            "plannedDates": [{"startDate": row["Planned Dates:Start Date"], "endDate": row["Planned Dates:End Date"]}],
            "fromOpenCall": row["From An Open Call?"],
        }
        assert not list(validator.iter_errors(grant)), row


def test_unannounced_and_unsuccessful_applications_are_never_published(awards):
    GrantRound.objects.update(status=GrantRound.Status.CLOSED)
    assert open_data.package()["grants"] == []


def test_the_schema_catches_a_grant_without_an_amount(awards):
    grant = open_data.grant(awards[0])
    del grant["amountAwarded"]
    assert list(_validator("360-giving-schema.json").iter_errors(grant))
