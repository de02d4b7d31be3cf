"""A revision's changes as people read them: codebook labels instead of ids, lists as what was
added and removed, nested values as ``key value`` phrases (never a raw Python dict)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = {"violations", "targets", "perpetrators", "freedoms", "verification"}


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: str = ""
    new: str = ""
    added: str | None = None  # set (maybe empty) for list changes
    removed: str | None = None


def _words(key: str) -> str:
    return key.removesuffix("_id").replace("_", " ")


def readable(value: Any, labels: dict[str, str] | None = None) -> str:
    """One value as plain text; ``labels`` map codebook ids to their labels."""
    if value is None or value == [] or value == {} or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        parts = []
        for key, inner in value.items():
            if isinstance(inner, dict):
                inside = ", ".join(f"{_words(k)} {readable(v)}" for k, v in inner.items())
                parts.append(f"{_words(key)}: {inside}")
            else:
                parts.append(f"{_words(key)}: {readable(inner, labels)}")
        return "; ".join(parts)
    if isinstance(value, list):
        return ", ".join(readable(v, labels) for v in value)
    text = str(value)
    return (labels or {}).get(text, text)


def change_rows(changes: dict[str, Any], labels: dict[str, dict[str, str]]) -> list[ChangeRow]:
    """``{field: [old, new]}`` as rows; list fields say what was added and removed."""
    rows = []
    for field, pair in changes.items():
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            rows.append(ChangeRow(_words(field), new=readable(pair)))
            continue
        old, new = pair
        names = labels.get(field) if field in KINDS else None
        if isinstance(old, list | type(None)) and isinstance(new, list | type(None)):
            before, after = list(old or []), list(new or [])
            if all(not isinstance(v, dict | list) for v in before + after):
                added = [v for v in after if v not in before]
                removed = [v for v in before if v not in after]
                rows.append(
                    ChangeRow(
                        _words(field),
                        added=readable(added, names) if added else "",
                        removed=readable(removed, names) if removed else "",
                    )
                )
                continue
        rows.append(ChangeRow(_words(field), readable(old, names), readable(new, names)))
    return rows
