"""V-Dem country-year CSV: the demspaces extract (``dv_data_1968_on.csv``) or V-Dem's own files.

Both carry ``country_text_id`` (ISO alpha-3 for almost every country), ``country_name``, ``year``
and one column per variable, so one reader serves the 0.6 MB extract and V-Dem's
``V-Dem-CY-Full+Others-v14.csv`` (hundreds of MB, thousands of columns: read column by index,
row by row). Values are V-Dem's point estimates on their 0–1 scale. The edition (``v14``) comes
from ``--edition`` or from the file or folder name; every data year of the file belongs to it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from civicspace.errors import InvalidInput
from civicspace.ratings.indices.names import index_alpha2
from civicspace.ratings.indices.parsed import ParsedIndex, ParsedValue, fail_on, number

# indices on 0–1 that the methodology may use; a file needs at least one of them
VARIABLES = ("v2xcs_ccsi", "v2x_freexp_altinf", "v2x_frassoc_thick")
_EDITION = re.compile(r"(?:^|[-_ .+])(v\d{1,2})(?=$|[-_ .+])", re.IGNORECASE)


def edition_from_path(path: Path) -> str | None:
    """``v14`` from ``V-Dem-CY-Full+Others-v14.csv`` or from a folder ``vdem_demspaces_v14``."""
    for part in (path.name, path.parent.name):
        found = _EDITION.search(part)
        if found:
            return found.group(1).lower()
    return None


def parse_vdem(path: Path, edition: str | None = None) -> ParsedIndex:
    """Every country-year value of the known V-Dem indices in ``path``."""
    edition = edition or edition_from_path(path)
    if edition is None:
        raise InvalidInput(
            f"{path}: cannot tell the V-Dem version from the file name; give --edition (e.g. v14)"
        )
    out = ParsedIndex("vdem")
    errors: list[str] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            col = {h: i for i, h in enumerate(header)}
            if "year" not in col or not ({"country_text_id", "country_name"} & set(col)):
                raise InvalidInput(
                    f"{path}: not a V-Dem country-year CSV (needs year and country_text_id or "
                    "country_name columns)"
                )
            present = [v for v in VARIABLES if v in col]
            if not present:
                raise InvalidInput(f"{path}: none of the V-Dem indices {', '.join(VARIABLES)}")
            seen: dict[tuple[str, int], str] = {}
            for line, row in enumerate(reader, start=2):
                if not row:
                    continue
                code = row[col["country_text_id"]] if "country_text_id" in col else ""
                name = row[col["country_name"]] if "country_name" in col else ""
                try:
                    year = int(float(row[col["year"]]))
                except (ValueError, IndexError):
                    errors.append(f"line {line}: year {row[col['year']]!r} is not a year")
                    continue
                country = index_alpha2(code, name)
                label = code or name
                if country is None:
                    out.skipped[label] += 1
                    continue
                other = seen.setdefault((country, year), label)
                if other != label:
                    out.skipped[f"{label} (also {country}, as {other})"] += 1
                    continue
                for variable in present:
                    try:
                        value = number(row[col[variable]])
                    except (ValueError, IndexError):
                        errors.append(f"line {line}: {variable} {row[col[variable]]!r}")
                        continue
                    if value is None:
                        continue
                    if not 0.0 <= value <= 1.0:
                        errors.append(f"line {line}: {variable} {value:g} outside 0-1")
                        continue
                    out.values.append(ParsedValue(edition, country, year, variable, value, label))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(f"{path}: cannot read CSV: {exc}") from exc
    fail_on(errors, str(path))
    if not out.values:
        raise InvalidInput(f"{path}: no V-Dem values for any country")
    return out
