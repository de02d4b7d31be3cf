"""Country codes: ISO 3166-1 alpha-2 from a code (alpha-2 or alpha-3) or an English name.

Names are looked up in the coder's country aliases and in ISO 3166 (pycountry); a few spellings
of ACLED and Freedom House exports are added here. Territories that external ratings score apart
from their state (Indian Kashmir, Transnistria, Gaza Strip) are not countries here: None.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from civicspace.classify.geo import _aliases

EXTRA = {
    "central african rep.": "CF",
    "curacao": "CW",
    "dem. rep. congo": "CD",
    "republic of ireland": "IE",
    "s. sudan": "SS",
    "kosovo": "XK",
    "uk": "GB",
}


@lru_cache(maxsize=4096)
def to_alpha2(value: str) -> str | None:
    """ISO alpha-2 for ``value`` (alpha-2, alpha-3 or a name such as 'Ivory Coast'), or None."""
    name = value.strip()
    if not name:
        return None
    key = name.lower()
    if key in EXTRA:
        return EXTRA[key]
    if len(name) == 2 and name.isalpha():
        code = name.upper()
        return code if code == "XK" or pycountry.countries.get(alpha_2=code) else None
    if len(name) == 3 and name.isalpha():
        found = pycountry.countries.get(alpha_3=name.upper())
        if found is not None:
            return str(found.alpha_2)
    for code, names in _aliases().get("aliases", {}).items():
        if key in (str(n).lower() for n in names):
            return str(code)
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None
