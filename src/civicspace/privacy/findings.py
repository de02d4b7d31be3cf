"""The typed record of one thing that must not go out, and its stable fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from civicspace.privacy.text import fold


class Kind(StrEnum):
    """What a finding is. The value is also the redaction label: ``[phone]``."""

    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    ID_NUMBER = "id_number"
    COORDINATES = "coordinates"
    PLATE = "plate"
    PERSON = "person"


# When two findings overlap, the one of the earlier kind here is kept (then the longer one).
PRIORITY: tuple[Kind, ...] = (
    Kind.EMAIL,
    Kind.ID_NUMBER,
    Kind.COORDINATES,
    Kind.PLATE,
    Kind.PHONE,
    Kind.ADDRESS,
    Kind.PERSON,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One span in one field that the gate holds back.

    ``start``/``end`` index the field's text (``text == value[start:end]``); ``detector`` names the
    rule that fired (``phone.international``, ``person.cue`` …) and ``confidence`` is that rule's
    rough precision on the evaluation set, for sorting on the desk, never for letting things out.
    """

    kind: Kind
    field: str
    start: int
    end: int
    text: str
    detector: str
    confidence: float

    @property
    def fingerprint(self) -> str:
        """``kind:normalised text``: the same thing written the same way anywhere, for overrides."""
        return fingerprint(self.kind, self.text)


def fingerprint(kind: Kind | str, text: str) -> str:
    """The override key of ``text`` as a ``kind``: accents, case, spacing and punctuation folded.

    Numbers keep only their digits and letters (``+34 612-345-678`` and ``+34612345678`` are one
    phone); names keep their words in sorted order (``Pérez, María`` is ``María Pérez``).
    """
    kind = Kind(kind)
    folded = fold(text)
    if kind is Kind.PERSON:
        words = sorted(w for w in _split_words(folded) if w)
        return f"{kind.value}:{' '.join(words)}"
    if kind in (Kind.EMAIL,):
        return f"{kind.value}:{''.join(folded.split())}"
    if kind in (Kind.ADDRESS,):
        return f"{kind.value}:{' '.join(_split_words(folded))}"
    return f"{kind.value}:{''.join(ch for ch in folded if ch.isalnum())}"


def _split_words(text: str) -> list[str]:
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch.isalnum():
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out
