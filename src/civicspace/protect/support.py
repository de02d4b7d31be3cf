"""The automatic support reply: resources for the sender's country, in her language.

The organisation edits a YAML file (the packaged ``support.yaml`` documents the schema; the
setting ``CIVICSPACE_SUBMIT_SUPPORT_FILE`` points at the organisation's own). The reply is plain
text, stored as the first reply of a submission, sealed like every other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from civicspace.errors import InvalidInput

CATEGORIES = ("legal_aid", "psychosocial", "digital_security")
EVERYWHERE = "*"
FALLBACK = "en"


@dataclass(frozen=True)
class Resource:
    name: str
    contact: str
    note: dict[str, str]


@dataclass(frozen=True)
class SupportBook:
    intro: dict[str, str]
    closing: dict[str, str]
    headings: dict[str, dict[str, str]]
    resources: dict[str, dict[str, tuple[Resource, ...]]]


def _texts(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidInput(f"support file: {where} must map language codes to text")
    return {str(k): v for k, v in value.items()}


def parse(doc: Any) -> SupportBook:
    """A :class:`SupportBook` from the parsed YAML; :class:`InvalidInput` naming what is wrong."""
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise InvalidInput("support file: expected a mapping with version: 1")
    intro = _texts(doc.get("intro"), "intro")
    if FALLBACK not in intro:
        raise InvalidInput("support file: intro needs an English (en) text")
    headings = {c: _texts((doc.get("headings") or {}).get(c), f"headings.{c}") for c in CATEGORIES}
    resources: dict[str, dict[str, tuple[Resource, ...]]] = {}
    for country, by_category in (doc.get("resources") or {}).items():
        code = str(country).upper()
        if code != EVERYWHERE and (len(code) != 2 or not code.isalpha()):
            raise InvalidInput(f"support file: {country!r} is not a country code or '*'")
        resources[code] = {}
        for category, entries in (by_category or {}).items():
            if category not in CATEGORIES:
                raise InvalidInput(f"support file: {category!r} is not one of {CATEGORIES}")
            resources[code][category] = tuple(
                _resource(entry, f"resources.{country}.{category}") for entry in entries or ()
            )
    return SupportBook(intro, _texts(doc.get("closing"), "closing"), headings, resources)


def _resource(entry: Any, where: str) -> Resource:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise InvalidInput(f"support file: each entry of {where} needs a name")
    return Resource(
        str(entry["name"]), str(entry.get("contact") or ""), _texts(entry.get("note"), where)
    )


@lru_cache(maxsize=8)
def load(path: Path | None = None) -> SupportBook:
    """The organisation's file at ``path``, or the packaged one."""
    try:
        text = (
            path.read_text("utf-8")
            if path is not None
            else files("civicspace.protect").joinpath("support.yaml").read_text("utf-8")
        )
    except OSError as exc:
        raise InvalidInput(f"cannot read the support file {path}: {exc}") from exc
    try:
        return parse(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"support file {path or 'support.yaml'} is not YAML: {exc}") from exc


def _in(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get(FALLBACK) or ""


def message(book: SupportBook, lang: str, country: str | None) -> str:
    """The reply's text in ``lang`` (English where a text lacks it): country first, then '*'."""
    places = [country.upper()] if country else []
    places.append(EVERYWHERE)
    parts = [_in(book.intro, lang)]
    for category in CATEGORIES:
        entries = [r for p in places for r in book.resources.get(p, {}).get(category, ())]
        if not entries:
            continue
        lines = [_in(book.headings[category], lang) or category]
        for r in entries:
            note = _in(r.note, lang)
            lines.append(" · ".join(x for x in (f"- {r.name}", r.contact, note) if x.strip()))
        parts.append("\n".join(lines))
    closing = _in(book.closing, lang)
    if closing:
        parts.append(closing)
    return "\n\n".join(p for p in parts if p)
