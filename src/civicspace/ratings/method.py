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
from itertools import pairwise
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
    # v2: an incident counts on a day only if it was published on our site by then
    published_by_as_of: bool = False


class Component(_Frozen):
    """One index (or a sum of its variables) inside a freedom's structural score."""

    label: str = ""
    source: str
    variables: tuple[str, ...]
    min: float
    max: float
    weight: float = Field(gt=0)
    scale: str
    # first edition year → scale, for indices whose thresholds changed (RSF in 2022)
    edition_scales: dict[str, str] = Field(default_factory=dict)

    def scale_for(self, edition: str) -> str:
        year = int(edition) if edition.isdigit() else None
        chosen = self.scale
        if year is not None:
            for start, name in sorted(self.edition_scales.items(), key=lambda kv: int(kv[0])):
                if year >= int(start):
                    chosen = name
        return chosen

    def percent(self, value: float) -> float:
        """The summed raw value as a share of the component's range, 0–100."""
        return max(0.0, min(100.0, 100.0 * (value - self.min) / (self.max - self.min)))


class Freedom(_Frozen):
    label: str = ""
    weight: float = Field(gt=0)
    components: dict[str, Component]


class Structural(_Frozen):
    """v2: the structural base from published indices, per freedom."""

    max_age_years: int = Field(ge=0)
    scales: dict[str, tuple[tuple[float, float], ...]]
    freedoms: dict[str, Freedom]
    local_weight: float = Field(ge=0, le=1, default=0.0)

    @model_validator(mode="after")
    def _check(self) -> Structural:
        for name, knots in self.scales.items():
            xs = [k[0] for k in knots]
            ys = [k[1] for k in knots]
            if knots[0] != (0, 0) or knots[-1] != (100, 100):
                raise ValueError(f"scale {name} must run from (0, 0) to (100, 100)")
            if xs != sorted(set(xs)) or ys != sorted(ys):
                raise ValueError(f"scale {name} must increase")
        for fid, freedom in self.freedoms.items():
            for cid, comp in freedom.components.items():
                for scale in (comp.scale, *comp.edition_scales.values()):
                    if scale not in self.scales:
                        raise ValueError(f"{fid}.{cid}: unknown scale {scale!r}")
        return self

    def rescale(self, scale: str, percent: float) -> float:
        """``percent`` (0–100 of an index's range) onto the common 0–100 by ``scale``'s knots."""
        knots = self.scales[scale]
        for (x0, y0), (x1, y1) in pairwise(knots):
            if percent <= x1:
                return y0 + (y1 - y0) * (percent - x0) / (x1 - x0)
        return 100.0


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
    structural: Structural | None = None
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

    def band_series(self, scores: list[float], public: str | None = None) -> list[str]:
        """The band after each score of a series, every proposal taken as approved: the band
        moves only when a score passes a cut-off by the hysteresis."""
        out: list[str] = []
        for score in scores:
            band = self.proposes_change(score, public) or public or self.band_for(score)
            out.append(band)
            public = band
        return out

    def canonical(self) -> dict[str, Any]:
        """The content hashed into ``sha256``; fields added in v2 appear only when used, so the
        hash of a v1 method is the one it always had."""
        data = self.model_dump(mode="json")
        if self.structural is None:
            data.pop("structural")
        if not self.adjustment.published_by_as_of:
            data["adjustment"].pop("published_by_as_of")
        return data

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
