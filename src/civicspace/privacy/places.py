"""Place names that look like person names when capitalised ("Sri Lanka was", "Western Cape")."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from civicspace.privacy.text import fold


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Folded names of countries (common, official) and their subdivisions, from pycountry."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(fold(value))
    for sub in pycountry.subdivisions:
        names.add(fold(sub.name))
    names.update(fold(n) for n in _EXTRA)
    return frozenset(names)


# Cities and regions in news that pycountry lists under other names, or not at all.
_EXTRA = (
    "Hong Kong",
    "New York",
    "Los Angeles",
    "San Francisco",
    "Buenos Aires",
    "Rio de Janeiro",
    "São Paulo",
    "Sao Paulo",
    "Mexico City",
    "Ciudad de México",
    "Tel Aviv",
    "Abu Dhabi",
    "Addis Ababa",
    "Kuala Lumpur",
    "Phnom Penh",
    "Dar es Salaam",
    "Cape Town",
    "Port Harcourt",
    "Santo Domingo",
    "San Salvador",
    "Costa Rica",
    "Puerto Rico",
    "West Bank",
    "Gaza Strip",
    "Sri Lanka",
    "Saudi Arabia",
    "South Africa",
    "North Korea",
    "South Korea",
    "Ivory Coast",
    "Sierra Leone",
    "Burkina Faso",
    "El Salvador",
    "New Delhi",
    "Washington DC",
    "Las Vegas",
    "Silicon Valley",
    "Wall Street",
    "Downing Street",
    "White House",
    "Capitol Hill",
)
