"""Editions: importing documents as drafts, adopting, re-signing, timeline rules, pages."""

import json
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests import factories
from undertakings import services
from undertakings.models import Compact, Edition, ProposedTimelineRule, Undertaking

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
STAFFORD = SEEDS / "003_341c66fb8679a426.txt"
WILTSHIRE = SEEDS / "000_d1620d52f0a20e41.txt"
# The real Compact documents sit beside the repository, not in it: without them these skip.
needs_seed_documents = pytest.mark.skipif(
    not STAFFORD.exists(), reason=f"the Compact documents in {SEEDS} are not available"
)


@needs_seed_documents
def test_dry_run_json_prints_the_schema_and_changes_nothing(db, capsys):
    call_command("import_compact", str(STAFFORD), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"title", "sections", "principles", "timeline_rules"}
    assert all(set(s) == {"kind", "number", "title", "principles", "undertakings"} for s in data["sections"])
    assert all(set(u) == {"party", "number", "text"} for s in data["sections"] for u in s["undertakings"])
    assert all(set(r) == {"rule", "value", "unit", "source"} for r in data["timeline_rules"])
    assert not Compact.objects.exists() and not Undertaking.objects.exists()


@needs_seed_documents
def test_import_command_creates_a_draft_edition_with_proposed_rules_not_applied(db):
    call_command("import_compact", str(STAFFORD), "--compact", "Stafford", "--label", "2010")
    edition = Edition.objects.get(compact__name="Stafford", label="2010")
    assert edition.status == Edition.Status.DRAFT
    assert edition.sections.count() >= 5
    assert Undertaking.objects.filter(section__edition=edition, party="community").exists()
    hearing = edition.proposed_rules.get(rule="hearing_weeks")
    assert hearing.status == ProposedTimelineRule.Status.PROPOSED and "8 weeks" in hearing.source
    assert edition.compact.rules.hearing_weeks == 8  # the default, untouched until confirmed


def test_a_document_that_makes_no_sense_gives_a_report_and_writes_nothing(db, tmp_path):
    nonsense = tmp_path / "shopping.txt"
    nonsense.write_text("Eggs\nMilk\nBread\n")
    with pytest.raises(CommandError, match="Could not import"):
        call_command("import_compact", str(nonsense))
    assert not Compact.objects.exists()


def test_a_binary_file_is_refused(db, tmp_path):
    binary = tmp_path / "compact.txt"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02")
    with pytest.raises(CommandError, match="binary"):
        call_command("import_compact", str(binary), "--dry-run")


def test_confirming_a_proposed_rule_applies_it(compact):
    edition = services.create_draft_edition(
        compact=compact,
        data={
            "title": "T",
            "principles": [],
            "sections": [
                {
                    "kind": "code",
                    "number": None,
                    "title": "Disputes",
                    "undertakings": [{"party": "shared", "number": None, "text": "Talk first."}],
                }
            ],
            "timeline_rules": [{"rule": "hearing_weeks", "value": 6, "unit": "weeks", "source": "within six weeks"}],
        },
        label="x",
    )
    services.confirm_rule(proposed=edition.proposed_rules.get())
    assert Compact.objects.get(pk=compact.pk).rules.hearing_weeks == 6


def test_the_same_label_cannot_be_used_twice(compact, edition):
    with pytest.raises(ValidationError, match="already has an edition"):
        services.create_draft_edition(
            compact=compact,
            data={
                "sections": [
                    {"kind": "code", "title": "A", "undertakings": [{"party": "shared", "number": None, "text": "x"}]}
                ]
            },
            label=edition.label,
        )


def test_adopting_a_new_edition_supersedes_the_old_and_asks_signatories_to_resign(
    compact, edition, vcs_organisation, django_capture_on_commit_callbacks
):
    factories.SignatureFactory(organisation=vcs_organisation, edition=edition)
    new = factories.EditionFactory(compact=compact, label="2027", status=Edition.Status.DRAFT, adopted_on=None)
    factories.SectionFactory(edition=new)
    with django_capture_on_commit_callbacks(execute=True):
        services.adopt_edition(edition=new)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SUPERSEDED
    assert compact.adopted_edition() == new
    assert new.next_review_on is not None
    assert [o.name for o in services.signatories_yet_to_resign(new)] == [vcs_organisation.name]
    assert any(vcs_organisation.contact_email in m.to and "sign" in m.body for m in mail.outbox)
    factories.SignatureFactory(organisation=vcs_organisation, edition=new)
    assert not services.signatories_yet_to_resign(new).exists()


def test_only_a_draft_can_be_adopted(edition):
    with pytest.raises(ValidationError, match="only a draft"):
        services.adopt_edition(edition=edition)


def test_public_reads_the_compact_by_party_with_stable_links(client, compact, edition):
    url = reverse("undertakings:compact", args=[compact.slug])
    html = client.get(url, {"party": "public"}).content.decode()
    assert "Consult for twelve weeks" in html and "Report honestly" not in html
    undertaking = Undertaking.objects.get(reference="public-1")
    page = client.get(undertaking.get_absolute_url())
    assert page.status_code == 200 and "Consult for twelve weeks" in page.content.decode()


def test_search_across_undertakings(client, compact, edition):
    html = client.get(reverse("undertakings:compact", args=[compact.slug]), {"q": "honestly"}).content.decode()
    assert "Report honestly" in html and "1 found" in html


def test_draft_editions_are_not_public(client, compact, edition, board_member):
    draft = factories.EditionFactory(compact=compact, label="next", status=Edition.Status.DRAFT)
    url = reverse("undertakings:compact", args=[compact.slug])
    assert client.get(url, {"edition": draft.pk}).status_code == 404
    client.force_login(board_member)
    assert client.get(url, {"edition": draft.pk}).status_code == 200


def test_board_compares_two_editions(client, compact, edition, board_member):
    new = services.create_draft_edition(
        compact=compact,
        label="2027",
        data={
            "sections": [
                {
                    "kind": "promise",
                    "number": "1",
                    "title": "Promise 1",
                    "undertakings": [
                        {
                            "party": "public",
                            "number": "1",
                            "text": "Consult for at least twelve weeks before changing funding.",
                        },
                        {"party": "vcs", "number": "2", "text": "Share learning with other groups."},
                    ],
                }
            ]
        },
    )
    # the fixture edition's section is called "Funding"; rename so the sections line up
    edition.sections.update(title="Promise 1")
    client.force_login(board_member)
    html = client.get(
        reverse("undertakings:compare", args=[compact.slug]), {"old": edition.pk, "new": new.pk}
    ).content.decode()
    assert "2 changed" in html
    assert "at least twelve weeks" in html and "Share learning" in html


def test_board_imports_corrects_and_saves_a_draft_in_the_admin(client, compact, board_member):
    client.force_login(board_member)
    upload = SimpleUploadedFile(
        "ours.md",
        (
            b"# Our Compact\n\n## Code of Practice: Funding\n\n### Shared undertakings\n\n"
            b"1. Talk early about funding plans.\n2. Share monitoring data.\n\n"
            b"### Public sector undertakings\n\n1. Pay grants in advance where possible.\n\n"
            b"### Voluntary sector undertakings\n\n1. Keep proper accounts.\n\n"
            b"Consultations will last a 12 week period of consultation.\n"
        ),
    )
    response = client.post(
        reverse("admin:undertakings_importeddocument_add"),
        {"destination": "existing", "compact": compact.pk, "document": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "Talk early about funding plans" in html and "Consultations run for 12 weeks" in html
    assert "consultation_weeks" not in html and "12.0" not in html
    document = compact.imports.get()
    section = document.parsed["sections"][0]
    index = next(i for i, u in enumerate(section["undertakings"]) if "Keep proper" in u["text"])
    response = client.post(
        response["Location"],
        {
            "label": "Draft 2027",
            "adopt": "1",
            "s0-title": "Funding and grants",
            f"s0-u{index}-party": "community",
            "s0-u0-text": "Talk early about funding plans.\n---\nAgree outcomes together.",
        },
    )
    edition = Edition.objects.get(label="Draft 2027")
    assert response.status_code == 302 and str(edition.pk) in response["Location"]
    section = edition.sections.get()
    assert section.title == "Funding and grants"
    assert section.undertakings.get(text__startswith="Keep proper").party == "community"
    assert section.undertakings.filter(text="Agree outcomes together.").exists()
    assert edition.proposed_rules.get().rule == "consultation_weeks"


def test_an_unreadable_upload_is_refused_with_the_report(client, compact, board_member):
    client.force_login(board_member)
    upload = SimpleUploadedFile("notes.txt", b"Just a line of text.\n")
    response = client.post(
        reverse("admin:undertakings_importeddocument_add"),
        {"destination": "existing", "compact": compact.pk, "document": upload},
    )
    assert response.status_code == 200 and "Could not import" in response.content.decode()
    assert not compact.imports.exists()


def test_adopting_asks_first_saying_whose_text_it_replaces_and_who_re_signs(
    client, compact, edition, vcs_organisation, board_member, django_capture_on_commit_callbacks
):
    factories.SignatureFactory(organisation=vcs_organisation, edition=edition)
    compact.name = "The Testshire Compact"
    compact.save()
    new = factories.EditionFactory(compact=compact, label="2027 edition", status=Edition.Status.DRAFT, adopted_on=None)
    factories.SectionFactory(edition=new)
    client.force_login(board_member)
    url = reverse("undertakings:adopt", args=[new.pk])
    page = " ".join(client.get(url).content.decode().split())
    assert "Adopt the 2027 edition" in page and "2027 edition edition" not in page
    assert f"It replaces the text of the Testshire Compact: the {edition.label} edition" in page
    assert "1 signatory of the edition it replaces will be emailed and asked to re-sign" in page
    assert Edition.objects.get(pk=new.pk).status == Edition.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Adopted the 2027 edition of the Testshire Compact." in response.content.decode()
    assert compact.adopted_edition() == new and len(mail.outbox) == 1


def test_the_edition_admin_links_to_adopting_instead_of_an_action(client, compact, board_member):
    draft = factories.EditionFactory(compact=compact, label="2027", status=Edition.Status.DRAFT, adopted_on=None)
    client.force_login(board_member)
    page = client.get(reverse("admin:undertakings_edition_change", args=[draft.pk])).content.decode()
    assert reverse("undertakings:adopt", args=[draft.pk]) in page
    changelist = client.get(reverse("admin:undertakings_edition_changelist")).content.decode()
    assert 'value="adopt"' not in changelist


def test_a_document_can_start_a_new_compact_named_from_its_title(client, compact, board_member):
    client.force_login(board_member)
    upload = SimpleUploadedFile(
        "eastmoor.md",
        (
            b"# The Eastmoor Compact\n\n## Code of Practice: Funding\n\n### Shared undertakings\n\n"
            b"1. Talk early about funding plans.\n2. Share monitoring data.\n"
        ),
    )
    url = reverse("admin:undertakings_importeddocument_add")
    unchosen = client.post(url, {"destination": "existing", "document": upload}).content.decode()
    assert "Choose the compact this is a new edition of" in unchosen
    upload.seek(0)
    response = client.post(url, {"destination": "new", "new_area": "Eastmoor", "document": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Compact.objects.get(name="The Eastmoor Compact")
    assert created.imports.get().parsed["sections"] and created.area == "Eastmoor"
    assert created.board_memberships.filter(user=board_member).exists()  # so that they can adopt its first edition
    preview = client.get(response["Location"]).content.decode()
    assert 'value="The Eastmoor Compact"' in preview  # the edition's name proposed from the document
    upload.seek(0)
    again = client.post(url, {"destination": "new", "document": upload}).content.decode()
    assert "There is a compact called “The Eastmoor Compact” already" in again


def test_proposed_rules_read_as_sentences():
    from undertakings.models import TimelineRules

    assert TimelineRules.in_words("consultation_weeks", "12.0") == "Consultations run for 12 weeks"
    assert TimelineRules.in_words("notice_months", 1) == "Formal notice of a funding change is at least 1 month"
