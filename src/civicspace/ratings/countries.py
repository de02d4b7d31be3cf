"""Country codes: ISO 3166-1 alpha-2 from a code (alpha-2 or alpha-3) or an English name."""

from __future__ import annotations

from civicspace.classify.geo import country_code


def to_alpha2(value: str) -> str | None:
    """ISO alpha-2 for ``value`` (alpha-2, alpha-3 or a name such as 'Ivory Coast'), or None."""
    value = value.strip()
    if len(value) == 3 and value.isalpha():
        value = value.upper()
    return country_code(value) if value else None
