"""Text helpers shared by the detectors: folding for comparison, digits of every script.

Every helper here keeps string length, so a span found in a folded or digit-mapped copy is the
same span in the original text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Arabic-Indic, Eastern Arabic-Indic (Persian/Urdu), Devanagari and fullwidth digits to ASCII.
_DIGITS = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
    **{0x0966 + i: str(i) for i in range(10)},
    **{0xFF10 + i: str(i) for i in range(10)},
    0xFF0B: "+",
    0x066B: ".",  # Arabic decimal separator
    0x066C: ",",  # Arabic thousands separator
    0x060C: ",",  # Arabic comma
}


@lru_cache(maxsize=4)
def ascii_digits(text: str) -> str:
    """``text`` with digits of other scripts as ASCII digits, same length (the last few cached:
    every detector of one scan asks for the same text)."""
    return text.translate(_DIGITS)


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character without accents, lower-cased; one character out (``É`` → ``e``)."""
    base = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in base if not unicodedata.combining(c))
    low = kept.lower()
    if len(low) == 1:
        return low
    if ch.lower() == "ß":
        return "s"
    return ch.lower() if len(ch.lower()) == 1 else ch


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character once, on first sight."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code)).translate(_ARABIC_FOLD)
        self[code] = folded
        return folded


_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": " "})
_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` folded for comparison (accents off, lower case, Arabic hamza forms merged)."""
    return text.translate(_FOLD_TABLE)
