"""CSV cells that a spreadsheet will not run as a formula ("=HYPERLINK(…)", "@SUM(…)")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# a first character that needs a closer look: a formula start, or spaces before one
_LOOK_CLOSER = frozenset("".join(FORMULA_STARTS) + " \u00a0")


def safe_csv_cell(value: object) -> object:
    """``value`` made safe for a CSV cell: text that a spreadsheet would read as a formula gets a
    leading apostrophe (the OWASP advice), also when spaces stand before the ``=``.

    Numbers (``-5``, ``+3.2``) and ``None`` pass unchanged, so numeric columns stay numeric;
    a string that merely looks like a negative number ("-5") also passes.
    """
    if value.__class__ is str:  # the common case, on every cell of every export: one test
        if not value or value[0] not in _LOOK_CLOSER:
            return value
    elif value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    stripped = text.lstrip(" \u00a0")
    if not stripped or stripped in {"-", "+"}:
        return text  # an empty cell, or a lone dash for "none", runs nothing
    if stripped.startswith(FORMULA_STARTS) or text.startswith(("\t", "\r", "\n")):
        if _plain_number(stripped) and stripped == text:
            return text
        return "'" + text
    return text


def _plain_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return text[:1] in "+-" and not any(c in text for c in "=@()")


def safe_csv_row(row: Iterable[object]) -> list[object]:
    """Every cell of ``row`` through :func:`safe_csv_cell`: what every CSV writer writes."""
    return [safe_csv_cell(v) for v in row]


def safe_csv_dict(row: Mapping[str, object]) -> dict[str, object]:
    """The same for a ``csv.DictWriter`` row."""
    return {k: safe_csv_cell(v) for k, v in row.items()}
