"""Attachments are judged by their content, never by their name or the browser's word."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.uploads import validate_attachment

from . import files


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("response.pdf", files.PDF, ("application/pdf", ".pdf")),
        (
            "response.docx",
            files.DOCX,
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ),
        ("response.odt", files.ODT, ("application/vnd.oasis.opendocument.text", ".odt")),
        ("photo.png", files.PNG, ("image/png", ".png")),
        ("photo.jpeg", files.JPEG, ("image/jpeg", ".jpg")),
        ("photo.jpg", files.JPEG, ("image/jpeg", ".jpg")),
        ("notes.txt", files.TEXT, ("text/plain", ".txt")),
        ("notes", files.TEXT, ("text/plain", ".txt")),
        ("notes.csv", files.TEXT, ("text/plain", ".txt")),
    ],
)
def test_allowed_files_are_recognised_by_content(name, content, expected):
    checked = validate_attachment(upload(name, content))
    assert (checked.content_type, checked.extension) == expected


def test_a_pdf_named_file_containing_html_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload("report.pdf", files.HTML))
    assert refused.value.messages == [
        "The selected file must be a PDF, Word document (DOCX), OpenDocument text (ODT), PNG, JPEG or plain text file"
    ]


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.txt", files.HTML),
        ("picture.png", files.SVG),
        ("program.pdf", files.EXE),
        ("archive.docx", files.ZIP),
        ("binary.txt", b"\x00\x01\x02\x03" * 10),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload(name, content, "text/plain"))
    assert refused.value.code in ("wrong_type", "name_mismatch")


def test_a_name_that_contradicts_the_content_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload("report.pdf", files.TEXT))
    assert refused.value.code == "name_mismatch"
    assert "The selected file is called report.pdf but its content is not a PDF file." in refused.value.messages[0]


def test_an_oversized_file_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload("big.pdf", files.PDF + b"0" * (1024 * 1024)))
    assert refused.value.messages == ["The selected file must be smaller than 1MB"]


def test_a_file_of_exactly_the_limit_is_allowed(settings):
    settings.MAX_UPLOAD_BYTES = 2048
    assert validate_attachment(upload("exact.pdf", files.PDF.ljust(2048, b" "))).extension == ".pdf"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="The selected file is empty"):
        validate_attachment(upload("empty.txt", b""))


def test_windows_text_with_a_pound_sign_is_plain_text():
    assert validate_attachment(upload("notes.txt", "Grant of \xa330,000".encode("cp1252"))).content_type == "text/plain"
