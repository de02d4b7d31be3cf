"""Plain text out of the files people submit: .txt, .md, .docx (python-docx), .pdf (pypdf)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from civicspace.errors import InvalidInput

SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_PREFIX = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.MULTILINE
)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{name}: not UTF-8 or UTF-16 text")


def markdown_text(source: str) -> str:
    """Markdown with its markup removed: headings, quotes, list marks, emphasis, links."""
    text = _MD_LINK.sub(r"\1", source)
    text = _MD_PREFIX.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs (and table cells) of a Word document, one per line."""
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise InvalidInput(f"{name}: not a readable .docx file ({type(exc).__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(line for line in lines if line.strip())


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of every page of a PDF (a scanned PDF without one gives an error)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidInput(f"{name}: not a readable PDF ({exc})") from None
    text = "\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise InvalidInput(f"{name}: the PDF has no text layer (scanned?)")
    return text


def read_document(data: bytes, name: str) -> str:
    """The text of a submitted file, chosen by the suffix of ``name``."""
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        text = docx_text(data, name)
    elif suffix == ".pdf":
        text = pdf_text(data, name)
    elif suffix in (".md", ".markdown"):
        text = markdown_text(_decode(data, name))
    elif suffix == ".txt":
        text = _decode(data, name)
    else:
        raise InvalidInput(f"{name}: unsupported file type (use {', '.join(SUFFIXES)})")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise InvalidInput(f"{name}: no text")
    return text
