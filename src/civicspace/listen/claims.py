"""Split a contribution into claims: sentences and semicolon clauses, with character offsets."""

from __future__ import annotations

import re

from civicspace.listen.records import Claim, Contribution

# A claim ends at . ! ? (Latin), 。！？ (CJK), a semicolon (; ；) or a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；;])|\n+")
_WORD = re.compile(r"\w", re.UNICODE)
MIN_CHARS = 12
SOFT_MAX_CHARS = 300


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        spans.append((pos, m.start() if m.group().isspace() else m.end()))
        pos = m.end()
    spans.append((pos, end))
    return spans


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _weight(text: str) -> int:
    """Length in Latin-letter equivalents: a CJK character carries about a word's meaning."""
    return len(text) + 2 * len(_CJK.findall(text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_claims(contribution: Contribution, *, min_chars: int = MIN_CHARS) -> list[Claim]:
    """The claims of a contribution, each a verbatim span; a short text is one claim.

    Pieces shorter than ``min_chars`` are joined to the piece before them, so that "Yes." or a
    list bullet does not become a theme of its own. A text with no sentence break is one claim.
    """
    text = contribution.text
    pieces: list[tuple[int, int]] = []
    for s, e in _spans(text, 0, len(text)):
        s, e = _trim(text, s, e)
        if s >= e or not _WORD.search(text, s, e):
            continue
        short = _weight(text[s:e]) < min_chars
        if pieces and (short or _weight(text[pieces[-1][0] : pieces[-1][1]]) < min_chars):
            pieces[-1] = (pieces[-1][0], e)
        else:
            pieces.append((s, e))
    return [Claim(contribution.id, s, e, text[s:e]) for s, e in pieces]
