"""E-mail addresses, plain and obfuscated ("name at domain dot org", "name [at] domain [dot] org")."""

from __future__ import annotations

import re
from collections.abc import Iterator

PLAIN = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}(?![\w-])",
)
_AT = r"(?:\s*[\[(<{]\s*(?:at|arroba|chez|собака)\s*[\])>}]\s*|\s+(?:at|arroba|chez|собака)\s+|\s*@\s*)"
_DOT = r"(?:\s*[\[(<{]\s*(?:dot|punto|point|ponto|точка)\s*[\])>}]\s*|\s+(?:dot|punto|point|ponto|точка)\s+)"
_TLD = (
    r"(?:com|org|net|info|edu|gov|int|io|co|me|ngo|africa|[a-z]{2})"  # generic or a country code
)
OBFUSCATED = re.compile(
    rf"(?i)(?<![\w.+-])[a-z0-9][\w.+-]{{0,63}}{_AT}[a-z0-9][\w-]{{0,62}}"
    rf"(?:{_DOT}[a-z0-9][\w-]{{0,62}})*{_DOT}{_TLD}\b"
)
# "name@domain dot org" and "name at domain.org": half-obfuscated forms.
HALF = re.compile(
    rf"(?i)(?<![\w.+-])[a-z0-9][\w.+-]{{0,63}}(?:{_AT})[a-z0-9][\w-]{{0,62}}(?:\.[a-z0-9-]+)*\.{_TLD}\b"
)


def find_emails(text: str) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each e-mail address in ``text``."""
    for match in PLAIN.finditer(text):
        yield match.start(), match.end(), "email.plain", 0.99
    for match in OBFUSCATED.finditer(text):
        yield match.start(), match.end(), "email.obfuscated", 0.9
    for match in HALF.finditer(text):
        if "@" not in match.group():
            yield match.start(), match.end(), "email.obfuscated", 0.85
