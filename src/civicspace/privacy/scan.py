"""Run every detector over every field and keep one finding per span."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from civicspace.privacy.addresses import find_addresses
from civicspace.privacy.coordinates import find_coordinates
from civicspace.privacy.emails import find_emails
from civicspace.privacy.findings import PRIORITY, Finding, Kind
from civicspace.privacy.ids import find_ids
from civicspace.privacy.known_names import NameIndex, find_known
from civicspace.privacy.names import find_unknown
from civicspace.privacy.phones import find_phones
from civicspace.privacy.plates import find_plates

Spans = Iterator[tuple[int, int, str, float]]

LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt", "ar", "ru", "tr", "ko")


def scan(
    fields: Mapping[str, str],
    *,
    languages: Sequence[str] = LANGUAGES,
    known_public_names: Iterable[str] = (),
    known_private_names: Iterable[str] = (),
) -> list[Finding]:
    """Every finding in ``fields`` (name → text), sorted by field order, then position.

    ``languages`` orders the phone regions tried first (every region is tried in the end);
    ``known_private_names`` are always findings, in any word order and accent or case;
    ``known_public_names`` are never findings as names (their phone or address still is).
    """
    public = NameIndex.build(known_public_names, singles=False)
    private = NameIndex.build(known_private_names)
    findings: list[Finding] = []
    for field, value in fields.items():
        if value:
            findings.extend(scan_text(value, field, languages, public, private))
    return findings


def scan_text(
    text: str,
    field: str,
    languages: Sequence[str],
    public: NameIndex,
    private: NameIndex,
) -> list[Finding]:
    """The findings of one text, overlaps resolved (see ``findings.PRIORITY``)."""
    detectors: list[tuple[Kind, Callable[[], Spans]]] = [
        (Kind.EMAIL, lambda: find_emails(text)),
        (Kind.ID_NUMBER, lambda: find_ids(text)),
        (Kind.COORDINATES, lambda: find_coordinates(text)),
        (Kind.PLATE, lambda: find_plates(text)),
        (Kind.PHONE, lambda: find_phones(text, languages)),
        (Kind.ADDRESS, lambda: find_addresses(text)),
        (Kind.PERSON, lambda: find_known(text, private)),
        (Kind.PERSON, lambda: find_unknown(text, public)),
    ]
    raw = [
        Finding(kind, field, start, end, text[start:end], detector, confidence)
        for kind, run in detectors
        for start, end, detector, confidence in run()
        if end > start
    ]
    raw.extend(repeat_mentions(text, field, raw))
    return resolve_overlaps(raw)


def repeat_mentions(text: str, field: str, found: Iterable[Finding]) -> list[Finding]:
    """Later mentions of a name found once ("Maria Okafor … Okafor said"): news names a person in
    full once, by family name after, and the bare family name has no cue of its own."""
    names = [
        f.text
        for f in found
        if f.kind is Kind.PERSON and f.confidence >= 0.65 and " " in f.text.strip()
    ]
    if not names:
        return []
    index = NameIndex.build(names)
    return [
        Finding(Kind.PERSON, field, start, end, text[start:end], "person.repeat", 0.7)
        for start, end, _, _ in find_known(text, index)
    ]


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep, among overlapping findings, the highest kind in ``PRIORITY``, then the most sure and
    longest; a kept finding's span grows to cover what it overrode, so redaction leaks nothing."""
    rank = {kind: i for i, kind in enumerate(PRIORITY)}
    ordered = sorted(
        findings,
        key=lambda f: (
            rank[f.kind],
            f.detector.startswith("person.known") is False,
            -f.confidence,
            f.start - f.end,
        ),
    )
    kept: list[Finding] = []
    for finding in ordered:
        if any(f.start < finding.end and finding.start < f.end for f in kept):
            continue
        kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
