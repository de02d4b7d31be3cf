"""Publishers' country names and codes to ISO 3166-1 alpha-2.

The one lookup (:func:`civicspace.countries.to_alpha2`) knows ISO names and codes, our aliases
and the publishers' own spellings. Entities without an ISO
3166-1 code of their own (Abkhazia, Crimea, Indian Kashmir, Somaliland, Tibet, Transnistria, the
Gaza Strip, Northern Cyprus, RSF's grouping of the Eastern Caribbean states, historical states
such as the GDR) are not countries for civicspace: ``None``, and the importers count them as
skipped. Freedom House rates the West Bank and the Gaza Strip apart; ``PS`` takes the West Bank.
"""

from __future__ import annotations

from civicspace.countries import to_alpha2

NOT_COUNTRIES = {
    # RSF: Northern Cyprus; the Organisation of Eastern Caribbean States (two codes over time)
    "ctu",
    "xcd",
    "css",
}


def index_alpha2(*candidates: str | None) -> str | None:
    """The alpha-2 of the first candidate (a code, then a name) that resolves, or None."""
    for raw in candidates:
        value = (raw or "").strip()
        if not value:
            continue
        key = value.lower()
        if key in NOT_COUNTRIES:
            return None
        code = to_alpha2(value)
        if code is not None:
            return code
    return None
