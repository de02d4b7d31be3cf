"""Reviewer edits, validated against the codebook before anything is written.

Form input arrives as strings and lists of strings; :func:`clean_edits` turns it into the values
of ``Incident`` columns, or raises :class:`InvalidInput` naming the first bad field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from civicspace.codebook import load_codebook
from civicspace.countries import parse_code
from civicspace.errors import InvalidInput
from civicspace.incidents.factory import TITLE_CHARS

LIST_FIELDS = ("violations", "targets", "perpetrators", "freedoms")
TEXT_FIELDS = ("title", "summary", "place")
DATE_FIELDS = ("start_date", "end_date")
EDITABLE = (*TEXT_FIELDS, "country", *DATE_FIELDS, *LIST_FIELDS, "gendered", "verification")
MAX_TEXT = {"title": TITLE_CHARS, "summary": 5000, "place": 200}


def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 for an alpha-2 or alpha-3 code (any case); None for empty."""
    if not value.strip():
        return None
    try:
        return parse_code(value)
    except InvalidInput as exc:
        raise InvalidInput(f"country: {exc}") from exc


def _date(field: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{field}: {text!r} is not a date (YYYY-MM-DD)") from exc


def _ids(field: str, values: Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    allowed = load_codebook().ids(field)
    out: list[str] = []
    for value in values or []:
        if value not in allowed:
            raise InvalidInput(f"{field}: {value!r} is not an id of the codebook")
        if value not in out:
            out.append(value)
    return sorted(out, key=allowed.index)


def clean_edits(raw: dict[str, Any]) -> dict[str, Any]:
    """Column values for the editable fields present in ``raw``; unknown fields are refused."""
    unknown = sorted(set(raw) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"{unknown[0]!r} is not an editable field")
    out: dict[str, Any] = {}
    for field, value in raw.items():
        if field in TEXT_FIELDS:
            text = " ".join(str(value or "").split()) if field != "summary" else str(value or "")
            text = text.strip()
            if len(text) > MAX_TEXT[field]:
                raise InvalidInput(f"{field}: at most {MAX_TEXT[field]} characters")
            if field == "title" and not text:
                raise InvalidInput("title: an incident needs a title")
            out[field] = text or None if field != "title" else text
        elif field == "country":
            out[field] = country_code(str(value or ""))
        elif field in DATE_FIELDS:
            out[field] = _date(field, value)
        elif field in LIST_FIELDS:
            out[field] = _ids(field, value)
        elif field == "gendered":
            out[field] = value in (True, "true", "on", "1", 1)
        elif field == "verification":
            if value not in load_codebook().ids("verification"):
                raise InvalidInput(f"verification: {value!r} is not an id of the codebook")
            out[field] = value
    start, end = out.get("start_date"), out.get("end_date")
    if start and end and end < start:
        raise InvalidInput("end_date: before start_date")
    return out
