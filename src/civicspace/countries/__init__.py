"""Countries, in one place: ISO 3166-1 codes from codes or names, names in many languages,
ISO numeric codes and map centroids.

* :func:`to_alpha2` is the cheap lookup every importer uses: an alpha-2 or alpha-3 code, an ISO
  name, one of our aliases (``data/aliases.yaml``: "Ivory Coast", "DRC", "Burma") or a spelling
  found in ACLED and Freedom House exports; ``None`` when unknown. Territories that external
  ratings score apart from their state (Indian Kashmir, Transnistria, Gaza Strip) are not
  countries here. The coder's gazetteer (``civicspace.classify.geo``) adds names in running text.
* :func:`parse_code` is the strict form for user input (CLI options, query strings, desk forms):
  an alpha-2 or alpha-3 code, else :class:`~civicspace.errors.InvalidInput`.
* :func:`country_name` (CLDR, in the reader's language), :func:`numeric` (as world-atlas spells
  it) and :func:`centroids` (``data/centroids.json``: the centroid of each country's largest
  polygon in world-atlas 2.0.2 ``countries-50m``, Natural Earth 1:50m, public domain, computed
  once with d3-geo's ``geoCentroid``; a country with no shape there has no centroid).
* :func:`region` names a country's continent (Africa, Americas, Asia, Europe, Oceania) from the
  continent of its first IANA time zone in CLDR (babel), with a few island states set by hand.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import pycountry
import yaml
from babel import Locale

from civicspace.errors import InvalidInput

USER_ASSIGNED = frozenset({"XK"})  # Kosovo: user-assigned, used by every rating and by ACLED

# Spellings found in ACLED, Freedom House, RSF and V-Dem files that neither ISO 3166 nor the
# aliases hold.
EXPORT_SPELLINGS = {
    "brunei": "BN",
    "congo (brazzaville)": "CG",
    "congo (kinshasa)": "CD",
    "micronesia": "FM",
    "st. kitts and nevis": "KN",
    "st. lucia": "LC",
    "st. vincent and the grenadines": "VC",
    "xko": "XK",  # RSF and V-Dem codes for Kosovo
    "xkx": "XK",
    "central african rep.": "CF",
    "curacao": "CW",
    "dem. rep. congo": "CD",
    "republic of ireland": "IE",
    "s. sudan": "SS",
    "kosovo": "XK",
    "uk": "GB",
}


def _data(name: str) -> str:
    return resources.files("civicspace.countries").joinpath("data", name).read_text("utf-8")


def aliases_bytes() -> bytes:
    """The aliases file as stored (the gazetteer's cache key includes it)."""
    return resources.files("civicspace.countries").joinpath("data", "aliases.yaml").read_bytes()


@lru_cache(maxsize=1)
def aliases() -> dict[str, dict[str, list[str]]]:
    """``{"aliases": {alpha2: [names]}, "demonyms": {alpha2: [adjectives]}}``."""
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(_data("aliases.yaml"))
    for section, by_code in data.items():
        for code in by_code:
            # YAML 1.1 reads a bare NO (Norway) as false: every key must stay a country code
            if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
                raise ValueError(f"aliases.yaml, {section}: {code!r} is not a quoted alpha-2 code")
    return data


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    return {
        str(name).lower(): str(code)
        for code, names in aliases().get("aliases", {}).items()
        for name in names
    }


@lru_cache(maxsize=4096)
def to_alpha2(value: str) -> str | None:
    """ISO alpha-2 for a code (alpha-2, alpha-3) or a country name; ``None`` when unknown."""
    name = value.strip()
    if not name:
        return None
    key = name.lower()
    if key in EXPORT_SPELLINGS:
        return EXPORT_SPELLINGS[key]
    if len(name) == 2 and name.isalpha():
        code = name.upper()
        return code if code in USER_ASSIGNED or pycountry.countries.get(alpha_2=code) else None
    if len(name) == 3 and name.isalpha():
        found = pycountry.countries.get(alpha_3=name.upper())
        if found is not None:
            return str(found.alpha_2)
    if key in _alias_index():
        return _alias_index()[key]
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


def parse_code(value: str) -> str:
    """An ISO alpha-2 code from alpha-2 or alpha-3 input (any case), or :class:`InvalidInput`."""
    code = value.strip().upper()
    if code in USER_ASSIGNED:
        return code
    found = (
        pycountry.countries.get(alpha_2=code)
        if len(code) == 2
        else pycountry.countries.get(alpha_3=code)
        if len(code) == 3
        else None
    )
    if found is None:
        raise InvalidInput(f"unknown country code {value.strip()!r}: use ISO 3166-1 (KE or KEN)")
    return str(found.alpha_2)


@lru_cache(maxsize=16)
def _territories(lang: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(lang).territories)
    except (ValueError, TypeError):
        return {}


def country_name(code: str | None, lang: str = "en") -> str:
    """The country's name in ``lang`` (CLDR), else its English ISO name, else the code."""
    if not code:
        return ""
    name = _territories(lang).get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


@lru_cache(maxsize=512)
def numeric(code: str) -> str | None:
    """ISO 3166-1 numeric code (three digits, as world-atlas spells it) of an alpha-2 code."""
    country = pycountry.countries.get(alpha_2=code)
    return country.numeric if country else None


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 → (longitude, latitude)."""
    return {k: (v[0], v[1]) for k, v in json.loads(_data("centroids.json"))["centroids"].items()}


# Continent of a country's first IANA time zone; island zones (Atlantic/, Indian/) by hand.
_ZONE_REGIONS = {
    "Africa": "Africa",
    "America": "Americas",
    "Asia": "Asia",
    "Europe": "Europe",
    "Australia": "Oceania",
    "Pacific": "Oceania",
}
_ISLAND_REGIONS = {
    "CV": "Africa", "ST": "Africa", "SH": "Africa", "MU": "Africa", "SC": "Africa",
    "KM": "Africa", "MG": "Africa", "RE": "Africa", "YT": "Africa", "MV": "Asia",
    "IO": "Asia", "CX": "Oceania", "CC": "Oceania", "IS": "Europe", "FO": "Europe",
    "BM": "Americas", "FK": "Americas", "GS": "Americas", "XK": "Europe",
}  # fmt: skip


@lru_cache(maxsize=512)
def region(code: str | None) -> str | None:
    """The continent of an alpha-2 code (None when unknown); see the module docstring."""
    if not code:
        return None
    if code in _ISLAND_REGIONS:
        return _ISLAND_REGIONS[code]
    from babel.core import get_global

    zones = get_global("territory_zones").get(code) or []
    return _ZONE_REGIONS.get(zones[0].split("/")[0]) if zones else None


__all__ = [
    "EXPORT_SPELLINGS",
    "aliases",
    "centroids",
    "country_name",
    "numeric",
    "parse_code",
    "region",
    "to_alpha2",
]
