"""The structural base of ratings v2: per-freedom scores from published indices, explained.

For every freedom of the methodology (association, peaceful assembly, expression) and every
component (an index, or a sum of its variables) the country has on the day rated::

    percent   = (Σ variables − min) / (max − min) × 100        share of the index range
    rescaled  = scale(percent)                                  the publisher's thresholds on
                                                                the common 0–100 (method.yaml)
    freedom   = Σ weight × rescaled / Σ weight (components present)
    structural = Σ weight × freedom / Σ weight (freedoms present)

A component needs every variable it sums, from one edition and data year of its index; a missing
component's weight is shared out among the present ones, and a freedom with no component is left
out (named in ``missing``). Every number keeps the edition, publication date, data year and
licence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civicspace.ratings.indices.store import IndexReading
from civicspace.ratings.method import Methodology


@dataclass(frozen=True)
class StructuralScore:
    value: float
    freedoms: dict[str, dict[str, Any]]
    missing: list[str]

    def explain(self) -> dict[str, Any]:
        return {"value": round(self.value, 4), "freedoms": self.freedoms, "missing": self.missing}


def structural_score(
    method: Methodology, readings: dict[str, IndexReading]
) -> StructuralScore | None:
    """The structural score from one country's index readings; None without any component."""
    spec = method.structural
    if spec is None:
        raise ValueError(f"methodology {method.version} has no structural section")
    freedoms: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for fid, freedom in spec.freedoms.items():
        parts: list[dict[str, Any]] = []
        for cid, comp in freedom.components.items():
            reading = readings.get(comp.source)
            if reading is None or any(v not in reading.values for v in comp.variables):
                missing.append(f"{fid}.{cid}")
                continue
            raw = sum(reading.values[v] for v in comp.variables)
            scale = comp.scale_for(reading.edition)
            percent = comp.percent(raw)
            parts.append(
                {
                    "component": cid,
                    **reading.explain(),
                    "variables": {v: reading.values[v] for v in comp.variables},
                    "raw": round(raw, 4),
                    "percent": round(percent, 4),
                    "scale": scale,
                    "rescaled": round(spec.rescale(scale, percent), 4),
                    "weight": comp.weight,
                }
            )
        if not parts:
            missing.append(fid)
            continue
        total = sum(p["weight"] for p in parts)
        for p in parts:
            p["effective_weight"] = round(p["weight"] / total, 4)
        value = sum(p["weight"] * spec.rescale(p["scale"], p["percent"]) for p in parts) / total
        freedoms[fid] = {"value": round(value, 4), "weight": freedom.weight, "components": parts}
    if not freedoms:
        return None
    total = sum(f["weight"] for f in freedoms.values())
    value = sum(f["weight"] * f["value"] for f in freedoms.values()) / total
    for f in freedoms.values():
        f["effective_weight"] = round(f["weight"] / total, 4)
    return StructuralScore(value, freedoms, missing)


def blend(structural: float | None, local: float | None, local_weight: float) -> float | None:
    """The v2 base: structural and the organisation's own inputs, ``local_weight`` to the
    latter when both exist; either alone when only one does."""
    if structural is None:
        return local
    if local is None:
        return structural
    return (1 - local_weight) * structural + local_weight * local
