"""The coder's pair judgement as the desk reads it: the act, the civic target, how likely
they are one event.

The coder stores ``codings.pair`` as ``{act: {id, quote, field, start, end}, target: {...} |
None, p}`` (``classify/pairing.py``). Here it becomes a typed view with a plain reading of
``p`` and the act's and target's sentences as highlight spans of the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# The pair's p judges the document at 0.5 in the coder's measurements (docs/coder.md).
LIKELY = 0.5

Reading = Literal["likely", "check"]


@dataclass(frozen=True)
class PairEnd:
    id: str
    quote: str
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class PairView:
    act: PairEnd
    target: PairEnd | None
    p: float

    @property
    def reading(self) -> Reading:
        """``likely``: the act was probably done to the target; ``check``: a reviewer should."""
        return "likely" if self.p >= LIKELY else "check"


def _end(raw: Any) -> PairEnd | None:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("quote"):
        return None
    try:
        start, end = int(raw.get("start") or 0), int(raw.get("end") or 0)
    except (TypeError, ValueError):
        start = end = 0
    field = "title" if raw.get("field") == "title" else "text"
    return PairEnd(str(raw["id"]), str(raw["quote"]), field, start, end)


def pair_view(pair: dict[str, Any] | None) -> PairView | None:
    """The stored judgement, or None when the coding has none (older codings) or no act."""
    if not isinstance(pair, dict):
        return None
    act = _end(pair.get("act"))
    if act is None:
        return None
    try:
        p = min(1.0, max(0.0, float(pair.get("p") or 0.0)))
    except (TypeError, ValueError):
        return None
    return PairView(act, _end(pair.get("target")), p)


def pair_evidence(view: PairView | None) -> dict[str, dict[str, Any]]:
    """The act's and target's sentences as evidence entries (``pair:act``, ``pair:target``),
    for :func:`civicspace.review.highlights.segments` to highlight beside the coder's own."""
    if view is None:
        return {}
    out = {}
    for key, end in (("pair:act", view.act), ("pair:target", view.target)):
        if end is not None:
            out[key] = {"quote": end.quote, "field": end.field, "start": end.start, "end": end.end}
    return out
