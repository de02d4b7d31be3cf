"""Street addresses and house numbers, by the way each language writes them.

Each pattern needs a street word *and* a number (a house number, "nº 5", "д. 5", "رقم 5",
"No: 5", a Korean road number), so "Avenida Paulista" alone or "the 5th Avenue protest" are not
findings while "Av. Paulista, 1000" and "12 Rue de la Paix" are. Flat, floor and building parts
that follow ("apt 4B", "кв. 12", "شقة 3", "3층") are taken into the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from civicspace.privacy.text import ascii_digits

# a house number, with a letter ("5 B", never the "y" of "Calle 135 y 128"), a range, bis/ter
_NUM = (
    r"\d{1,5}(?:\s?(?![yeoYEO](?![\w]))[A-Za-z](?![\w]))?(?:[-/]\d{1,4}[A-Za-z]?)?"
    r"(?:\s?(?:bis|ter))?"
)
_NOT_STREET = (
    r"(?!(?:Lunes|Martes|Miércoles|Jueves|Viernes|Sábado|Domingo|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche)\b)"
    # months stay: "Av. 6 de Agosto 2345", "Avenida 9 de Julio" are streets
)
_CAP = (
    rf"(?:(?:St|Ste|Sta|Dr|Gral|Pres|Av|Mal|Cel)\.|{_NOT_STREET}[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*|"
    r"\d{1,2}(?:st|nd|rd|th)?(?![\d\w-]))"
)
_LINK = (
    r"(?:de|del|de\s+la|de\s+las|de\s+los|la|las|los|el|da|do|das|dos|du|des|d'|de\s+l'|l'|"
    r"of|the)"
)
_NAME = rf"{_CAP}(?:[\s-]+(?:{_LINK}\s+)?{_CAP}){{0,4}}"
_ALPHA_CAP = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*)"
_NAME_ALPHA = rf"{_ALPHA_CAP}(?:[\s-]+(?:{_LINK}\s+)?{_ALPHA_CAP}){{0,4}}"
_UNIT = (
    r"(?:\s*,?\s*(?:(?i:apt\.?|apartment|flat|suite|unit|floor|piso|planta|depto\.?|dpto\.?|"
    r"departamento|apto\.?|apartamento|bloco|bloque|portal|puerta|esc\.?|escalera|"
    r"appartement|appt\.?|étage|bâtiment|bat\.?|andar|sala|casa|lote|"
    r"кв\.?|квартира|корп\.?|корпус|стр\.?|строение|под\.?|подъезд|"
    r"daire|kat|blok|شقة|طابق|الطابق|عمارة|بناية)\s*[:.]?\s*\d{1,4}[A-Za-zА-Яа-я]?"
    r"(?:\s*[ºª°])?(?:\s*[A-Za-z](?![\w]))?"
    # Spanish floor and door after a comma: "Calle Mayor 5, 3º B", "…, 4º izquierda"
    r"|(?<=,\s)\d{1,2}\s?[ºª°]\s?(?:[A-Za-z](?![\w])|izq\w*|dcha\.?|derecha)?))*"
)

EN_STREET = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Av\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Drive|Dr\.?|"
    r"Close|Way|Place|Pl\.?|Terrace|Crescent|Highway|Hwy\.?|Square|Sq\.?|Row|"
    r"Parkway|Pkwy\.?|Circle|Alley|Gardens|Grove|Hill|Mews)"
)
ES_PT_STREET = (
    r"(?:Calle|C/|Cl\.?|Avenida|Avda\.?|Av\.?|Paseo|Pº|Plaza|Pza\.?|Carrera|Cra\.?|Kra\.?|"
    r"Jir[oó]n|Jr\.|Camino|Ronda|Traves[ií]a|Pasaje|Psje\.?|Diagonal|Transversal|Callej[oó]n|"
    r"Calzada|Prolongaci[oó]n|Rua|R\.|Travessa|Tv\.|Pra[cç]a|Alameda|Al\.|Estrada|Largo|Rodovia|"
    r"Avinguda|Carrer|Rúa)"
)
FR_STREET = (
    r"(?:rue|avenue|av\.|boulevard|bd|bld|place|pl\.|allée|allee|impasse|chemin|quai|route|cours|"
    r"passage|square|cité|faubourg|sentier|voie|rond-point)"
)
DE_STREET = r"[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|gasse|allee|ring|damm|ufer)"
RU_STREET = (
    r"(?:ул\.|улиц[аеуы]|пр-т|пр\.|просп\.|проспект[аеу]?|пер\.|переул(?:ок|ке|ка)|"
    r"б-р|бульвар[аеу]?|ш\.|шоссе|наб\.|набережн\w+|пл\.|площад[ьи]|мкр\.?|микрорайон[аеу]?|"
    r"проезд[аеу]?|туп\.|тупик)"
)
TR_STREET = (
    r"(?:Sokak|Sokağı|Sok\.|Sk\.|Cadde|Caddesi|Cad\.|Cd\.|Mahallesi|Mah\.|Mh\.|Bulvarı|Blv\.|"
    r"Bulvar)"
)
AR_STREET = r"(?:شارع|ش\.|حي|طريق|زقاق|جادة|درب|ممر|ساحة|ميدان|منطقة)"
_AR_WORD = r"[\u0600-\u06FF]+"
_AR_NUM = r"(?:رقم|،|,)?\s*\d{1,5}"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 12 Main Street; 221B Baker St., Apt 4
    (
        "address.en",
        re.compile(rf"(?<![\w.,])\d{{1,5}}[A-Za-z]?,?\s+{_NAME}\s+{EN_STREET}(?![\w]){_UNIT}"),
    ),
    # Flat 3, 12 Harrow Road is covered by the above plus a leading unit
    (
        "address.en-unit",
        re.compile(
            rf"(?i)\b(?:flat|apt\.?|apartment|unit|suite)\s+\d{{1,4}}[A-Za-z]?,?\s+\d{{1,5}}\s+{_NAME}\s+{EN_STREET}(?![\w])"
        ),
    ),
    # Calle Mayor 5; Av. Paulista, 1000; Rua Augusta, nº 1500; Carrera 7 # 45-12
    (
        "address.es-pt",
        re.compile(
            rf"(?<![\w]){ES_PT_STREET}\s+(?:{_LINK}\s+)?{_NAME},?\s*(?:n[º°o]\.?|n\.?\s?º|núm\.?|número|"
            rf"nro\.?|#|s/n)?\s*{_NUM}(?![\w]|[.,]\d){_UNIT}"
        ),
    ),
    (
        "address.es-numbered-street",
        re.compile(
            rf"(?<![\w])(?:Calle|Carrera|Cra\.?|Cl\.?|Avenida|Av\.?|Transversal|Diagonal)\s+\d{{1,3}}[A-Za-z]?\s*"
            rf"(?:#|n[º°o]\.?|No\.?)\s*\d{{1,3}}[A-Za-z]?\s*-\s*\d{{1,3}}{_UNIT}"
        ),
    ),
    # 12 Rue de la Paix; 5 bis, avenue Foch
    (
        "address.fr",
        re.compile(
            rf"(?i)(?<![\w.,])\d{{1,4}}(?:\s?(?:bis|ter|[a-d](?![\w])))?,?\s+{FR_STREET}\s+(?:{_LINK}\s*)?"
            rf"(?-i:{_NAME}){_UNIT}"
        ),
    ),
    # boulevard de la République, 45 (street first, number after a comma)
    (
        "address.fr-after",
        re.compile(
            rf"(?i)(?<![\w]){FR_STREET}\s+(?:{_LINK}\s*)?(?-i:{_NAME_ALPHA}),\s*\d{{1,4}}(?:\s?(?:bis|ter))?(?![\w]|[.,]\d)"
        ),
    ),
    # Hauptstraße 5
    ("address.de", re.compile(rf"(?<![\w]){DE_STREET}\s+{_NUM}(?![\w]|[.,]\d)")),
    # ул. Ленина, д. 5, кв. 12
    (
        "address.ru",
        re.compile(
            rf"(?<![\w]){RU_STREET}\s*[А-ЯЁ0-9][\wЁё.-]*(?:\s+[А-ЯЁа-яё][\wЁё.-]*){{0,3}}?,?\s*"
            rf"(?:д\.|дом)\s*\d{{1,4}}[А-Яа-я]?(?:/\d{{1,3}})?{_UNIT}"
        ),
    ),
    # улица Ленина 5 (no "д.")
    (
        "address.ru-short",
        re.compile(
            rf"(?<![\w]){RU_STREET}\s*[А-ЯЁ][\wЁё.-]*(?:\s+[А-ЯЁ][\wЁё.-]*){{0,2}},?\s+\d{{1,4}}[А-Яа-я]?(?![\w]|[.,]\d){_UNIT}"
        ),
    ),
    # Atatürk Caddesi No: 12; Çiçek Sokak No 5 Daire 3
    (
        "address.tr",
        re.compile(
            rf"(?<![\w]){_NAME}\s+{TR_STREET}(?:,?\s*{_NAME}\s+{TR_STREET})?,?\s*(?:No|Nu|Numara)\s*[:.]?\s*\d{{1,4}}[A-Za-z]?(?:/\d{{1,3}})?{_UNIT}"
        ),
    ),
    # شارع الحرية رقم 12 / حي النصر، شارع 9، عمارة 4
    ("address.ar", re.compile(rf"{AR_STREET}\s+(?:{_AR_WORD}\s+){{0,3}}?{_AR_NUM}(?![\d]){_UNIT}")),
    (
        "address.ar-building",
        re.compile(rf"(?:عمارة|بناية|مبنى|منزل|بيت)\s+(?:رقم\s*)?\d{{1,5}}(?![\d]){_UNIT}"),
    ),
    # 세종대로 110, 테헤란로 152, 역삼동 123-45, 101동 1203호
    (
        "address.ko",
        re.compile(r"[가-힣0-9]{1,12}(?:대로|로|길)\s?\d{1,4}(?:-\d{1,4})?(?:번길\s?\d{1,4})?"),
    ),
    ("address.ko-lot", re.compile(r"[가-힣]{1,8}(?:동|리|읍|면)\s\d{1,4}-\d{1,4}")),
    ("address.ko-unit", re.compile(r"\d{1,4}동\s?\d{1,4}호")),
    # house-number phrases in any language: "house number 12", "casa número 5", "منزل رقم 5"
    (
        "address.house-number",
        re.compile(
            r"(?i)\b(?:house|home|casa|vivienda|maison|domicile|domicilio|residence|residencia|"
            r"résidence)\s+(?:no\.?|n[º°o]\.?|number|número|numéro|#)\s*\d{1,5}[A-Za-z]?"
        ),
    ),
)


def find_addresses(text: str) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each street address in ``text``."""
    digits = ascii_digits(text)
    for name, pattern in PATTERNS:
        for match in pattern.finditer(digits):
            start, end = match.span()
            value = digits[start:end]
            stripped = value.rstrip(" ,.-")
            end = start + len(stripped)
            if _is_year_or_big(stripped, name) or _after_month(digits, start):
                continue
            yield start, end, name, 0.8


_MONTH_BEFORE = re.compile(
    r"(?i)(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|enero|febrero|marzo|abril|mayo|"
    r"junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|"
    r"juin|juillet|août|septembre|octobre|novembre|décembre)\.?\s*$"
)


def _after_month(text: str, start: int) -> bool:
    """ "October 21 Westminster Magistrates Court" is a date, then a place."""
    return bool(_MONTH_BEFORE.search(text[max(0, start - 12) : start]))


def _is_year_or_big(value: str, name: str) -> bool:
    """A "house number" that is really a year ("Calle 1810", "the 1989 Road Traffic Act")."""
    tail = re.findall(r"\d+", value)
    if not tail:
        return True
    if name.startswith("address.ko"):
        return False
    # the number that stands for the house: first for "12 Main St", last for "Calle Mayor 5"
    house = tail[0] if name in {"address.en", "address.fr"} else tail[-1]
    explicit = re.search(r"(?i)n[º°o]|núm|#|д\.|дом|رقم|No\s*:", value)
    return not explicit and len(house) == 4 and house[:2] in {"18", "19", "20"}
