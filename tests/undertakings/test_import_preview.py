"""The board's import preview: Word and PDF uploads, corrections (party, merge, split,
signatories), reading the text again, and the rule that no undertaking is saved without a
party; the import command on Word and PDF files."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from signatories.models import Organisation
from tests.undertakings.test_importing_documents import DOCUMENTS, riverdale_pdf, southwold_docx
from undertakings import services
from undertakings.import_preview import corrected
from undertakings.models import Edition, ImportedDocument, Undertaking


def upload(client, compact, name, content):
    return client.post(
        reverse("admin:undertakings_importeddocument_add"),
        {"destination": "existing", "compact": compact.pk, "document": SimpleUploadedFile(name, content)},
    )


def test_board_uploads_a_word_document_and_sees_the_preview(client, compact, board_member, tmp_path):
    client.force_login(board_member)
    response = upload(client, compact, "southwold.docx", southwold_docx(tmp_path / "s.docx").read_bytes())
    document = ImportedDocument.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{document.pk}/preview/")
    page = client.get(response["Location"]).content.decode()
    assert "Pay grants in advance." in page and "A consultation runs for at least 8 weeks" in page


def test_a_pdf_upload_is_read_and_its_text_kept_for_reading_again(client, compact, board_member):
    client.force_login(board_member)
    upload(client, compact, "riverdale.pdf", riverdale_pdf())
    document = ImportedDocument.objects.get()
    assert [s["title"] for s in document.parsed["sections"]] == [
        "Funding and commissioning",
        "Consultation and policy",
        "Resolving disagreements",
    ]
    assert "2.1 Give three calendar months" in document.text


def test_a_scan_is_refused_with_a_clear_message(client, compact, board_member):
    from weasyprint import HTML

    client.force_login(board_member)
    response = upload(
        client,
        compact,
        "scan.pdf",
        HTML(string="<svg width='9' height='9'><rect width='9' height='9'/></svg>").write_pdf(),
    )
    assert response.status_code == 200 and "has no text in it" in response.content.decode()
    assert not ImportedDocument.objects.exists()


def test_an_unknown_party_must_be_chosen_before_saving(client, compact, board_member):
    client.force_login(board_member)
    upload(client, compact, "eastmoor.md", (DOCUMENTS / "eastmoor.md").read_bytes())
    document = ImportedDocument.objects.get()
    url = reverse("admin:undertakings_importeddocument_preview", args=[document.pk])
    page = client.get(url).content.decode()
    assert "Choose a party" in page and "The importer was unsure of 1 undertaking" in page
    response = client.post(url, {"label": "2025", "adopt": "1"})
    assert "have no party" in response.content.decode() and not Edition.objects.exists()
    response = client.post(url, {"label": "2025", "adopt": "1", "s2-u2-party": "shared"})
    assert response.status_code == 302
    assert Undertaking.objects.get(text="Publish an annual report on volunteering.").party == "shared"


def test_reading_the_corrected_text_again(client, compact, board_member):
    client.force_login(board_member)
    upload(client, compact, "eastmoor.md", (DOCUMENTS / "eastmoor.md").read_bytes())
    document = ImportedDocument.objects.get()
    url = reverse("admin:undertakings_importeddocument_preview", args=[document.pk])
    text = document.text.replace("The Partnership Board will:", "All partners will:")
    client.post(url, {"rerun": "1", "text": text})
    document.refresh_from_db()
    assert "All partners will:" in document.text
    assert [u["party"] for u in document.parsed["sections"][2]["undertakings"]] == ["public", "vcs", "shared"]


def test_corrections_change_a_party_merge_split_and_confirm_signatories():
    data = services.parse_text((DOCUMENTS / "northbridge.txt").read_text(), "northbridge.txt")
    fixed = corrected(
        data,
        {
            "s0-u0-party": "shared",
            "s1-u1-merge": "on",  # "Offer full cost recovery." joins "Pay on time."
            "s2-u0-text": "Value volunteers.\n---\nThank them publicly.",
            "g1-confirm": "on",
            "g2-confirm": "on",
            "g2-sector": "vcs",
        },
    )
    assert fixed["sections"][0]["undertakings"][0]["party"] == "shared"
    assert fixed["sections"][1]["undertakings"][0]["text"] == "Pay on time. Offer full cost recovery."
    assert len(fixed["sections"][1]["undertakings"]) == 4
    assert [u["text"] for u in fixed["sections"][2]["undertakings"]] == [
        "Value volunteers.",
        "Thank them publicly.",
        "Offer training to volunteers.",
    ]
    assert [(g["name"], g["sector"]) for g in fixed["signatories"] if g["confirmed"]] == [
        ("Northbridge Council for Voluntary Service", "vcs"),
        ("Northbridge and District NHS Trust", "vcs"),
    ]


def test_confirmed_signatories_become_organisations_only_when_the_edition_is_saved(compact):
    data = services.parse_text((DOCUMENTS / "northbridge.txt").read_text(), "northbridge.txt")
    assert not Organisation.objects.filter(name__startswith="Northbridge").exists()
    data["signatories"][0]["confirmed"] = True
    services.create_draft_edition(compact=compact, data=data, label="Draft 2026", filename="northbridge.txt")
    [council] = Organisation.objects.filter(name__startswith="Northbridge")
    assert (council.name, council.sector, council.status, council.compact) == (
        "Northbridge Borough Council",
        "public",
        Organisation.Status.APPROVED,
        compact,
    )


def test_an_undertaking_without_a_party_is_never_saved(compact):
    data = services.parse_text((DOCUMENTS / "eastmoor.md").read_text(), "eastmoor.md")
    with pytest.raises(ValidationError, match="have no party"):
        services.create_draft_edition(compact=compact, data=data, label="2025")


def test_sub_groups_procedures_and_a_sections_principles_are_saved_and_shown(client, compact):
    data = services.parse_text((DOCUMENTS / "kelmarsh.md").read_text(), "kelmarsh.md")
    draft = services.create_draft_edition(compact=compact, data=data, label="2026", filename="kelmarsh.md")
    small_groups, procedure, funding = services.adopt_edition(edition=draft).sections.order_by("position")
    assert small_groups.principles == [
        "Small groups find it hard to answer a consultation quickly.",
        "Small groups should be offered help to take part in partnerships.",
    ]
    assert procedure.is_procedure
    assert [(u.party, u.group, u.reference) for u in procedure.undertakings.all()] == [
        ("", "Informal stage", "step-1"),
        ("", "Formal stage", "step-2"),
        ("", "Formal stage", "step-3"),
    ]
    assert [u.group for u in funding.undertakings.all()] == ["Before a grant round"] * 2 + ["After a decision", ""]
    html = client.get(compact.get_absolute_url()).content.decode()
    assert "Procedure: Resolving differences" in html and "Formal stage" in html
    assert "Small groups find it hard" in html and "Before a grant round" in html
    public = client.get(compact.get_absolute_url(), {"party": "public"}).content.decode()
    assert "Resolving differences" not in public and "After a decision" in public
    step = procedure.undertakings.get(reference="step-2")
    assert "A step of Formal stage" in client.get(step.get_absolute_url()).content.decode()


def test_the_import_command_reads_word_and_pdf(db, tmp_path, capsys):
    docx = southwold_docx(tmp_path / "southwold.docx")
    call_command("import_compact", str(docx), "--compact", "Southwold", "--label", "2025")
    assert list(Edition.objects.get(compact__name="Southwold").sections.values_list("kind", flat=True)) == [
        "other",
        "other",
        "procedure",
    ]
    pdf = tmp_path / "riverdale.pdf"
    pdf.write_bytes(riverdale_pdf())
    call_command("import_compact", str(pdf), "--dry-run")
    assert "Funding and commissioning  (3 public, 2 vcs, 1 shared)" in capsys.readouterr().out


def test_the_import_command_asks_for_a_party_it_could_not_tell(db):
    document = str(DOCUMENTS / "eastmoor.md")
    with pytest.raises(CommandError, match="have no party"):
        call_command("import_compact", document)
    call_command("import_compact", document, "--unknown-party", "shared", "--label", "2025")
    assert Undertaking.objects.get(text="Publish an annual report on volunteering.").party == "shared"
