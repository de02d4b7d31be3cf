"""Contributions from JSON Lines, checked line by line; themes to JSON.

Each line is an object ``{"id", "text", "question"?, "lang"?, "country"?}``. The first bad line
stops the read with an ``InvalidInput`` naming its line number; blank lines are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from civicspace.errors import InvalidInput
from civicspace.listen.records import Contribution

OPTIONAL = ("question", "lang", "country")


def parse_line(line: str, number: int) -> Contribution:
    """One line as a contribution, or ``InvalidInput`` saying what is wrong with line ``number``."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"line {number}: not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise InvalidInput(f"line {number}: expected a JSON object")
    ident = obj.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident.strip():
        raise InvalidInput(f"line {number}: 'id' must be a non-empty string or an integer")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"line {number}: 'text' must be a non-empty string")
    extra: dict[str, str | None] = {}
    for key in OPTIONAL:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"line {number}: {key!r} must be a string when given")
        extra[key] = value
    return Contribution(ident, text, **extra)


def parse_lines(lines: Iterable[str]) -> list[Contribution]:
    """Every non-blank line, with ids checked for uniqueness."""
    out: list[Contribution] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        c = parse_line(line, number)
        if c.id in seen:
            raise InvalidInput(f"line {number}: duplicate id {c.id!r}")
        seen.add(c.id)
        out.append(c)
    return out


def read_contributions(path: Path) -> list[Contribution]:
    """Contributions from a JSON Lines file (UTF-8)."""
    try:
        with path.open(encoding="utf-8") as fh:
            return parse_lines(fh)
    except FileNotFoundError:
        raise InvalidInput(f"input file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason})") from None
