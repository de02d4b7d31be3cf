"""Bytes to text: sniff binary payloads, find the charset, never fail on a bad byte."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from civicspace.errors import NotHtml

_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"GIF8": "GIF",
    b"\xff\xd8\xff": "JPEG",
    b"PK\x03\x04": "ZIP",
    b"\x1f\x8b": "gzip",
    b"\x7fELF": "ELF",
    b"RIFF": "RIFF",
    b"OggS": "Ogg",
    b"ID3": "MP3",
    b"\x00\x00\x00": "binary (MP4/ISO)",
}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def sniff_binary(raw: bytes) -> str | None:
    """The kind of binary payload ``raw`` looks like, or None if it looks like text."""
    if raw.startswith(_BOMS):
        return None
    for magic, kind in _MAGIC.items():
        if raw.startswith(magic):
            return kind
    head = raw[:4096]
    if not head:
        return None
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    if b"\x00" in head or controls / len(head) > 0.05:
        return "binary"
    return None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _nearly(raw: bytes, encoding: str) -> tuple[str, str] | None:
    """``raw`` decoded as ``encoding`` with replacement characters, if only a few bytes (at most
    one in a thousand) are invalid: a page in that encoding with a stray bad byte, which a
    guess would turn into mojibake from the first accented letter on."""
    text = raw.decode(encoding, errors="replace")
    if text.count("\ufffd") <= max(4, len(raw) // 1000):
        return text, f"{encoding} (replaced)"
    return None


def decode_text(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``raw`` to ``(text, encoding)``.

    Order: byte-order mark, the declared charset (HTTP header), a ``<meta charset>``, strict
    UTF-8 (each of these also accepts a text with a few invalid bytes, replaced), then
    charset-normalizer's guess; a last resort decodes UTF-8 with replacement
    characters so that no input is ever rejected for its encoding alone.
    """
    kind = sniff_binary(raw)
    if kind:
        raise NotHtml(f"binary payload ({kind})")
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    meta = _META_CHARSET.search(raw[:4096])
    for candidate in (_codec(declared), _codec(meta.group(1).decode("ascii") if meta else None)):
        if candidate:
            try:
                return raw.decode(candidate), candidate
            except UnicodeDecodeError:
                if found := _nearly(raw, candidate):
                    return found
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if found := _nearly(raw, "utf-8"):
            return found
    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding:
        return raw.decode(best.encoding, errors="replace"), best.encoding
    return raw.decode("utf-8", errors="replace"), "utf-8 (replaced)"
