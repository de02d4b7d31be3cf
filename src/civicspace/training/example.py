"""One labelled document of a training or dev set, whatever set it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Example:
    id: str
    text: str
    source: str
    group: str
    split: str
    title: str = ""
    lang: str = "en"
    published: date | None = None
    country: str | None = None
    event_date: date | None = None
    is_incident: bool | None = None
    violations: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    freedoms: tuple[str, ...] = ()
    gendered: bool = False
    labels_known: bool = True  # False: only ``is_incident`` is gold
    # label kinds (violations, targets, perpetrators, freedoms, gendered) the source does not
    # decide: never trained or scored on them
    unknown: frozenset[str] = frozenset()
    rule: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def parse_date(value: str) -> date | None:
    value = value.strip()
    for fmt in (
        "%Y-%m-%d",
        "%d-%b-%y",
        "%d-%B-%Y",
        "%d-%m-%y",
        "%d %B %Y",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y",
        "%m/%d/%Y",
    ):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
