"""Typed objects for the codebook, loaded from ``codebook.yaml`` inside the package."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Term(BaseModel):
    """One entry of a codebook list: a stable id, a label, what it means."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    meaning: str = ""
    retired: bool = False


class Violation(Term):
    cues: tuple[str, ...] = ()
    severity: float = 0.0


class Target(Term):
    implies: tuple[str, ...] = ()


class Band(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    min: float
    max: float


class Gendered(BaseModel):
    model_config = ConfigDict(frozen=True)

    meaning: str


class Codebook(BaseModel):
    """The shared vocabulary: coder, reviewers, ratings, API and exports read it from here."""

    model_config = ConfigDict(frozen=True)

    version: int
    incident_definition: str
    freedoms: tuple[Term, ...]
    violations: tuple[Violation, ...]
    targets: tuple[Target, ...]
    perpetrators: tuple[Term, ...]
    verification: tuple[Term, ...]
    gendered: Gendered
    bands: tuple[Band, ...] = Field(default=())

    def ids(self, kind: str) -> tuple[str, ...]:
        """Active ids of one list: ``freedoms``, ``violations``, ``targets`` … ."""
        terms: tuple[Term, ...] = getattr(self, kind)
        return tuple(t.id for t in terms if not t.retired)

    def band_for(self, score: float) -> Band:
        """The band whose range holds ``score`` (0–100)."""
        for band in self.bands:
            if band.min <= score <= band.max:
                return band
        # Between two integer ranges (e.g. 80.5): the band whose lower edge is below it.
        return max((b for b in self.bands if b.min <= score), key=lambda b: b.min)

    def severity(self) -> dict[str, float]:
        return {v.id: v.severity for v in self.violations if not v.retired}


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """Load and validate the codebook that ships with the package."""
    text = resources.files("civicspace.codebook").joinpath("codebook.yaml").read_text("utf-8")
    return Codebook.model_validate(yaml.safe_load(text))
