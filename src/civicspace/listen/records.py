"""Typed records of the listen area: contributions in, claims and themes out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Contribution:
    """One contribution (an answer, essay, interview or comment) to synthesise."""

    id: str
    text: str
    question: str | None = None
    lang: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Claim:
    """A span of one contribution: ``text == contribution.text[start:end]``."""

    contribution_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    """A verbatim quote with where it comes from."""

    contribution_id: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, claim: Claim) -> Quote:
        return cls(claim.contribution_id, claim.start, claim.end, claim.text)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.contribution_id, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Theme:
    """A theme: its key point (a real claim, ``label_quote``, unless a namer's statement replaced
    it: ``label_by``), the contributions that support it, quotes. ``central`` holds its claims'
    texts, most central first (what a namer reads; not in the JSON)."""

    id: str
    label: str
    label_quote: Quote
    items: list[str]
    quotes: list[Quote]
    question: str | None = None
    countries: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    subthemes: list[Theme] = field(default_factory=list)
    claims: list[Quote] = field(default_factory=list)
    label_by: str | None = None
    central: list[str] = field(default_factory=list, repr=False)

    @property
    def count(self) -> int:
        return len(self.items)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "label": self.label,
            "label_source": self.label_quote.as_dict(),
            "label_by": self.label_by,
            "question": self.question,
            "count": self.count,
            "items": self.items,
            "quotes": [q.as_dict() for q in self.quotes],
            "countries": self.countries,
            "languages": self.languages,
            "claims": [
                {"id": c.contribution_id, "start": c.start, "end": c.end} for c in self.claims
            ],
        }
        if self.subthemes:
            out["subthemes"] = [s.as_dict() for s in self.subthemes]
        return out
