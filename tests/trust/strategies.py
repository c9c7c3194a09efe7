"""Awkward input for driving forms: text, dates, numbers, choices and crafted files.

Each strategy mixes hostile values with ordinary valid ones, so a test sees both the rejection
and the success path of a form.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from hypothesis import strategies as st

AWKWARD_SAMPLES = [
    "",
    " ",
    "\t\n",
    "\x00",
    "nul\x00byte",
    "مرحبا بالعالم",
    "שלום",
    "\u202eevil\u202c",
    "\u200b",
    "😀🎉👩‍👩‍👧",
    "x" * 5000,
    "y" * 20_000,
    "<script>alert(1)</script>",
    "<b>bold</b> &amp; &lt;",
    "{{ 7*7 }}{% debug %}",
    "'; DROP TABLE signatories_organisation; --",
    '" OR 1=1 --',
    "../../etc/passwd",
    "%00%2e%2e%2f",
    "\r\n\r\n",
    '=HYPERLINK("http://evil")',
    "SN15 1ER",
    "1123456",
    "https://example.org",
    "a@b.c",
    "01/13/2026",
    "31/02/2026",
    "ｆｕｌｌｗｉｄｔｈ",
    "Ünïcödé café",
    "\ufeffbom",
]
AWKWARD = st.one_of(st.text(max_size=300), st.sampled_from(AWKWARD_SAMPLES))


def awkward_or(*valid):
    """An awkward value or one of `valid` (ordinary input that should be accepted)."""
    return st.one_of(st.sampled_from([str(v) for v in valid]), AWKWARD)


def text_or_awkward(*valid):
    """For free text fields: ordinary sentences, or awkward ones."""
    return awkward_or(*(valid or ("Ordinary words about the matter.",)))


def formatted(day: date) -> str:
    """A date as people type it: 2/2/2026."""
    return f"{day.day}/{day.month}/{day.year:04d}"


AWKWARD_DATE_SAMPLES = [
    "31/02/2026",
    "29/02/2027",
    "0/0/0",
    "99/99/9999",
    "1/1/1",
    "01/01/0001",
    "31/12/9999",
    "9999-12-31",
    "0001-01-01",
    "2026-13-01",
    "1/1/10000",
    "١/٢/٢٠٢٦",
    "  2/2/2026  ",
    "2/2/2026\x00",
]


def awkward_dates(*valid: date):
    """Valid dates near the ones given, the ends of the calendar, and text that is no date."""
    near = [formatted(d + timedelta(days=offset)) for d in valid for offset in (-400, -30, -1, 0, 1, 30, 90, 400)]
    return st.one_of(
        st.sampled_from(near or ["2/2/2026"]), st.sampled_from(AWKWARD_DATE_SAMPLES), st.dates().map(formatted), AWKWARD
    )


AWKWARD_NUMBER_SAMPLES = [
    "0",
    "-1",
    "1",
    "12",
    "1e3",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "3.5",
    "99999999999999999999",
    "-99999999999999999999",
    "٣",
    "１２",
    "0x10",
    " 7 ",
    "7\x00",
]


def awkward_numbers(*valid):
    return st.one_of(
        st.sampled_from([str(v) for v in valid] or ["1"]),
        st.sampled_from(AWKWARD_NUMBER_SAMPLES),
        st.integers().map(str),
        AWKWARD,
    )


AWKWARD_IDS = st.sampled_from(["0", "-1", "999999", "99999999999999999999", "1.5", "1 OR 1=1", "٣", "１"])


def awkward_choices(*valid):
    """A valid choice, or a tampered one: an id that does not exist, or not an id at all."""
    return st.one_of(st.sampled_from([str(v) for v in valid]), AWKWARD_IDS, AWKWARD)


def awkward_multiple(*valid):
    """Several values for a multiple choice field: valid ones mixed with tampered ones."""
    return st.lists(awkward_choices(*valid), max_size=4)


# Crafted files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A file as a hostile client would send it: any name, any bytes, any claimed type."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"

    def __repr__(self):
        return f"Upload({self.name!r}, {len(self.content)} bytes, {self.content_type!r})"


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
TEXT = "We object: the £30,000 grant pays for 4,000 journeys.\n".encode()


@cache
def zip_bomb() -> bytes:
    """A small DOCX-looking archive that would unpack to 50MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (50 * 1024 * 1024))
    return buffer.getvalue()


def just_over_the_limit() -> bytes:
    return PDF + b"%" * (settings.MAX_UPLOAD_BYTES + 1 - len(PDF))


def crafted_files():
    """Valid documents, and the files people should never be able to store or be hurt by."""
    return st.sampled_from(
        [
            "valid pdf",
            "valid png",
            "empty",
            "html named pdf",
            "png named docx",
            "svg named png",
            "zip bomb",
            "over the limit",
            "path traversal",
            "null byte in name",
            "right-to-left override",
            "long name",
            "quote in name",
            "no name",
            "text",
        ]
    ).map(crafted)


def crafted(kind: str) -> Upload:
    """One of the crafted files by name, for explicit examples."""
    return {
        "valid pdf": lambda: Upload("letter.pdf", PDF, "application/pdf"),
        "valid png": lambda: Upload("photo.png", PNG, "image/png"),
        "empty": lambda: Upload("empty.pdf", b"", "application/pdf"),
        "html named pdf": lambda: Upload("report.pdf", HTML, "application/pdf"),
        "png named docx": lambda: Upload(
            "minutes.docx", PNG, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        "svg named png": lambda: Upload("picture.png", SVG, "image/png"),
        "zip bomb": lambda: Upload(
            "bomb.docx", zip_bomb(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        "over the limit": lambda: Upload("big.pdf", just_over_the_limit(), "application/pdf"),
        "path traversal": lambda: Upload("../../../etc/passwd.pdf", PDF, "application/pdf"),
        "null byte in name": lambda: Upload("evil\x00.pdf", PDF, "application/pdf"),
        "right-to-left override": lambda: Upload("invoice\u202efdp.exe", PDF, "application/pdf"),
        "long name": lambda: Upload("a" * 400 + ".pdf", PDF, "application/pdf"),
        "quote in name": lambda: Upload('a"b\r\nc.pdf', PDF, "application/pdf"),
        "no name": lambda: Upload("", PDF, "application/pdf"),
        "text": lambda: Upload("notes.txt", TEXT, "text/plain"),
    }[kind]()
