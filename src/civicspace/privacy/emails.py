"""E-mail addresses, plain and obfuscated ("name at domain dot org", "x [at] y [dot] org")."""

from __future__ import annotations

import re
from collections.abc import Iterator

PLAIN = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}(?![\w-])",
)
_BRACKET_AT = r"\s*[\[(<{]\s*(?:at|arroba|chez|arobase|собака)\s*[\])>}]\s*"
_BRACKET_DOT = r"\s*[\[(<{]\s*(?:dot|punto|point|ponto|точка)\s*[\])>}]\s*"
# Spelled out with plain spaces, the "at" and "dot" words must agree in language, and the last
# part must be a real top-level domain that is not also a short English word ("in", "to", "at").
_SPACED = (
    (r"\s+(?:at|@)\s+", r"\s+dot\s+"),
    (r"\s+(?:arroba|@)\s+", r"\s+punto\s+"),
    (r"\s+(?:chez|arobase|@)\s+", r"\s+point\s+"),
    (r"\s+(?:arroba|@)\s+", r"\s+ponto\s+"),
    (r"\s+(?:собака|@)\s+", r"\s+точка\s+"),
)
_TLD = (
    r"(?:com|org|net|info|edu|gov|int|io|ngo|africa|es|fr|de|uk|ru|br|mx|ar|co|cl|pe|ve|ec|bo|py|uy|"
    r"ke|ng|za|gh|ug|tz|zw|eg|ma|dz|tn|sa|ae|jo|lb|sy|iq|ye|sd|ly|ps|tr|kr|pk|bd|lk|np|ph|id|my|th|"
    r"vn|cn|jp|au|nz|ca|us|it|pt|nl|ch|se|dk|fi|pl|cz|ua|kz|ir|af|ht|sn|ml|cm|cd|ci)"
)
_LOCAL = r"(?<![\w.+-])[a-z0-9][\w.+-]{0,63}"
_LABEL = r"[a-z0-9][\w-]{0,62}"
OBFUSCATED = [
    re.compile(
        rf"(?i){_LOCAL}{_BRACKET_AT}{_LABEL}(?:(?:{_BRACKET_DOT}|\.){_LABEL})*(?:{_BRACKET_DOT}|\.){_TLD}\b"
    )
]
OBFUSCATED += [
    re.compile(rf"(?i){_LOCAL}{at}{_LABEL}(?:{dot}{_LABEL})*{dot}{_TLD}\b") for at, dot in _SPACED
]
_HINT = re.compile(
    r"(?i)\b(?:dot|punto|point|ponto|точка)\b|[\[(<{]\s*(?:at|arroba|chez)|\s(?:at|arroba|chez)\s+\w+\.\w"
)
# "name at domain.org", "name@domain dot org": half-obfuscated ("her at www.x.com" is not one)
HALF = re.compile(
    rf"(?i){_LOCAL}(?:\s+(?:at|arroba|chez)\s+|\s*@\s*)(?!www\.){_LABEL}(?:\.[a-z0-9-]+)*\.{_TLD}\b"
)


def find_emails(text: str) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each e-mail address in ``text``."""
    if "@" in text or "＠" in text:
        for match in PLAIN.finditer(text):
            yield match.start(), match.end(), "email.plain", 0.99
    if not _HINT.search(text):
        return  # no "dot", "punto", "[at]" … anywhere: no obfuscated address either
    for pattern in OBFUSCATED:
        for match in pattern.finditer(text):
            if "@" not in match.group() or " " in match.group():
                yield match.start(), match.end(), "email.obfuscated", 0.9
    for match in HALF.finditer(text):
        if "@" not in match.group() and _not_prose(match.group()):
            yield match.start(), match.end(), "email.obfuscated", 0.8


def _not_prose(found: str) -> bool:
    """ "Twitter at twitter.com" is prose: the local part is a capitalised word or a common one."""
    local = re.split(r"\s", found, maxsplit=1)[0]
    if not any(ch.isalpha() for ch in local):
        return False  # "$3 at offers.example.com"
    return not (local[:1].isupper() and local[1:].islower()) and local.lower() not in _PROSE


_PROSE = frozenset(
    [
        "him",
        "her",
        "them",
        "us",
        "me",
        "it",
        "this",
        "that",
        "is",
        "was",
        "were",
        "be",
        "are",
        "found",
        "seen",
        "follow",
    ]
)
