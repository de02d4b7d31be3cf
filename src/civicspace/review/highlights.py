"""The sentences that support a coding, as segments of a source to highlight.

The coder stores evidence as ``{key: {quote, field, start, end}}`` (key: ``violations:killing``,
``country``, ``is_incident`` …). Each quote is checked against the text again here: a span that
does not hold its quote is looked up by its quote, and dropped when the quote is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from civicspace.codebook import load_codebook


@dataclass(frozen=True)
class Segment:
    text: str
    keys: tuple[str, ...] = ()  # evidence keys this stretch supports; empty: plain text


def _spans(text: str, field: str, evidence: dict[str, Any]) -> list[tuple[int, int, str]]:
    spans = []
    for key, ev in (evidence or {}).items():
        if not isinstance(ev, dict) or ev.get("field", "text") != field:
            continue
        quote = str(ev.get("quote") or "")
        start, end = int(ev.get("start") or 0), int(ev.get("end") or 0)
        if not quote:
            continue
        if text[start:end] != quote:
            start = text.find(quote)
            if start < 0:
                continue
            end = start + len(quote)
        spans.append((start, end, key))
    return spans


def segments(text: str | None, field: str, evidence: dict[str, Any]) -> list[Segment]:
    """``text`` cut into plain and supporting stretches, in order; together they are ``text``."""
    text = text or ""
    spans = _spans(text, field, evidence)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        keys = tuple(sorted(k for s, e, k in spans if s <= a and b <= e))
        if out and out[-1].keys == keys:
            out[-1] = Segment(out[-1].text + text[a:b], keys)
        else:
            out.append(Segment(text[a:b], keys))
    return out


def key_label(key: str) -> str:
    """A reader's name for an evidence key: ``violations:killing`` → ``Violation: Killing``."""
    kind, _, term = key.partition(":")
    names = {
        "violations": "Violation",
        "targets": "Target",
        "perpetrators": "Perpetrator",
        "freedoms": "Freedom",
    }
    if kind in names and term:
        book = load_codebook()
        for t in getattr(book, kind):
            if t.id == term:
                return f"{names[kind]}: {t.label}"
        return f"{names[kind]}: {term}"
    plain = {
        "is_incident": "Incident",
        "country": "Country",
        "event_date": "Date",
        "pair:act": "Act (pair)",
        "pair:target": "Civic target (pair)",
    }
    return plain.get(key, key.replace("_", " ").capitalize())
