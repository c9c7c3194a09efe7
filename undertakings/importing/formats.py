"""Reading a document into text the structure reader understands, whatever it was saved as.

Plain text and Markdown are decoded as they are. Word and PDF documents are turned into the
same Markdown-like text, keeping the structure their format carries: a Word heading style
becomes "#" headings, a list paragraph a "- " item, a page break a form feed; a PDF line set
in a larger type becomes a heading, a gap between lines a paragraph break, and each page ends
with a form feed so that page furniture can be recognised by repetition across pages.
"""

from __future__ import annotations

import io
import re
import statistics
from pathlib import Path

from .results import CompactParseError

TEXT_EXTENSIONS = (".txt", ".md", ".markdown")
ACCEPTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".docx", ".pdf")
NO_TEXT = (
    "the document has no text in it. A scanned document is a picture of its pages: "
    "save it again from the program it was written in, or run it through text "
    "recognition (OCR), and upload that."
)


def read_document(path_or_bytes, filename: str = "") -> str:
    """The text of a .txt, .md, .docx or .pdf file given as a path, bytes or a file object."""
    if isinstance(path_or_bytes, (str, Path)):
        filename = filename or Path(path_or_bytes).name
        data = Path(path_or_bytes).read_bytes()
    else:
        data = path_or_bytes.read() if hasattr(path_or_bytes, "read") else path_or_bytes
    name = filename.lower()
    if not name.endswith(ACCEPTED_EXTENSIONS):
        raise CompactParseError(
            "only Word (.docx), PDF (.pdf), plain text (.txt) and Markdown (.md) files can be imported.",
            report=[
                f"File name: {filename or '(none)'}",
                "A Word 97-2003 (.doc) or OpenDocument file can be saved as .docx or PDF first.",
            ],
            stopped_at="the file name",
        )
    if isinstance(data, str):
        return data
    data = bytes(data)
    if name.endswith(".docx"):
        text = _docx_text(data, filename)
    elif name.endswith(".pdf"):
        text = _pdf_text(data, filename)
    else:
        text = _decoded(data, filename)
    if not text.strip():
        raise CompactParseError(NO_TEXT, report=[f"File name: {filename}"], stopped_at="the first page")
    return text


def _decoded(data: bytes, filename: str) -> str:
    # Word's "Unicode text" is UTF-16 with a byte-order mark; any other NUL means binary
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16:
        raise CompactParseError(
            "the file is binary, not text.",
            report=[f"File name: {filename}", f"{len(data)} bytes, some NUL"],
            stopped_at=f"byte {data.find(bytes(1))}",
        )
    encodings = ["utf-16"] if utf16 else ["utf-8-sig", "cp1252"]
    for encoding in encodings:  # utf-8-sig reads plain UTF-8 too
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failure = error
    raise CompactParseError(
        "the file is neither UTF-8 nor Windows-1252 text.",
        report=[f"File name: {filename}"],
        stopped_at=f"byte {failure.start}",
    )


# --- Word --------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(?:heading\s*(?P<level>\d)|title)$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, filename: str) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise CompactParseError(
            "the file is not a Word document that can be opened.",
            report=[f"File name: {filename}", str(error)],
            stopped_at="the start of the file",
        ) from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            lines.extend(_docx_paragraph(docx.text.paragraph.Paragraph(block, document)))
        elif block.tag == f"{_W}tbl":  # a table's cells read row by row, each as a paragraph
            for row in docx.table.Table(block, document).rows:
                cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
                lines.extend([" ".join(dict.fromkeys(cells)), ""] if cells else [])
    return "\n".join(lines)


def _docx_paragraph(paragraph) -> list[str]:
    breaks = "\f" if paragraph._p.xpath('.//w:br[@w:type="page"]') else ""
    text = paragraph.text.replace("\t", " ").strip()
    if not text:
        return [breaks] if breaks else []
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if heading := _HEADING_STYLE.match(style.strip()):
        return [breaks + "#" * int(heading["level"] or 1) + " " + text, ""]
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or style.lower().startswith("list"):
        level = paragraph._p.pPr.numPr.ilvl.val if numbered and paragraph._p.pPr.numPr.ilvl is not None else 0
        return [breaks + "  " * int(level) + "- " + text]
    return [breaks + text, ""]


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_text(data: bytes, filename: str) -> str:
    """PDFium (pypdfium2) reads the text layer line by line, with each line's type size and
    height on the page: fast enough for a hundred pages in well under a second."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise CompactParseError(
            "the file is not a PDF that can be opened.",
            report=[f"File name: {filename}", str(error)],
            stopped_at="the start of the file",
        ) from None
    try:
        pages = [_pdf_page_lines(document[index]) for index in range(len(document))]
    finally:
        document.close()
    sizes = [size for page in pages for _, size, _ in page]
    body = statistics.median(sizes) if sizes else 0
    larger = sorted({round(size) for size in sizes if size > body * 1.15}, reverse=True)
    gaps = sorted(gap for page in pages for _, size, gap in page if gap and abs(size - body) < 0.5)
    spacing = gaps[len(gaps) // 10] if gaps else 0  # the tightest usual distance: lines of one paragraph
    text_pages = []
    for page in pages:
        lines: list[str] = []
        for text, size, gap in page:
            if lines and ((gap and spacing and gap > spacing * 1.3) or lines[-1].endswith(":")):
                lines.append("")  # a paragraph break: more space than between lines, or after a lead-in
            if round(size) in larger and len(text) <= 120:
                lines.extend(["", "#" * min(larger.index(round(size)) + 1, 6) + " " + text, ""])
            else:
                lines.append(text)
        text_pages.append("\n".join(lines))
    return "\n\f".join(text_pages)


def _pdf_page_lines(page) -> list[tuple[str, float, float | None]]:
    """(text, type size, distance from the line above) for each line of a page, top to bottom."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range(0, textpage.count_chars())
        rows, offset, previous = [], 0, None
        for line in re.split(r"\r\n|\n|\r", text):
            stripped = line.strip()
            if stripped:
                first = offset + len(line) - len(line.lstrip())
                size = pdfium_c.FPDFText_GetFontSize(textpage, first)
                top = textpage.get_charbox(first)[3]
                rows.append((stripped, round(size, 1), None if previous is None else previous - top))
                previous = top
            offset += len(line) + (2 if text[offset + len(line) : offset + len(line) + 2] == "\r\n" else 1)
        return rows
    finally:
        textpage.close()
        page.close()
