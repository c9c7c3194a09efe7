"""A compact's dispute procedure and review interval: read from its document where stated,
shown in words in the preview, waiting for the board until confirmed, then applied; the edition
review date follows the compact's interval."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compact_portal import board_queue
from tests import deadline_checks, factories
from undertakings import services
from undertakings.importing import parse_compact
from undertakings.models import Compact, Edition
from undertakings.procedure import CONFIRMED_NOTE, DEFAULT_NOTE, ProcedureRules, ProposedProcedureRule, procedure_for

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

EASTFIELD = """# The Eastfield Compact

## Code of Practice on Funding

**Public bodies will:**

- Publish the criteria for each grant round with the round.
- Pay grants in advance where they can.

## Settling differences

Either partner may say that the Compact has not been kept.

Stage 1 – Raising it in writing

The partner with the concern writes to the other partner.

Stage 2 – Independent panel

The board convenes a panel which will decide whether the concern is upheld, and say why.

Everything written about a case stays confidential to the parties and the panel.

If a difference remains, either partner may go to the Local Government and Social Care
Ombudsman (https://www.lgo.org.uk) or to the Eastfield Mediation Service.

The Compact will be reviewed every two years by the board.
"""

WESTMERE = """# The Westmere Compact

## Code of Practice on Volunteering

**Voluntary organisations will:**

- Thank volunteers for their time.
- Pay volunteers' expenses.

## Resolving disagreements

The Compact Disagreements Group meets every spring.

Informal resolution:

The two partners talk first.

Step 2: Hearing by the group

A panel first considers whether the matter relates to the commitments in this Compact,
and then helps both sides agree what happens next.

Details of every complaint are kept confidential to the CDG and the parties.

The partners will carry out a full review of this Compact after 18 months.
"""

QUIET = """# The Quietbrook Compact

## Code of Practice on Funding

**Public bodies will:**

- Publish the criteria for each grant round.
- Consult for twelve weeks before changing funding.
"""


def rules_of(text):
    return {rule.rule: rule.value for rule in parse_compact(text, filename="compact.md").procedure_rules}


# The importer ---------------------------------------------------------------------------------


def test_a_document_that_states_its_procedure_gets_each_rule_proposed():
    assert rules_of(EASTFIELD) == {
        "stage_names": {"stage_1": "Raising it in writing", "stage_2": "Independent panel"},
        "panel_decides": "upheld",
        "details_readers": "parties_and_panel",
        "signposting_bodies": [
            {"name": "Local Government and Social Care Ombudsman", "url": "https://www.lgo.org.uk"},
            {"name": "Eastfield Mediation Service", "url": ""},
        ],
        "edition_review_months": 24,
    }


def test_other_wording_reads_as_a_compact_matter_panel_and_a_whole_group_kept_informed():
    assert rules_of(WESTMERE) == {
        "stage_names": {"informal": "Informal resolution", "stage_2": "Hearing by the group"},
        "panel_decides": "finding",
        "details_readers": "resolution_group",  # "the CDG": the Compact Disagreements Group
        "edition_review_months": 18,
    }


def test_a_document_that_says_nothing_gets_no_proposal():
    assert rules_of(QUIET) == {}


def _seed(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed document {path} is not available")
    return path.read_text(encoding="utf-8")


def test_a_staged_procedure_with_a_resolution_group_is_read_from_a_real_compact():
    rules = rules_of(_seed("003_341c66fb8679a426.txt"))
    assert rules["panel_decides"] == "finding"
    assert rules["details_readers"] == "resolution_group"
    assert rules["edition_review_months"] == 36
    assert len(rules["signposting_bodies"]) == 2


def test_a_real_compact_that_states_no_procedure_gets_none_proposed():
    assert rules_of(_seed("000_d1620d52f0a20e41.txt")) == {}


# Preview, board queue and confirmation -----------------------------------------------------


@pytest.mark.django_db
def test_the_preview_shows_the_proposed_procedure_in_words(client, compact, board_member):
    client.force_login(board_member)
    response = client.post(
        reverse("admin:undertakings_importeddocument_add"),
        {
            "destination": "existing",
            "compact": compact.pk,
            "document": SimpleUploadedFile("eastfield.md", EASTFIELD.encode()),
        },
    )
    page = client.get(response["Location"]).content.decode()
    assert "The panel finds a concern upheld, partly upheld or not upheld" in page
    assert "Each edition is formally reviewed 2 years after it is adopted" in page
    assert "stage 2 is called “Independent panel”" in page


@pytest.mark.django_db
def test_the_preview_says_when_the_document_states_no_procedure(client, compact, board_member):
    client.force_login(board_member)
    response = client.post(
        reverse("admin:undertakings_importeddocument_add"),
        {"destination": "existing", "compact": compact.pk, "document": SimpleUploadedFile("q.md", QUIET.encode())},
    )
    assert "does not state its dispute procedure" in client.get(response["Location"]).content.decode()


def _draft(compact, text):
    data = services.parse_text(text, "compact.md")
    return services.create_draft_edition(compact=compact, data=data, label="Draft", filename="compact.md")


@pytest.mark.django_db
def test_proposed_rules_wait_in_the_board_queue_until_confirmed_in_the_admin(client, compact, board_member):
    edition = _draft(compact, EASTFIELD)
    assert edition.proposed_procedure.count() == 5
    waiting = {item.key: item for item in board_queue.waiting_for([compact.pk], dt.date(2026, 6, 1))}
    assert waiting["procedure"].count == 5 and waiting["procedure"].label == "dispute procedure rules to confirm"
    assert procedure_for(compact).pk is None  # nothing applied yet

    client.force_login(board_member)
    changelist = reverse("admin:undertakings_proposedprocedurerule_changelist")
    review = edition.proposed_procedure.get(rule="edition_review_months")
    panel = edition.proposed_procedure.get(rule="panel_decides")
    client.post(changelist, {"action": "reject", "_selected_action": [panel.pk]})
    client.post(changelist, {"action": "confirm", "_selected_action": [review.pk]})

    rules = procedure_for(Compact.objects.get(pk=compact.pk))
    assert rules.edition_review_months == 24 and rules.note("edition_review_months") == CONFIRMED_NOTE
    assert rules.panel_decides == ProcedureRules.PanelDecides.UPHELD and rules.note("panel_decides") == DEFAULT_NOTE
    assert ProposedProcedureRule.objects.get(pk=panel.pk).status == ProposedProcedureRule.Status.REJECTED
    left = {item.key: item.count for item in board_queue.waiting_for([compact.pk], dt.date(2026, 6, 1))}
    assert left["procedure"] == 3


@pytest.mark.django_db
def test_the_queue_of_one_compact_does_not_count_anothers_proposals(compact):
    other = factories.CompactFactory(name="Other Compact")
    _draft(other, WESTMERE)
    assert "procedure" not in {item.key for item in board_queue.waiting_for([compact.pk], dt.date(2026, 6, 1))}


@pytest.mark.django_db
def test_confirming_stage_names_in_part_keeps_the_other_names(compact):
    edition = _draft(compact, WESTMERE)
    services.confirm_procedure_rule(proposed=edition.proposed_procedure.get(rule="stage_names"))
    rules = procedure_for(Compact.objects.get(pk=compact.pk))
    assert rules.stage_names == {
        "informal": "Informal resolution",
        "stage_1": "Stage 1: formal concern",
        "stage_2": "Hearing by the group",
        "stage_3": "Stage 3: further help",
    }


# The edition review interval -------------------------------------------------------------------


def _draft_edition(compact):
    edition = factories.EditionFactory(compact=compact, status=Edition.Status.DRAFT, adopted_on=None)
    factories.SectionFactory(edition=edition)
    return edition


@pytest.mark.django_db
def test_an_edition_is_reviewed_after_the_compacts_interval(compact):
    other = factories.CompactFactory(name="Biennial Compact")
    services.save_procedure_rules(compact=other, changes={"edition_review_months": 24})
    default = services.adopt_edition(edition=_draft_edition(compact), adopted_on=dt.date(2026, 3, 1))
    biennial = services.adopt_edition(edition=_draft_edition(other), adopted_on=dt.date(2026, 3, 1))
    assert default.next_review_on == dt.date(2029, 3, 1)
    assert biennial.next_review_on == dt.date(2028, 3, 1)
    due = {
        d.source: d.due_on for d in deadline_checks.open_deadlines(dt.date(2026, 3, 2)) if d.kind == "edition_review"
    }
    assert due == {f"edition:{default.pk}": dt.date(2029, 3, 1), f"edition:{biennial.pk}": dt.date(2028, 3, 1)}


@pytest.mark.django_db
def test_a_new_interval_moves_a_review_date_that_came_from_the_old_one_but_not_a_date_set_by_hand(compact):
    other = factories.CompactFactory(name="Hand-set Compact")
    computed = services.adopt_edition(edition=_draft_edition(compact), adopted_on=dt.date(2026, 3, 1))
    by_hand = _draft_edition(other)
    by_hand.next_review_on = dt.date(2027, 9, 30)
    by_hand.save()
    services.adopt_edition(edition=by_hand, adopted_on=dt.date(2026, 3, 1))
    for each in (compact, other):
        services.save_procedure_rules(compact=each, changes={"edition_review_months": 48})
    computed.refresh_from_db()
    by_hand.refresh_from_db()
    assert computed.next_review_on == dt.date(2030, 3, 1)
    assert by_hand.next_review_on == dt.date(2027, 9, 30)


def test_rules_read_in_words():
    rules = ProcedureRules(panel_decides="finding", details_readers="resolution_group", edition_review_months=30)
    words = {rule: text for rule, text, _ in rules.in_words_all()}
    assert "does not find a concern upheld or not upheld" in words["panel_decides"]
    assert "whole resolution group" in words["details_readers"]
    assert words["edition_review_months"] == "Each edition is formally reviewed 30 months after it is adopted"
    assert "Local Government and Social Care Ombudsman" in words["signposting_bodies"]
