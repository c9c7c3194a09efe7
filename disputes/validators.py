"""Checks on uploaded attachments: size from settings.MAX_UPLOAD_BYTES, type from the file's
own first bytes (the `filetype` package), never from its name or the browser's claim."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# What a breach concern is likely to need: letters, minutes, spreadsheets, scans and photos.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/msword": "Word document",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
}
ALLOWED_DESCRIPTION = "PDF, Word, OpenDocument, Excel, PNG or JPEG"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def validate_attachment(upload) -> tuple[str, str]:
    """The file's real content type and extension, or a ValidationError saying what to do."""
    name = upload.name or "The file"
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(f"{name} is larger than {_megabytes(settings.MAX_UPLOAD_BYTES)}. Choose a smaller file.")
    if upload.size == 0:
        raise ValidationError(f"{name} is empty. Choose another file.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(f"{name} is not a file type the portal accepts. Upload a {ALLOWED_DESCRIPTION} file.")
    return kind.mime, kind.extension
