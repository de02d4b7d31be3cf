"""Exact coordinates: decimal-degree pairs (three or more decimals) and degrees-minutes-seconds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from civicspace.privacy.text import ascii_digits

_DEC = r"[-+−]?\d{1,3}[.,]\d{3,}(?:\s*°)?(?:\s*[NSEWnsewСЮВЗ](?![^\W\d_]))?"
DECIMAL_PAIR = re.compile(
    rf"(?<![\w.,])(?P<lat>{_DEC})\s*(?:[,;/]|\s)\s*(?P<lon>{_DEC})(?![\d])",
)
_DMS_ONE = (
    r"\d{1,3}\s*°\s*\d{1,2}(?:[.,]\d+)?\s*['′’]\s*(?:\d{1,2}(?:[.,]\d+)?\s*(?:\"|″|''|”)\s*)?"
    r"[NSEWnsewСЮВЗ]"
)
DMS = re.compile(rf"{_DMS_ONE}(?:\s*[,;/]?\s*{_DMS_ONE})?")
GEO_CUE = re.compile(
    r"(?i)coordinat|gps|location|ubicaci|localiza|position|координат|إحداثي|موقع|좌표|위치"
)
LABELLED = re.compile(
    r"(?i)\b(?:lat(?:itude)?|lon(?:gitude)?|lng|latitud|longitud|широта|долгота|خط العرض|خط الطول)"
    r"\s*[:=]?\s*[-+−]?\d{1,3}[.,]\d{3,}"
)


def find_coordinates(text: str) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each exact position in ``text``."""
    digits = ascii_digits(text)
    for match in DECIMAL_PAIR.finditer(digits):
        lat, lon = (_number(match.group(g)) for g in ("lat", "lon"))
        if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
            continue
        comma_decimal = "," in match.group("lat") and "," in match.group("lon")
        if comma_decimal and not re.search(
            r"[;/]|\s", digits[match.end("lat") : match.start("lon")]
        ):
            continue  # "12,345,678" is a number, not a pair
        if _thousands_like(match.group("lat"), match.group("lon")) and not GEO_CUE.search(
            digits[max(0, match.start() - 40) : match.start()]
        ):
            continue  # "1.500, 2.300" are two amounts with a thousands dot
        yield match.start(), match.end(), "coordinates.decimal", 0.9
    for match in DMS.finditer(digits):
        yield match.start(), match.end(), "coordinates.dms", 0.95
    for match in LABELLED.finditer(digits):
        yield match.start(), match.end(), "coordinates.labelled", 0.9


def _thousands_like(lat: str, lon: str) -> bool:
    """Both halves unsigned, unmarked, exactly three decimals: amounts as often as positions."""
    return all(re.fullmatch(r"\d{1,3}[.,]\d{3}", part.strip()) for part in (lat, lon))


def _number(token: str) -> float | None:
    cleaned = re.sub(r"[^\d.,+\-−]", "", token).replace("−", "-").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if re.search(r"[SWsw]|Ю|З", token):
        value = -value
    return value
