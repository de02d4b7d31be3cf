"""Countries: names (CLDR, in the visitor's language), ISO numeric codes, centroids.

Centroids come from ``data/centroids.json``: the centroid of each country's largest polygon in
world-atlas 2.0.2 ``countries-50m`` (Natural Earth 1:50m, public domain), computed once with
d3-geo's ``geoCentroid``. A country with no shape there has no centroid.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import pycountry
from babel import Locale

from civicspace.errors import InvalidInput


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 → (longitude, latitude)."""
    text = resources.files("civicspace.publish").joinpath("data/centroids.json").read_text("utf-8")
    return {k: (v[0], v[1]) for k, v in json.loads(text)["centroids"].items()}


@lru_cache(maxsize=512)
def numeric(code: str) -> str | None:
    """ISO 3166-1 numeric code (as world-atlas spells it: three digits) of an alpha-2 code."""
    country = pycountry.countries.get(alpha_2=code)
    return country.numeric if country else None


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


def normalise_country(value: str) -> str:
    """An ISO alpha-2 code from alpha-2 or alpha-3 input, or InvalidInput."""
    value = value.strip().upper()
    if len(value) == 2 and pycountry.countries.get(alpha_2=value):
        return value
    if len(value) == 3:
        country = pycountry.countries.get(alpha_3=value)
        if country:
            return str(country.alpha_2)
    # user-assigned codes (XK Kosovo) are accepted as they are
    if value == "XK":
        return value
    raise InvalidInput(f"unknown country code {value!r}")
