"""Filters: the one description of "which published incidents", shared by site, API and exports.

Within one list (violations, targets …) values are alternatives (any of them); different lists
and the other fields must all hold. ``q`` is full-text: every word must occur in the title or
the summary (case-insensitive; see docs/publish.md for the index strategy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from civicspace.codebook import load_codebook
from civicspace.countries import parse_code
from civicspace.errors import InvalidInput

SORTS = ("-published_at", "published_at", "-start_date", "start_date", "-id", "id")
MAX_Q_TERMS = 8


def _ids(kind: str, values: Iterable[str]) -> tuple[str, ...]:
    known = set(load_codebook().ids(kind))
    out = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in known:
                raise InvalidInput(f"unknown {kind} id {part!r}")
            out.append(part)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    violations: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    verification: tuple[str, ...] = ()
    gendered: bool | None = None
    q: str | None = None
    terms: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def build(
        cls,
        *,
        country: Iterable[str] = (),
        since: date | None = None,
        until: date | None = None,
        violation: Iterable[str] = (),
        target: Iterable[str] = (),
        perpetrator: Iterable[str] = (),
        verification: Iterable[str] = (),
        gendered: bool | None = None,
        q: str | None = None,
    ) -> Filters:
        """Validated filters from user input (comma lists or repeated values); InvalidInput."""
        countries = tuple(
            dict.fromkeys(
                parse_code(part) for value in country for part in value.split(",") if part.strip()
            )
        )
        if since and until and since > until:
            raise InvalidInput("'since' is after 'until'")
        q = " ".join((q or "").split())[:200] or None
        terms = tuple(dict.fromkeys(t.casefold() for t in (q or "").split()))[:MAX_Q_TERMS]
        return cls(
            countries=countries,
            since=since,
            until=until,
            violations=_ids("violations", violation),
            targets=_ids("targets", target),
            perpetrators=_ids("perpetrators", perpetrator),
            verification=_ids("verification", verification),
            gendered=gendered,
            q=q,
            terms=terms,
        )

    def params(self) -> dict[str, Any]:
        """Query parameters that rebuild these filters: shareable URLs."""
        out: dict[str, Any] = {}
        if self.countries:
            out["country"] = ",".join(self.countries)
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        for key, values in (
            ("violation", self.violations),
            ("target", self.targets),
            ("perpetrator", self.perpetrators),
            ("verification", self.verification),
        ):
            if values:
                out[key] = ",".join(values)
        if self.gendered is not None:
            out["gendered"] = "true" if self.gendered else "false"
        if self.q:
            out["q"] = self.q
        return out

    @property
    def empty(self) -> bool:
        return not self.params()
