"""Files to submissions for ``civicspace listen import``: documents and JSON Lines.

A ``.txt``, ``.md``, ``.docx`` or ``.pdf`` file is one contribution with the fields given on
the command line (``Defaults``). A ``.jsonl`` file holds one contribution a line:
``{"text", "type"?, "country"?, "lang"?, "title"?, "question"?, "anonymous"?, "author"?,
"consent"?}``; a field a line leaves out takes the command line's value. The first bad line
or file stops the import with one line naming it; nothing is stored then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from civicspace.countries import parse_code
from civicspace.errors import InvalidInput
from civicspace.listen.intake import ContributionType, Submission, take_in, take_in_file


@dataclass(frozen=True)
class Defaults:
    type: ContributionType = ContributionType.essay
    country: str | None = None
    language: str | None = None
    consent: bool = False
    anonymous: bool = True
    author: str | None = None
    question: str | None = None


def _line(raw: dict[str, object], d: Defaults) -> tuple[Submission, str | None]:
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("'text' must be a non-empty string")
    try:
        kind = ContributionType(str(raw.get("type", d.type)))
    except ValueError as exc:
        raise InvalidInput(f"unknown type {raw.get('type')!r}") from exc
    anonymous = raw.get("anonymous", d.anonymous)
    consent = raw.get("consent", d.consent)
    if not isinstance(anonymous, bool) or not isinstance(consent, bool):
        raise InvalidInput("'anonymous' and 'consent' must be true or false")
    author = raw.get("author", d.author)
    country = raw.get("country") or d.country
    sub = take_in(
        text,
        type=kind,
        consent=consent,
        anonymous=anonymous,
        country=parse_code(str(country)) if country else None,
        language=str(raw.get("lang") or d.language or "") or None,
        author=str(author) if author else None,
        title=str(raw["title"]) if raw.get("title") else None,
    )
    question = raw.get("question", d.question)
    return sub, str(question) if question else None


def read_file(path: Path, d: Defaults) -> list[tuple[Submission, str | None]]:
    """The submissions of one file, each with its question (None: none given)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc
    if path.suffix.lower() != ".jsonl":
        try:
            sub = take_in_file(
                data,
                path.name,
                type=d.type,
                consent=d.consent,
                anonymous=d.anonymous,
                country=d.country,
                language=d.language,
                author=d.author,
            )
        except InvalidInput as exc:
            raise InvalidInput(f"{path.name}: {exc}") from exc
        return [(sub, d.question)]
    out = []
    for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise InvalidInput("each line must be a JSON object")
            out.append(_line(raw, d))
        except (InvalidInput, json.JSONDecodeError) as exc:
            raise InvalidInput(f"{path.name}: line {n}: {exc}") from exc
    return out
