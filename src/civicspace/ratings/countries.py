"""Country codes for the ratings: ISO 3166-1 alpha-2 from a code (alpha-2 or alpha-3) or a name.

The lookup is the coder's cheap one (ISO 3166, the coder's aliases, spellings of ACLED and
Freedom House exports), without its gazetteer. Territories that external ratings score apart
from their state (Indian Kashmir, Transnistria, Gaza Strip) are not countries here: None.
"""

from __future__ import annotations

from civicspace.classify.geo import lookup_country_code


def to_alpha2(value: str) -> str | None:
    """ISO alpha-2 for ``value`` (alpha-2, alpha-3 or a name such as 'Ivory Coast'), or None."""
    return lookup_country_code(value)
