"""Checks on files attached to consultation responses.

The type is decided by the file's content (the `filetype` package reads its signature), never
by its name or the browser's Content-Type, because both are whatever the sender says. Files
are stored under MEDIA_ROOT, outside the static root, with a random name and the extension
the content proved, and are served only by a view that checks permissions.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# What a consultation response may attach: documents people write, and pictures of them.
ALLOWED = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "text/plain": ".txt",
}
NAME_EXTENSIONS = {".pdf", ".docx", ".odt", ".png", ".jpg", ".jpeg", ".txt"}
WRONG_TYPE = (
    "The selected file must be a PDF, Word document (DOCX), OpenDocument text (ODT), PNG, JPEG or plain text file"
)

# Markup a browser would run or render if the file were ever opened as a page.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|svg|object|embed|meta|link|style|form|img|a\s)"
    rb"|<\?xml",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str


def megabytes(size: int) -> str:
    """A limit as people write it: "10MB", or "500KB" under a megabyte."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g}MB"
    return f"{size / 1024:g}KB"


def _is_plain_text(content: bytes) -> bool:
    if b"\x00" in content or MARKUP.search(content):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not CONTROL.search(text)
    return False


def validate_attachment(upload) -> Checked:
    """The checked type of an uploaded file, or a ValidationError saying what to do."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The selected file must be smaller than {megabytes(settings.MAX_UPLOAD_BYTES)}", code="too_large"
        )
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = filetype.guess(content[:8192])
    if kind is not None:
        content_type = kind.mime
    elif _is_plain_text(content):
        content_type = "text/plain"
    else:
        content_type = None
    if content_type not in ALLOWED:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    named = Path(upload.name or "").suffix.lower()
    extension = ALLOWED[content_type]
    if named in NAME_EXTENSIONS and named != extension and {named, extension} != {".jpeg", ".jpg"}:
        raise ValidationError(
            f"The selected file is called {Path(upload.name).name} but its content is not "
            f"{'an' if named == '.odt' else 'a'} {named[1:].upper()} file. {WRONG_TYPE}",
            code="name_mismatch",
        )
    return Checked(content_type, extension)
