"""Phone numbers: digit runs that look like a phone, confirmed by ``phonenumbers``.

A candidate is a run of 7–15 digits with the separators people type (space, dot, dash, slash,
parentheses), optionally after ``+`` or ``00``. International forms are parsed without a region;
national forms are tried against the regions of the text's languages first, then every region
``phonenumbers`` knows. Counts, years, dates, prices and law numbers are refused before parsing:
a phone cue nearby ("tel.", "WhatsApp", "телефон", "هاتف", "전화") lowers that bar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException

from civicspace.privacy.text import ascii_digits

CANDIDATE = re.compile(
    r"(?<![\w.,/+-])(?:\+|00)?\(?\d[\d\s().\-/\u00a0]{5,22}\d(?![0-9A-Za-z_]|[.,]\d)",
)
_SEP_RUN = re.compile(r"[\s\u00a0]{2,}|\n|\s/|/\s")  # "Falucho 6040 / 477-3939": two numbers
_DATE = re.compile(
    r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$|^(?:1[89]|20)\d\d\s*[-/–]\s*(?:1[89]|20)?\d\d$"
)
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,\s\u00a0])\d{3})(?:\1\d{3})*$")
_YEAR_LIST = re.compile(r"^(?:(?:1[89]|20)\d\d[\s,/-]+)+(?:1[89]|20)\d\d$")
CUE = re.compile(
    r"(?i)(?:\b(?:tel|tél|telf|phone|cell|mobile|mob|call|whats\s?app|signal|telegram|fax|"
    r"contact|number|teléfono|telefono|telefone|celular|móvil|movil|téléphone|portable|numéro|"
    r"número|contato|contacto|ligue|llame|appelez|telefon|cep|numara)\b|"
    r"тел|телефон|мобильн|номер|هاتف|جوال|موبايل|رقم|واتساب|전화|휴대폰|연락처|핸드폰)"
)
_UNIT_AFTER = re.compile(
    r"(?i)^\s*(?:%|percent|per cent|por ciento|pour cent|people|persons|personas|personnes|"
    r"pessoas|dollars?|d[oó]lares|euros?|usd|eur|€|\$|pesos|soles|reais|reales|bol[ií]vares|rupees|"
    r"naira|shillings|francs?|cedis|rand|lira|liras|dinars?|pounds|yuan|yen|won|km|kilomet|"
    r"tonnes?|tons?|barrels?|votes?|votos?|voix|"
    r"signatures?|firmas?|habitantes?|habitants?|inhabitants|residents|tweets?|followers|views|"
    r"человек|рубл|долл|جنيه|دولار|شخص|명|원)"
)
_UNIT_BEFORE = re.compile(
    r"(?i)(?:[$€£¥₽₹]|usd|eur|gbp|rs\.?|r\$|law|ley|loi|lei|decree|decreto|décret|резолюц|"
    r"закон|قانون|resolution|resolución|article|artículo|art\.|no\.|nº|n°|case|caso|expediente|"
    r"isbn|issn|doi|page|p\.)(?:\s+[^\W\d]+)?\s*$"
)

# Regions to try first for national numbers written in a language.
LANGUAGE_REGIONS: dict[str, tuple[str, ...]] = {
    "en": ("US", "GB", "IN", "NG", "KE", "PH", "PK", "ZA", "AU", "CA", "UG", "GH", "ZW"),
    "es": ("ES", "MX", "CO", "AR", "PE", "VE", "CL", "EC", "GT", "CU", "BO", "HN", "NI", "SV"),
    "fr": ("FR", "BE", "CH", "CA", "SN", "CI", "CM", "CD", "HT", "ML", "BF", "TN", "MA", "DZ"),
    "pt": ("BR", "PT", "AO", "MZ"),
    "ar": ("EG", "SA", "MA", "DZ", "TN", "IQ", "SY", "JO", "LB", "YE", "SD", "LY", "AE", "PS"),
    "ru": ("RU", "BY", "KZ", "UA", "KG", "UZ", "AZ", "AM", "GE", "TJ"),
    "tr": ("TR",),
    "ko": ("KR",),
    "uk": ("UA",),
    "fa": ("IR", "AF"),
}


def find_phones(text: str, languages: Sequence[str] = ()) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each phone number in ``text``."""
    digits_text = ascii_digits(text)
    regions = _regions(tuple(languages))
    for match in CANDIDATE.finditer(digits_text):
        start, end = match.span()
        raw = match.group()
        # never run across a line break or a wide gap: two numbers are not one
        piece = _SEP_RUN.split(raw)[0]
        end = start + len(piece.rstrip(" ().-/\u00a0"))
        raw = digits_text[start:end]
        if raw.startswith("(") and ")" not in raw:
            start, raw = start + 1, raw[1:]
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15:
            continue
        before = digits_text[max(0, start - 40) : start]
        after = digits_text[end : end + 25]
        cue = bool(CUE.search(before[-30:])) or bool(CUE.search(after[:15]))
        international = raw.startswith("+") or (raw.startswith("00") and len(digits) > 10)
        if not international and not cue and _looks_like_other_number(raw, before, after):
            continue
        detector, confidence = _confirm(raw, international, cue, regions)
        if detector:
            yield start, end, detector, confidence


def _looks_like_other_number(raw: str, before: str, after: str) -> bool:
    """A count, a year list, a date, a price, a law or case number, not a phone."""
    stripped = raw.strip()
    if re.search(r"(?<!\d)\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d(?!\d)", stripped) or re.match(
        r"(?:19|20)\d\d\s+\(", stripped
    ):
        return True  # "48 5.08.2020" holds a date; "2010 (226 of them)" is a year and a count
    if stripped.count("/") >= 2:
        return True  # "062/090/700": references and dates, rarely a phone without a cue
    if _DATE.match(stripped) or _YEAR_LIST.match(stripped):
        return True
    if re.search(r"[-/](?:19|20)\d\d$", stripped) and len(re.sub(r"\D", "", stripped)) <= 9:
        return True  # "1234-2022", "149/2019": an act or case of a year
    if _THOUSANDS.match(stripped) and not stripped.startswith("0"):
        return True
    if re.fullmatch(r"\d+", stripped) and len(stripped) < 9:
        return True  # a bare short run is an amount, an id, a count, far more often than a phone
    return bool(_UNIT_AFTER.match(after) or _UNIT_BEFORE.search(before))


def _confirm(
    raw: str, international: bool, cue: bool, regions: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[str, float]:
    if international:
        number = _parse(raw.replace("00", "+", 1) if raw.startswith("00") else raw, None)
        if number is not None and phonenumbers.is_valid_number(number):
            return "phone.international", 0.97
        if number is not None and phonenumbers.is_possible_number(number):
            return "phone.international-possible", 0.8
        return "", 0.0
    first, rest = regions
    for preferred, group in ((True, first), (False, rest)):
        for region in group:
            number = _parse(raw, region)
            if number is not None and phonenumbers.is_valid_number(number):
                base = 0.9 if cue else (0.75 if preferred else 0.55)
                return f"phone.national.{region}", base
    return "", 0.0


@lru_cache(maxsize=8192)
def _parse(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(raw, region)
    except NumberParseException:
        return None


@lru_cache(maxsize=64)
def _regions(languages: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Regions to try: those of the given languages (all known languages when none), then all."""
    langs: Iterable[str] = languages or tuple(LANGUAGE_REGIONS)
    first: list[str] = []
    for lang in langs:
        for region in LANGUAGE_REGIONS.get(lang.split("-")[0].lower(), ()):
            if region not in first:
                first.append(region)
    rest = sorted(r for r in phonenumbers.SUPPORTED_REGIONS if r not in first)
    return tuple(first), tuple(rest)
