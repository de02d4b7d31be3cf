"""Sentences with their offsets, and the choice of the sentence that supports each label.

Every quote is a slice of the original title or text, so it occurs verbatim by construction;
:func:`civicspace.classify.schema.verify_evidence` checks it again before a coding leaves the
coder (the LLM backend's quotes need that check most).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicspace.classify.schema import Evidence

_BOUNDARY = re.compile(r"(?<=[.!?。！？])[\"'”’)\]]*\s+|\n\s*")
MAX_SENTENCES = 60
MAX_SENTENCE_CHARS = 600


@dataclass(frozen=True)
class Sentence:
    field: str  # "title" or "text"
    start: int
    end: int
    text: str

    def evidence(self) -> Evidence:
        return Evidence(
            quote=self.text,
            field="title" if self.field == "title" else "text",
            start=self.start,
            end=self.end,
        )


def split_sentences(text: str, field: str = "text", limit: int = MAX_SENTENCES) -> list[Sentence]:
    """Sentences of ``text`` with offsets; whitespace at the edges is not part of a sentence."""
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        _add(out, text, pos, m.start(), field)
        pos = m.end()
        if len(out) >= limit:
            return out
    _add(out, text, pos, len(text), field)
    return out[:limit]


def _add(out: list[Sentence], text: str, start: int, end: int, field: str) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 3:
        return
    if end - start > MAX_SENTENCE_CHARS:  # a run-on "sentence": cut at a word boundary
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        end = cut if cut > start else start + MAX_SENTENCE_CHARS
    out.append(Sentence(field, start, end, text[start:end]))


def document_sentences(title: str | None, text: str) -> list[Sentence]:
    """The title (one sentence) followed by the sentences of the text."""
    out: list[Sentence] = []
    if title and title.strip():
        out.extend(split_sentences(title, "title", limit=1))
    out.extend(split_sentences(text, "text"))
    return out


def sentence_at(sentences: list[Sentence], field: str, offset: int) -> Sentence | None:
    for s in sentences:
        if s.field == field and s.start <= offset < s.end:
            return s
    return None
