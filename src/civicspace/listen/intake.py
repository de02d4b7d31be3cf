"""Intake: a submitted file or pasted text becomes a typed ``Submission``.

Every submission records its type (interview, essay, dialogue, comment), country, language
(given, else guessed), the contributor's consent and their anonymity choice. Without consent
nothing is kept (``InvalidInput``). An anonymous submission never carries a name: it has no
author, dialogue speakers become "Speaker 1", "Speaker 2", … and the author's and speakers'
names are replaced by those labels wherever they appear in the text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum

from civicspace.errors import InvalidInput
from civicspace.extract.language import identify
from civicspace.listen.dialogue import Turn, parse_turns
from civicspace.listen.readers import read_document
from civicspace.listen.records import Contribution

ANONYMOUS = "Anonymous"


class ContributionType(StrEnum):
    interview = "interview"
    essay = "essay"
    dialogue = "dialogue"
    comment = "comment"


@dataclass(frozen=True)
class Submission:
    """One contribution as taken in, ready for synthesis."""

    id: str
    type: ContributionType
    text: str
    country: str | None
    language: str | None
    consent: bool
    anonymous: bool
    author: str | None
    turns: tuple[Turn, ...] = ()
    title: str | None = None

    def __post_init__(self) -> None:
        if not self.consent:
            raise InvalidInput("a contribution without the contributor's consent is not kept")
        if self.anonymous and (self.author or any(_named(t.speaker) for t in self.turns)):
            raise InvalidInput("an anonymous contribution cannot carry a name")

    @property
    def display_name(self) -> str:
        return ANONYMOUS if self.anonymous or not self.author else self.author

    def contribution(self, question: str | None = None) -> Contribution:
        return Contribution(self.id, self.text, question, self.language, self.country)


def _named(speaker: str | None) -> bool:
    return bool(speaker) and not re.fullmatch(r"Speaker \d+|[QA]", speaker or "")


def _pseudonym(speaker: str | None, names: dict[str, str]) -> str | None:
    return names.get(speaker, speaker) if speaker else None


def _replace_names(text: str, names: dict[str, str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = re.sub(rf"\b{re.escape(name)}\b", names[name], text, flags=re.IGNORECASE)
    return text


def _pseudonyms(turns: list[Turn], author: str | None) -> dict[str, str]:
    """Speaker label → "Speaker N", author → "Anonymous", and each part of a name (a first name
    used alone in the text) → the same label; a part shared by two people keeps the first."""
    names: dict[str, str] = {}
    speakers = 0
    for t in turns:
        if t.speaker and t.speaker not in names and _named(t.speaker):
            speakers += 1
            names[t.speaker] = f"Speaker {speakers}"
    if author:
        names.setdefault(author, ANONYMOUS)
    for full, label in list(names.items()):
        for part in full.split():
            if len(part) > 2:
                names.setdefault(part, label)
    return names


def take_in(
    text: str,
    *,
    type: ContributionType,
    consent: bool,
    anonymous: bool,
    country: str | None = None,
    language: str | None = None,
    author: str | None = None,
    title: str | None = None,
    id: str | None = None,
) -> Submission:
    """A pasted text as a submission (dialogue turns parsed, anonymity applied)."""
    if not consent:
        raise InvalidInput("a contribution without the contributor's consent is not kept")
    text = text.strip()
    if not text:
        raise InvalidInput("the contribution has no text")
    turns = (
        parse_turns(text) if type in (ContributionType.dialogue, ContributionType.interview) else []
    )
    if anonymous:
        names = _pseudonyms(turns, author)
        turns = [
            Turn(
                names.get(t.speaker, t.speaker) if t.speaker else None,
                _replace_names(t.text, names),
            )
            for t in turns
        ]
        text = (
            "\n".join(f"{t.speaker}: {t.text}" if t.speaker else t.text for t in turns)
            if turns
            else _replace_names(text, names)
        )
        title = _replace_names(title, names) if title else None
        author = None
    if language is None:
        language = identify(text)[0]
    ident = id or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Submission(
        id=ident,
        type=type,
        text=text,
        country=country.upper() if country else None,
        language=language,
        consent=consent,
        anonymous=anonymous,
        author=author,
        turns=tuple(turns),
        title=title,
    )


def take_in_file(data: bytes, filename: str, **fields: object) -> Submission:
    """A submitted file (.txt, .md, .docx, .pdf) as a submission; see ``take_in``."""
    return take_in(read_document(data, filename), **fields)  # type: ignore[arg-type]
