"""The rating methodology as versioned data: ``methodology/v<N>.yaml`` loaded into typed objects.

A version is immutable once scores were computed with it: ``register`` stores its content and
SHA-256 in ``rating_methodologies`` and refuses a different content under a known version.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from civicspace.codebook import load_codebook
from civicspace.errors import InvalidInput


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BaseInput(_Frozen):
    label: str = ""
    min: float
    max: float
    higher_is_better: bool = True
    weight: float = Field(gt=0)

    @model_validator(mode="after")
    def _range(self) -> BaseInput:
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        return self

    def rescale(self, value: float) -> float:
        """``value`` on 0–100, 100 the most open."""
        share = (value - self.min) / (self.max - self.min)
        return 100.0 * (share if self.higher_is_better else 1.0 - share)


class BaseMethod(_Frozen):
    inputs: dict[str, BaseInput]
    carry_forward_years: int = 3


class Recency(_Frozen):
    half_life_days: float = Field(gt=0)
    window_days: int = Field(gt=0)


class Scale(_Frozen):
    fatalities_weight: float = 0.5
    people_weight: float = 0.25
    cap: float = 3.0


class Coverage(_Frozen):
    reference_reports: float = Field(gt=0)
    exponent: float = Field(ge=0, le=1)


class Adjustment(_Frozen):
    severity_overrides: dict[str, float] = Field(default_factory=dict)
    verification: dict[str, float]
    recency: Recency
    targets: dict[str, float] = Field(default_factory=dict)
    gendered: float = 1.0
    scale: Scale = Scale()
    coverage: Coverage
    points_per_unit: float = Field(gt=0)
    max_penalty: float = Field(ge=0)
    max_bonus: float = Field(ge=0)


class MethodBand(_Frozen):
    id: str
    min: float
    max: float


class Watchlist(_Frozen):
    window_days: int = 90
    min_decline: float = 5.0
    max_entries: int = 10


class Methodology(_Frozen):
    version: str
    title: str = ""
    effective: date | None = None
    notes: str = ""
    base: BaseMethod
    adjustment: Adjustment
    bands: tuple[MethodBand, ...]
    hysteresis: float = 0.0
    watchlist: Watchlist = Watchlist()

    @model_validator(mode="after")
    def _check(self) -> Methodology:
        codebook = load_codebook()
        violations = set(codebook.ids("violations"))
        unknown = set(self.adjustment.severity_overrides) - violations
        if unknown:
            raise ValueError(f"severity for unknown violation types: {sorted(unknown)}")
        unknown = set(self.adjustment.targets) - set(codebook.ids("targets"))
        if unknown:
            raise ValueError(f"multipliers for unknown target groups: {sorted(unknown)}")
        unknown = set(self.adjustment.verification) ^ set(codebook.ids("verification"))
        if unknown:
            raise ValueError(
                f"verification weights must cover exactly {codebook.ids('verification')}"
            )
        edges = sorted(self.bands, key=lambda b: b.min)
        if edges[0].min != 0 or edges[-1].max != 100:
            raise ValueError("bands must cover 0-100")
        return self

    # -- derived values -----------------------------------------------------------------------

    def severity(self) -> dict[str, float]:
        """Severity per violation type: the codebook's defaults with this method's overrides."""
        return {**load_codebook().severity(), **self.adjustment.severity_overrides}

    def band_for(self, score: float) -> str:
        """The band whose lower edge is the highest one at or below ``score``."""
        eligible = [b for b in self.bands if b.min <= score] or [min(self.bands, key=_lo)]
        return max(eligible, key=_lo).id

    def band(self, band_id: str) -> MethodBand:
        for b in self.bands:
            if b.id == band_id:
                return b
        raise InvalidInput(f"methodology {self.version} has no band {band_id!r}")

    def band_rank(self, band_id: str) -> int:
        """0 for the lowest band (closed) upwards."""
        return [b.id for b in sorted(self.bands, key=_lo)].index(band_id)

    def proposes_change(self, score: float, public_band: str | None) -> str | None:
        """The band to propose for ``score`` given the public band, or None (hysteresis)."""
        new = self.band_for(score)
        if public_band is None:
            return new
        if new == public_band:
            return None
        ordered = sorted(self.bands, key=_lo)
        current = self.band(public_band)
        rank = self.band_rank(public_band)
        if self.band_rank(new) < rank:
            return new if score < current.min - self.hysteresis else None
        above = ordered[rank + 1]
        return new if score >= above.min + self.hysteresis else None

    def canonical(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @property
    def sha256(self) -> str:
        blob = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def _lo(band: MethodBand) -> float:
    return band.min


def _parse(text: str, origin: str) -> Methodology:
    try:
        data = yaml.safe_load(text)
        return Methodology.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise InvalidInput(f"methodology {origin}: {exc}") from exc


def _packaged() -> dict[str, str]:
    folder = resources.files("civicspace.ratings").joinpath("methodology")
    return {
        p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))
    }


@lru_cache(maxsize=8)
def load_methods() -> dict[str, Methodology]:
    """Every packaged methodology version, by version id."""
    out: dict[str, Methodology] = {}
    for name, text in sorted(_packaged().items()):
        method = _parse(text, name)
        if method.version in out:
            raise InvalidInput(f"methodology version {method.version} defined twice")
        out[method.version] = method
    return out


def load_method(version: str | None = None, path: Path | None = None) -> Methodology:
    """A methodology by version (default: the latest packaged), or from a YAML file."""
    if path is not None:
        return _parse(path.read_text("utf-8"), str(path))
    methods = load_methods()
    if version is None:
        return methods[max(methods, key=_version_key)]
    if version not in methods:
        raise InvalidInput(f"no methodology version {version!r}; known: {sorted(methods)}")
    return methods[version]


def _version_key(version: str) -> tuple[int, str]:
    head = version.split(".")[0]
    return (int(head) if head.isdigit() else -1, version)
