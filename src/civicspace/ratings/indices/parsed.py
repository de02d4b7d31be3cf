"""What an index parser returns: values keyed by edition, country, data year and variable."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from civicspace.errors import InvalidInput

SOURCES = ("vdem", "fiw", "rsf")
MAX_ERRORS_SHOWN = 10


@dataclass(frozen=True)
class ParsedValue:
    edition: str
    country: str
    data_year: int
    variable: str
    value: float
    name: str


@dataclass
class ParsedIndex:
    """Values read from one file; ``skipped`` counts rows of entities that are not countries."""

    source: str
    values: list[ParsedValue] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def editions(self) -> list[str]:
        return sorted({v.edition for v in self.values})


def fail_on(errors: list[str], origin: str) -> None:
    """Raise one ``InvalidInput`` naming the first bad rows, if there are any."""
    if not errors:
        return
    shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
    more = (
        f"; … and {len(errors) - MAX_ERRORS_SHOWN} more" if len(errors) > MAX_ERRORS_SHOWN else ""
    )
    raise InvalidInput(f"{origin}: {len(errors)} bad value(s), nothing imported: {shown}{more}")


def number(text: object) -> float | None:
    """A float from a cell ('92,16' and '92.16' alike); None for an empty or 'N/A' cell."""
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s.upper() in {"", "NA", "N/A", "-", ".."}:
        return None
    value = float(s.replace(",", "."))
    if value != value:  # NaN
        return None
    return value
