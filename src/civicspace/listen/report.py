"""The report of a project as typed records: what the HTML page, the PDF and the JSON twin show.

Themes come in one section per question the contributions answered (``questions``; a single
section without a question when none was asked). Every theme carries its statement (a claim,
a language model's short statement, ``label_by``, or an analyst's), the quotes that support it
(verbatim claims, each with its contribution's id and offsets), how many contributions and
countries support it and its breakdowns by country, region, type and language. Contributions
carry their text with the quoted spans marked, so a quote links to its place in its
contribution. An anonymous contribution has no name anywhere in these records (its text was
pseudonymised at intake and its author is NULL).
``language`` is the language most contributions are in (more than half of them), so the page
can take its writing direction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.privacy.findings import Finding
from civicspace.privacy.redact import redact
from civicspace.privacy.scan import scan
from civicspace.store.listen import ListenClaim, ListenContribution, ListenProject, ListenTheme

QUOTES = 3
ANONYMOUS = "Anonymous contributor"
DIMENSIONS = ("country", "region", "type", "language")


@dataclass(frozen=True)
class QuoteView:
    claim_id: int
    contribution_id: int
    number: int  # the contribution's number in the report
    start: int
    end: int
    text: str
    country: str | None
    type: str
    language: str | None = None


@dataclass(frozen=True)
class Span:
    text: str
    claim_id: int | None  # a claim in a theme (an anchor), or None: text in no theme
    quoted: bool = False  # one of a theme's quotes


@dataclass(frozen=True)
class ContributionView:
    id: int
    number: int
    type: str
    title: str | None
    name: str  # the author, or ANONYMOUS: never a name for an anonymous contribution
    anonymous: bool
    country: str | None
    region: str | None
    language: str | None
    spans: list[Span]
    themes: list[int]


@dataclass
class ThemeView:
    id: int
    label: str
    renamed: bool
    label_claim_id: int | None
    label_by: str | None  # the language model namer's version when the statement is its
    question: str | None
    parent_id: int | None
    position: int
    contributions: int
    countries: int
    breakdown: dict[str, dict[str, int]]
    quotes: list[QuoteView]
    claims: list[QuoteView]
    violations: list[str]
    targets: list[str]
    codes_by: str
    country_codes: list[str]
    subthemes: list[ThemeView] = field(default_factory=list)


@dataclass
class QuestionView:
    number: int
    question: str | None
    contributions: int
    themes: list[ThemeView]


@dataclass
class ReportView:
    slug: str
    title: str
    description: str | None
    status: str
    published_at: datetime | None
    contributions: list[ContributionView]
    themes: list[ThemeView]
    totals: dict[str, int]
    breakdown: dict[str, dict[str, int]]
    unassigned: int
    questions: list[QuestionView] = field(default_factory=list)
    language: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(replace(self, questions=[]))  # a question's themes are listed by id
        out["questions"] = [
            {"number": q.number, "question": q.question, "contributions": q.contributions,
             "themes": [t.id for t in q.themes]}
            for q in self.questions
        ]  # fmt: skip
        out["published_at"] = self.published_at.isoformat() if self.published_at else None
        return out


def _breakdown(rows: list[ListenContribution]) -> dict[str, dict[str, int]]:
    return {
        dim: dict(Counter(v for r in rows if (v := getattr(r, dim))).most_common())
        for dim in DIMENSIONS
    }


def _spans(
    row: ListenContribution, marked: list[ListenClaim], quoted: set[int], gate: _Redactor
) -> list[Span]:
    out: list[Span] = []
    at = 0
    for c in sorted(marked, key=lambda c: c.start_offset):
        if c.start_offset < at:
            continue
        if c.start_offset > at:
            out.append(Span(gate.span(row.id, at, c.start_offset), None))
        out.append(Span(gate.span(row.id, c.start_offset, c.end_offset), c.id, c.id in quoted))
        at = c.end_offset
    if at < len(row.text):
        out.append(Span(gate.span(row.id, at, len(row.text)), None))
    return out


class _Redactor:
    """The privacy gate's detectors over each contribution (once), applied span by span so that
    quotes, statements and the contribution's text are redacted alike."""

    def __init__(self, rows: list[ListenContribution], on: bool) -> None:
        self.on = on
        self.findings: dict[int, list[Finding]] = (
            {r.id: scan({"text": r.text}) for r in rows} if on else {}
        )
        self.texts = {r.id: r.text for r in rows}

    def title(self, title: str | None) -> str | None:
        return redact(title, scan({"title": title})) if self.on and title else title

    def written(self, label: str) -> str:
        """A statement a language model wrote from the claims: scanned as a whole."""
        return redact(label, scan({"label": label})) if self.on else label

    def span(self, contribution_id: int, start: int, end: int) -> str:
        text = self.texts[contribution_id]
        if not self.on:
            return text[start:end]
        local = [
            replace(
                f,
                start=max(f.start, start) - start,
                end=min(f.end, end) - start,
                text=text[max(f.start, start) : min(f.end, end)],
            )
            for f in self.findings[contribution_id]
            if f.start < end and f.end > start
        ]
        return redact(text[start:end], local)


def build_report(
    db: Session, project: ListenProject, quotes: int = QUOTES, public: bool = False
) -> ReportView:
    """The report; ``public`` runs the privacy gate's detectors (phones, e-mails, addresses, ID
    numbers, coordinates, plates, person names) over every text it shows and redacts them."""
    rows = list(
        db.scalars(
            select(ListenContribution)
            .where(ListenContribution.project_id == project.id)
            .order_by(ListenContribution.id)
        )
    )
    number = {r.id: n for n, r in enumerate(rows, start=1)}
    by_id = {r.id: r for r in rows}
    claims = list(
        db.scalars(
            select(ListenClaim)
            .where(ListenClaim.project_id == project.id)
            .order_by(ListenClaim.contribution_id, ListenClaim.start_offset)
        )
    )
    themes = list(
        db.scalars(
            select(ListenTheme)
            .where(ListenTheme.project_id == project.id)
            .order_by(ListenTheme.position, ListenTheme.id)
        )
    )
    root = {t.id: t.parent_id or t.id for t in themes}
    gate = _Redactor(rows, public)
    claim_by_id = {c.id: c for c in claims}

    def text_of(c: ListenClaim) -> str:
        return gate.span(c.contribution_id, c.start_offset, c.end_offset)

    def quote(c: ListenClaim) -> QuoteView:
        r = by_id[c.contribution_id]
        return QuoteView(
            c.id,
            r.id,
            number[r.id],
            c.start_offset,
            c.end_offset,
            text_of(c),
            r.country,
            r.type,
            r.language,
        )

    def label_of(t: ListenTheme) -> str:
        if t.label_by and not t.renamed:
            return gate.written(t.label)
        source = claim_by_id.get(t.label_claim_id) if t.label_claim_id and not t.renamed else None
        return text_of(source) if source is not None else t.label

    def view(t: ListenTheme) -> ThemeView:
        family = {k for k, v in root.items() if v == t.id} if t.parent_id is None else {t.id}
        own = [c for c in claims if c.theme_id in family]
        ids = list(dict.fromkeys(c.contribution_id for c in own))
        members = [by_id[i] for i in ids]
        chosen: list[ListenClaim] = []
        seen: set[int] = set()
        first = next((c for c in own if c.id == t.label_claim_id), None)
        for c in ([first] if first else []) + sorted(own, key=lambda c: -c.centrality):
            if c.contribution_id not in seen:
                seen.add(c.contribution_id)
                chosen.append(c)
            if len(chosen) >= quotes:
                break
        countries = sorted({r.country for r in members if r.country})
        return ThemeView(
            id=t.id,
            label=label_of(t),
            renamed=t.renamed,
            label_claim_id=t.label_claim_id,
            label_by=None if t.renamed else t.label_by,
            question=t.question,
            parent_id=t.parent_id,
            position=t.position,
            contributions=len(ids),
            countries=len(countries),
            breakdown=_breakdown(members),
            quotes=[quote(c) for c in chosen],
            claims=[quote(c) for c in own],
            violations=list(t.violations or []),
            targets=list(t.targets or []),
            codes_by=t.codes_by,
            country_codes=countries,
        )

    tops = [view(t) for t in themes if t.parent_id is None]
    for top in tops:
        top.subthemes = [view(t) for t in themes if t.parent_id == top.id]
    asked: dict[str | None, list[ListenContribution]] = {}
    for r in rows:
        asked.setdefault(r.question, []).append(r)
    sections = {q: QuestionView(0, q, len(members), []) for q, members in asked.items()}
    for top in tops:
        sections.setdefault(top.question, QuestionView(0, top.question, 0, [])).themes.append(top)
    questions = [q for q in sections.values() if q.themes or q.contributions]
    for n, q in enumerate(questions, start=1):
        q.number = n
    languages = Counter(r.language for r in rows if r.language)
    top_language = languages.most_common(1)[0] if languages else None
    quoted_ids = {q.claim_id for t in tops for v in [t, *t.subthemes] for q in v.quotes}
    theme_of_contribution: dict[int, list[int]] = {}
    marked: dict[int, list[ListenClaim]] = {}
    for c in claims:
        if c.theme_id is not None:
            marked.setdefault(c.contribution_id, []).append(c)
            ids = theme_of_contribution.setdefault(c.contribution_id, [])
            if root[c.theme_id] not in ids:
                ids.append(root[c.theme_id])
    contributions = [
        ContributionView(
            id=r.id,
            number=number[r.id],
            type=r.type,
            title=gate.title(r.title),
            name=ANONYMOUS if r.anonymous or not r.author else r.author,
            anonymous=r.anonymous,
            country=r.country,
            region=r.region,
            language=r.language,
            spans=_spans(r, marked.get(r.id, []), quoted_ids, gate),
            themes=theme_of_contribution.get(r.id, []),
        )
        for r in rows
    ]
    return ReportView(
        slug=project.slug,
        title=project.title,
        description=project.description,
        status=project.status,
        published_at=project.published_at,
        contributions=contributions,
        themes=tops,
        totals={
            "contributions": len(rows),
            "countries": len({r.country for r in rows if r.country}),
            "themes": len(tops),
            "claims": len(claims),
        },
        breakdown=_breakdown(rows),
        unassigned=sum(1 for c in claims if c.theme_id is None),
        questions=questions,
        language=top_language[0] if top_language and 2 * top_language[1] > len(rows) else None,
    )
