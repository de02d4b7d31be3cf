"""Vehicle plate numbers, after a keyword ("plate", "matrícula", "placa", "plaque", "номер")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from civicspace.privacy.text import ascii_digits

KEYWORD = re.compile(
    r"(?i)(?:\b(?:(?:licen[cs]e|number|registration|reg\.?)\s+plates?|plates?|registration|"
    r"reg(?:istration)?\s+(?:no|number)|matr[ií]cula|placas?|patente|plaque(?:\s+d'immatriculation)?"
    r"|immatricul[ée]e?|immatriculation|chapa|plaka(?:sı|li|lı)?|kennzeichen)\b|"
    r"госномер\w*|номерн\w+\s+знак\w*|номер(?:ом|а)?|г/н|гос\.\s*номер\w*|"
    r"لوحة|اللوحة|رقم\s+اللوحة|لوحه|번호판|차량번호)"
)
_BRIDGE = re.compile(
    r"(?i)^(?:\s*(?:no\.?|n[º°o]\.?|number|número|numéro|de|del|da|:|#|-|№|,|رقم|номер|번호))*\s*"
)
_PLATE = re.compile(
    r"^(?=[A-ZА-Я0-9가-힣\s-]{0,8}\d)(?:[A-ZА-Я0-9가-힣]{1,4}[\s-]?){1,3}[A-ZА-Я0-9가-힣]{1,4}(?:\s?\d{2,3}(?:\s?RUS)?)?"
    r"(?![\w])"
)


def find_plates(text: str) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each plate number in ``text``."""
    digits = ascii_digits(text)
    for match in KEYWORD.finditer(digits):
        rest = digits[match.end() : match.end() + 40]
        bridge = _BRIDGE.match(rest)
        offset = bridge.end() if bridge else 0
        token = _PLATE.match(rest[offset:])
        if not token:
            continue
        value = token.group().rstrip(" -")
        compact = re.sub(r"[\s-]", "", value)
        if not 4 <= len(compact) <= 11 or (compact.isdigit() and len(compact) > 8):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", compact):
            continue
        if compact.isdigit() and not _plate_cue(match.group()):
            continue  # "номер 12345" is any number; digits alone need an explicit plate word
        start = match.end() + offset
        yield start, start + len(value), "plate.keyword", 0.85


def _plate_cue(keyword: str) -> bool:
    return not re.fullmatch(r"(?i)номер\w*|registration", keyword.strip())
