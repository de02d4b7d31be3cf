"""What a sender may upload, told from the bytes (never from the name or the browser's type).

Photos: JPEG, PNG, WebP, HEIC/HEIF. Documents: PDF, OpenDocument and Office files (ZIP-based),
legacy Office files, RTF and plain UTF-8 text. Anything else is refused with a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from civicspace.errors import InvalidInput

HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
ZIP_DOCUMENTS = {
    b"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    b"xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    b"ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    b"mimetypeapplication/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet": (
        "application/vnd.oasis.opendocument.spreadsheet"
    ),
}
ACCEPTED_HELP = "photos (JPEG, PNG, HEIC, WebP) and documents (PDF, Word, OpenDocument, text)"


@dataclass(frozen=True)
class Upload:
    """One file as the sender's browser gave it: its name (kept sealed) and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Sniffed:
    kind: str  # image | document
    mime: str


def sniff(data: bytes) -> Sniffed:
    """The kind and type of ``data`` from its first bytes; :class:`InvalidInput` if not accepted."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "image/jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "image/png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "image/webp")
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return Sniffed("image", "image/heic")
    if head.startswith(b"%PDF-"):
        return Sniffed("document", "application/pdf")
    if head.startswith(b"PK\x03\x04"):
        window = data[:4096]
        for marker, mime in ZIP_DOCUMENTS.items():
            if marker in window:
                return Sniffed("document", mime)
        raise InvalidInput(f"a ZIP archive that is not a document: send {ACCEPTED_HELP}")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Sniffed("document", "application/msword")
    if head.startswith(b"{\\rtf"):
        return Sniffed("document", "application/rtf")
    if data and _is_text(data):
        return Sniffed("document", "text/plain")
    raise InvalidInput(f"this kind of file is not accepted: send {ACCEPTED_HELP}")


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text
