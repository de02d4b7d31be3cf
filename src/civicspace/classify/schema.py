"""The coder's input and output records, and JSON Lines reading and writing.

Input line (``civicspace classify --input``)::

    {"id": "...", "text": "...", "title": "...", "lang": "es", "published": "2024-05-02",
     "source_country": "AR"}

Output line (``--output``), one per input line, in the same order::

    {"id", "is_incident", "score", "violations", "targets", "perpetrators", "freedoms",
     "country", "place", "gendered", "event_date", "persons", "evidence", "language",
     "coder", "coder_version", "pair"}

Labels are lists of ``{"id": <codebook id>, "p": <probability given an incident>}``; evidence
maps ``is_incident``, ``violations:<id>``, ``targets:<id>`` … , ``country`` and ``event_date``
to a verbatim quote with its field (``title`` or ``text``) and character offsets. ``pair`` (an
incident's act and the civic target it was done to, each with its id and verbatim sentence, and
``p``, the probability that they are one event; ``null`` when not judged) came later. This format is
the stable interface others evaluate the coder with: docs/coder.md documents it, and new fields
are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from civicspace.errors import InvalidInput

LABEL_KINDS = ("violations", "targets", "perpetrators", "freedoms")


class InputDoc(BaseModel):
    """One document to code."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str = ""
    title: str | None = None
    lang: str | None = None
    published: date | None = None
    source_country: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_to_str(cls, v: object) -> object:
        return str(v) if isinstance(v, int) else v

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, v: object) -> object:
        if isinstance(v, str) and v:
            try:
                return datetime.fromisoformat(v.replace("Z", "+00:00")).date()
            except ValueError:
                return v[:10]
        return v or None

    @field_validator("lang", "source_country", mode="before")
    @classmethod
    def _code(cls, v: object) -> object:
        return v.strip() or None if isinstance(v, str) else v


class Label(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    p: float = Field(ge=0.0, le=1.0)


class Person(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    role: Literal["victim", "perpetrator"]
    kind: Literal["person", "organisation"] = "person"


class Evidence(BaseModel):
    model_config = ConfigDict(frozen=True)

    quote: str
    field: Literal["title", "text"] = "text"
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class PairEnd(BaseModel):
    """One side of a judged pair: the codebook id and its verbatim sentence."""

    model_config = ConfigDict(frozen=True)

    id: str
    quote: str
    field: Literal["title", "text"] = "text"
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class PairJudgement(BaseModel):
    """The incident's conjunction: the act (a violation), the civic target it was done to
    (None when the text names none), and ``p``, the probability that they are one event."""

    model_config = ConfigDict(frozen=True)

    act: PairEnd
    target: PairEnd | None = None
    p: float = Field(ge=0.0, le=1.0)


class Coding(BaseModel):
    """What the coder proposes for one document."""

    id: str
    is_incident: bool
    score: float = Field(ge=0.0, le=1.0)
    violations: list[Label] = Field(default_factory=list)
    targets: list[Label] = Field(default_factory=list)
    perpetrators: list[Label] = Field(default_factory=list)
    freedoms: list[Label] = Field(default_factory=list)
    country: str | None = None
    place: str | None = None
    gendered: bool = False
    event_date: date | None = None
    persons: list[Person] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    language: str | None = None
    coder: str = ""
    coder_version: str = ""
    pair: PairJudgement | None = None

    def ids(self, kind: str) -> list[str]:
        labels: list[Label] = getattr(self, kind)
        return [label.id for label in labels]


_Quoted = TypeVar("_Quoted", Evidence, PairEnd)


def _verified(ev: _Quoted, doc: InputDoc) -> _Quoted | None:
    """``ev`` if its quote occurs where it claims to, moved to where it occurs, or None."""
    source = (doc.title or "") if ev.field == "title" else doc.text
    if ev.quote and source[ev.start : ev.end] == ev.quote:
        return ev
    if ev.quote and ev.quote in source:
        start = source.index(ev.quote)
        return ev.model_copy(update={"start": start, "end": start + len(ev.quote)})
    return None


def verify_evidence(coding: Coding, doc: InputDoc) -> Coding:
    """Drop every piece of evidence whose quote does not occur verbatim where it claims to;
    a pair whose act does not occur is dropped, a target that does not occur is cleared."""
    kept: dict[str, Evidence] = {}
    for key, ev in coding.evidence.items():
        found = _verified(ev, doc)
        if found is not None:
            kept[key] = found
    pair = coding.pair
    if pair is not None:
        act = _verified(pair.act, doc)
        target = _verified(pair.target, doc) if pair.target is not None else None
        pair = pair.model_copy(update={"act": act, "target": target}) if act else None
    return coding.model_copy(update={"evidence": kept, "pair": pair})


def read_jsonl(fh: IO[str]) -> Iterator[InputDoc]:
    """Input documents, one JSON object a line; blank lines are skipped."""
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            yield InputDoc.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise InvalidInput(f"line {n}: {exc}") from exc


def write_jsonl(codings: Iterable[Coding], fh: IO[str]) -> int:
    n = 0
    for c in codings:
        fh.write(c.model_dump_json() + "\n")
        n += 1
    return n


def read_gold(path: Path) -> list[dict[str, object]]:
    """A gold file: input fields plus the gold coding fields, one object a line."""
    out: list[dict[str, object]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InvalidInput(f"{path}:{n}: {exc}") from exc
    return out
