"""Freedom House, Freedom in the World: the "All data" workbook as Freedom House publishes it.

``All_data_FIW_2013-2024.xlsx`` has a sheet ``FIW13-24`` whose first row is a title and second
the header: ``Country/Territory, Region, C/T, Edition, Status, PR rating, CL rating, A1 … G4, CL,
Total``; one row per country or territory and edition. Later workbooks (``FIW13-25`` …) keep the
layout; the reader looks for the header in the first rows of every sheet, so it also reads the
same table saved as CSV (the ``fiw_2013_2024_scores.csv`` extract).

**Edition and data year.** Edition N (the report published early in year N) describes calendar
year N−1: its values are stored with data year N−1 and are usable from edition N's publication
date on. Status is stored as a number (``status``: Free 2, Partly Free 1, Not Free 0) and
``territory`` is 1 for the rows Freedom House marks ``t``.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from civicspace.errors import InvalidInput
from civicspace.ratings.indices.names import index_alpha2
from civicspace.ratings.indices.parsed import ParsedIndex, ParsedValue, fail_on, number

STATUS = {"F": 2.0, "PF": 1.0, "NF": 0.0}
# variable: (min, max) as Freedom House scores it
RANGES = {
    "D1": (0, 4),
    "D2": (0, 4),
    "D3": (0, 4),
    "D4": (0, 4),
    "E1": (0, 4),
    "E2": (0, 4),
    "E3": (0, 4),
    "PR": (-4, 40),  # the discretionary question can take PR below 0
    "CL": (0, 60),
    "Total": (-4, 100),
    "PR rating": (1, 7),
    "CL rating": (1, 7),
}
REQUIRED = ("Country/Territory", "Edition", "Status", "D1", "D4", "E1", "E2", "E3")


def _rows_xlsx(path: Path) -> Iterator[tuple[str, Sequence[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InvalidInput(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    try:
        for sheet in book.worksheets:
            for i, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield f"{sheet.title}!{i}", row
    finally:
        book.close()


def _rows_csv(path: Path) -> Iterator[tuple[str, Sequence[Any]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for i, row in enumerate(csv.reader(fh), start=1):
                yield f"line {i}", row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(f"{path}: cannot read CSV: {exc}") from exc


def parse_fiw(path: Path) -> ParsedIndex:
    """Every country's subscores, aggregates and status for each edition in ``path``."""
    rows = _rows_csv(path) if path.suffix.lower() == ".csv" else _rows_xlsx(path)
    out = ParsedIndex("fiw")
    errors: list[str] = []
    col: dict[str, int] | None = None
    seen: dict[tuple[str, int], str] = {}
    for where, row in rows:
        cells = ["" if c is None else str(c).strip() for c in row]
        if "Country/Territory" in cells and "Edition" in cells:
            col = {h: i for i, h in enumerate(cells) if h}
            missing = [c for c in REQUIRED if c not in col]
            if missing:
                raise InvalidInput(f"{path}: header at {where} lacks {', '.join(missing)}")
            continue
        if col is None or not any(cells):
            continue
        name = cells[col["Country/Territory"]]
        try:
            edition = int(float(cells[col["Edition"]]))
        except ValueError:
            errors.append(f"{where}: edition {cells[col['Edition']]!r}")
            continue
        country = index_alpha2(name)
        if country is None:
            out.skipped[name] += 1
            continue
        other = seen.setdefault((country, edition), name)
        if other != name:
            out.skipped[f"{name} (also {country}, as {other})"] += 1
            continue
        status = STATUS.get(cells[col["Status"]].upper())
        if status is None:
            errors.append(f"{where}: {name} status {cells[col['Status']]!r} (F, PF or NF)")
            continue
        values = {"status": status}
        if "C/T" in col:
            values["territory"] = 1.0 if cells[col["C/T"]].lower() == "t" else 0.0
        for variable, (lo, hi) in RANGES.items():
            if variable not in col:
                continue
            try:
                value = number(cells[col[variable]])
            except ValueError:
                errors.append(f"{where}: {name} {variable} {cells[col[variable]]!r}")
                continue
            if value is None:
                if variable in REQUIRED:
                    errors.append(f"{where}: {name} {variable} is empty")
                continue
            if not lo <= value <= hi:
                errors.append(f"{where}: {name} {variable} {value:g} outside {lo}-{hi}")
                continue
            values[variable] = value
        label = str(edition)
        out.values.extend(
            ParsedValue(label, country, edition - 1, variable, value, name)
            for variable, value in values.items()
        )
    if col is None:
        raise InvalidInput(
            f"{path}: no Freedom in the World table (no row with Country/Territory and Edition)"
        )
    fail_on(errors, str(path))
    if not out.values:
        raise InvalidInput(f"{path}: no Freedom in the World rows for any country")
    return out
