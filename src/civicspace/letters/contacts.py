"""Diplomatic missions from ``government_contacts`` (``CIVICSPACE_DATA_DIR``, or
``CIVICSPACE_LETTERS_CONTACTS_DIR``): "the mission of country X in country Y".

``database_of_embassies.csv`` (Wikidata, CC0; ``;``-separated) names 9,852 missions by the state
that sends them (``operator``) and the country they sit in (``country``); its street addresses are
empty. Two smaller lists add a street address where they know one: ``us_embassies_worldwide.csv``
(embassies of the United States) and ``seoul_diplomatic_missions.csv`` (missions in Seoul, in
English and Korean). States are matched to ISO codes with :func:`civicspace.countries.to_alpha2`;
a row whose sender or host cannot be matched, or names one state as both, is skipped and counted.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from civicspace.countries import to_alpha2
from civicspace.errors import ConfigError, NotFound

EMBASSIES = "database_of_embassies.csv"
US_EMBASSIES = "us_embassies_worldwide.csv"
SEOUL = "seoul_diplomatic_missions.csv"
# A letter goes to the embassy before a consulate; the rest follow.
TYPE_RANK = {
    "embassy": 0,
    "high commission": 1,
    "apostolic nunciature": 2,
    "permanent mission": 3,
    "de facto embassy": 4,
    "consulate general": 5,
    "consulate": 6,
    "honorary consulate": 7,
}


@dataclass(frozen=True)
class Mission:
    """One diplomatic mission of ``sender`` in ``host`` (ISO alpha-2 codes)."""

    qid: str
    sender: str
    host: str
    type: str
    city: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    address: dict[str, str] = field(default_factory=dict)  # language ("en", "ko") → address

    def address_in(self, lang: str) -> str:
        return self.address.get(lang) or self.address.get("en", "")


@dataclass(frozen=True)
class Directory:
    missions: tuple[Mission, ...]
    skipped: int

    def between(self, sender: str, host: str) -> list[Mission]:
        """The missions of ``sender`` in ``host``, embassies first, then by city."""
        found = [m for m in self.missions if m.sender == sender and m.host == host]
        return sorted(found, key=lambda m: (TYPE_RANK.get(m.type, 99), m.city, m.qid))

    def get(self, qid: str) -> Mission:
        for mission in self.missions:
            if mission.qid == qid:
                return mission
        raise NotFound(f"no mission {qid} in government_contacts")


def contacts_dir(data_dir: Path, override: Path | None = None) -> Path:
    return override if override is not None else data_dir / "government_contacts"


def load(folder: Path) -> Directory:
    """The directory in ``folder``; :class:`ConfigError` naming the file when it is absent."""
    path = folder / EMBASSIES
    if not path.is_file():
        raise ConfigError(
            f"government contacts not found: {path} is missing "
            "(set CIVICSPACE_DATA_DIR or CIVICSPACE_LETTERS_CONTACTS_DIR)"
        )
    stamp = path.stat().st_mtime_ns
    return _load(folder.resolve(), stamp)


@lru_cache(maxsize=2)
def _load(folder: Path, _stamp: int) -> Directory:
    us = _us_addresses(folder / US_EMBASSIES)
    seoul = _seoul_addresses(folder / SEOUL)
    missions: list[Mission] = []
    skipped = 0
    with (folder / EMBASSIES).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            sender, host = to_alpha2(row["operator"] or ""), to_alpha2(row["country"] or "")
            qid = (row.get("QID") or "").rsplit("/", 1)[-1]
            # A mission of a state in itself is a row whose host was not filled in (31 of them).
            if not sender or not host or sender == host or not qid.startswith("Q"):
                skipped += 1
                continue
            kind = (row.get("type") or "").strip().lower() or "diplomatic mission"
            address: dict[str, str] = {}
            if sender == "US" and kind == "embassy" and host in us:
                address["en"] = us[host]
            if host == "KR" and kind == "embassy" and sender in seoul:
                address.update(seoul[sender])
            missions.append(
                Mission(
                    qid=qid,
                    sender=sender,
                    host=host,
                    type=kind,
                    city=(row.get("city") or "").strip(),
                    email=(row.get("email") or "").split("|")[0].strip(),
                    phone=(row.get("phone") or "").split("|")[0].strip(),
                    website=(row.get("website") or "").split("|")[0].strip(),
                    address=address,
                )
            )
    return Directory(tuple(missions), skipped)


def _us_addresses(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            code: row["address"].strip()
            for row in csv.DictReader(fh)
            if (code := to_alpha2(row["host_country"] or "")) and row.get("address")
        }


def _seoul_addresses(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = to_alpha2(row["name_en"] or "")
            if not code:
                continue  # international organisations
            postcode = (row.get("postcode") or "").strip()
            out[code] = {
                "en": ", ".join(x for x in (row["address_en"].strip(), postcode) if x),
                "ko": " ".join(x for x in (row["address_ko"].strip(), postcode) if x),
            }
    return out


__all__ = ["Directory", "Mission", "contacts_dir", "load"]
