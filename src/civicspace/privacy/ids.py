"""National ID and passport numbers: checksummed formats anywhere, any number after an ID keyword.

Checksummed formats (checked with ``python-stdnum``) are found without a keyword: Spanish DNI and
NIE (control letter), Brazilian CPF, Mexican CURP, Indian Aadhaar (Verhoeff), Turkish T.C. kimlik,
Korean resident registration number, Chilean RUT, US SSN (format). Anything else that looks like
an identifier right after a keyword ("passport no.", "ID number", "cédula", "pasaporte",
"паспорт", "رقم الهوية", "여권번호" …) is taken too: a keyword plus a number is an identity document
often enough that an editor should look.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stdnum.br import cpf
from stdnum.cl import rut
from stdnum.es import dni, nie
from stdnum.in_ import aadhaar
from stdnum.kr import rrn
from stdnum.mx import curp
from stdnum.tr import tckimlik
from stdnum.us import ssn

from civicspace.privacy.text import ascii_digits

Validator = Callable[[str], bool]

# (detector name, pattern, validator): a pattern match only counts if the validator accepts it.
CHECKSUMMED: tuple[tuple[str, re.Pattern[str], Validator], ...] = (
    ("id.es-dni", re.compile(r"(?<![\w-])\d{8}[\s-]?[A-Za-z](?![\w])"), dni.is_valid),
    ("id.es-nie", re.compile(r"(?<![\w-])[XYZxyz][\s-]?\d{7}[\s-]?[A-Za-z](?![\w])"), nie.is_valid),
    (
        "id.br-cpf",
        re.compile(r"(?<![\w.-])\d{3}\.?\d{3}\.?\d{3}[-.\s]?\d{2}(?![\w]|[.-]\d)"),
        cpf.is_valid,
    ),
    ("id.mx-curp", re.compile(r"\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b"), curp.is_valid),
    (
        "id.in-aadhaar",
        re.compile(r"(?<![\w.-])[2-9]\d{3}[\s-]?\d{4}[\s-]?\d{4}(?![\w]|[.-]\d)"),
        aadhaar.is_valid,
    ),
    ("id.tr-kimlik", re.compile(r"(?<![\w.-])[1-9]\d{10}(?![\w]|[.-]\d)"), tckimlik.is_valid),
    ("id.kr-rrn", re.compile(r"(?<![\w.-])\d{6}-[1-4]\d{6}(?![\w])"), rrn.is_valid),
    (
        "id.cl-rut",
        re.compile(r"(?<![\w.-])\d{1,2}\.\d{3}\.\d{3}-[\dkK](?![\w])"),
        rut.is_valid,
    ),
    ("id.us-ssn", re.compile(r"(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w]|-\d)"), ssn.is_valid),
)

KEYWORD = re.compile(
    r"(?i)(?:\b(?:passport|pass\.|national\s+id(?:entity)?(?:\s+card)?|identity\s+card|id\s+card|"
    r"identity\s+(?:no|number)|id\s*(?:no|number|#)|ssn|social\s+security(?:\s+number)?|"
    r"driver'?s\s+licen[cs]e|cédula|cedula|c\.c\.|dni|nie|nif|curp|rut|cpf|"
    r"pasaporte|documento\s+(?:de\s+identidad|nacional)|carn[eé]\s+de\s+identidad|"
    r"passeport|carte\s+d'identit[eé]|pi[eè]ce\s+d'identit[eé]|"
    r"passaporte|bilhete\s+de\s+identidade|carteira\s+de\s+identidade|aadhaar|aadhar|"
    r"kimlik(?:\s+no)?|tc\s+kimlik|pasaport|nüfus\s+cüzdanı)\b|"
    r"паспорт\w*|удостоверени\w+\s+личност\w+|инн|снилс|"
    r"رقم\s+(?:الهوية|الهويه|جواز\s+السفر|البطاقة|البطاقه|القومي|الوطني)|جواز\s+(?:سفر|السفر)|"
    r"بطاقة\s+(?:الهوية|هوية|الرقم\s+القومي)|الرقم\s+القومي|"
    r"주민등록번호|주민번호|여권\s*번호|여권|외국인등록번호)"
)
# What may stand between a keyword and its number: "no.", "number", "#", ":", "de", "серии" …
_BRIDGE = re.compile(
    r"(?i)^(?:\s*(?:no\.?|n[º°o]\.?|num(?:ber|ero|éro)?\.?|número|#|:|-|,|is|was|"
    r"de\s+ciudadan[ií]a|de\s+identidad|de\s+extranjer[ií]a|d['’]identit[ée]|de|del|da|do|"
    r"number\s+is|серии|серия|номер|№|رقم|번호|:))*\s*"
)
_TOKEN = re.compile(
    r"^[A-Za-zА-Яа-я]{0,3}[\s.-]?(?=[\w.\- №]*\d)[A-Za-z0-9А-Яа-я][A-Za-z0-9А-Яа-я.\-/ №]{3,22}"
    r"[A-Za-z0-9А-Яа-я]"
)


def find_ids(text: str) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each identity number in ``text``."""
    digits = ascii_digits(text)
    for name, pattern, valid in CHECKSUMMED:
        for match in pattern.finditer(digits):
            if _valid(valid, match.group()):
                yield match.start(), match.end(), name, 0.9
    for match in KEYWORD.finditer(digits):
        rest = digits[match.end() : match.end() + 60]
        bridge = _BRIDGE.match(rest)
        offset = bridge.end() if bridge else 0
        token = _TOKEN.match(rest[offset:])
        if not token:
            continue
        value = _trim(token.group())
        if sum(ch.isdigit() for ch in value) < 4 or _is_year_or_date(value):
            continue
        start = match.end() + offset
        yield start, start + len(value), "id.keyword", 0.85


def _trim(value: str) -> str:
    """Cut a token at a second word that has no digit ("AB123456 and was" → "AB123456")."""
    words = value.split(" ")
    kept = [words[0]]
    for word in words[1:]:
        if word in {"№", "#", "-", "/"}:
            kept.append(word)  # "45 12 № 345678": series, sign, number
            continue
        if not any(ch.isdigit() for ch in word):
            break
        kept.append(word)
    return " ".join(kept).rstrip(".-/ №#")


def _is_year_or_date(value: str) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", value))


def _valid(validator: Validator, value: str) -> bool:
    try:
        return bool(validator(value))
    except Exception:  # a validator that trips on odd input has said no
        return False
