"""Publication dates, licences and citations of index editions (``editions.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from civicspace.errors import InvalidInput


@dataclass(frozen=True)
class EditionInfo:
    source: str
    edition: str
    published_on: date
    licence: str
    citation: str


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    text = resources.files("civicspace.ratings.indices").joinpath("editions.yaml").read_text()
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def edition_info(source: str, edition: str, published: date | None = None) -> EditionInfo:
    """What is known of ``edition`` of ``source``; ``published`` overrides (or supplies) the
    publication date. An edition without a known date and without ``published`` is refused."""
    entry = _table().get(source)
    if entry is None:
        raise InvalidInput(f"unknown index source {source!r}")
    known = entry.get("editions", {}).get(edition)
    day = published or (known if isinstance(known, date) else None)
    if day is None:
        raise InvalidInput(
            f"{source} edition {edition}: publication date unknown; give --published YYYY-MM-DD"
        )
    return EditionInfo(
        source,
        edition,
        day,
        " ".join(str(entry["licence"]).split()),
        " ".join(str(entry["citation"]).split()).replace("{edition}", edition),
    )
