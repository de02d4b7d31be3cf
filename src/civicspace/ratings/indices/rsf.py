"""RSF World Press Freedom Index: a long CSV of many editions, or RSF's own file of one edition.

**Long CSV** (``rsf_wpfi_2013_2024_long.csv``): ``iso3, score, rank, year`` and, where the scores
were repaired, ``score_raw_int``. That file was made by a package that read RSF's decimal commas
as thousands marks ("92,16" → 9216, "92,1" → 921); its ``score`` is repaired as raw/100 for raw
≥ 1000 and raw/10 for 100 ≤ raw < 1000. The importer redoes that repair from ``score_raw_int``
and refuses a file where the two disagree, and refuses any edition whose scores are not ordered
as its ranks are (a wrong repair is off by a factor of ten, which breaks the order).

**RSF's own per-year CSV** (``rsf.org/sites/default/files/import_classement/YYYY.csv``):
semicolon-separated, decimal commas, UTF-8 or Windows-1252; the score column is ``Score N``
(2002–2021), ``Score`` (2022–2024) or ``Score YYYY`` (2025 on), the edition comes from
``Year (N)``, from ``Score YYYY``, from the file name or from ``--edition``. Old files may give
the pre-2022 score (0 best, 100 worst): when the rank-1 country has the lowest score, scores
are turned into ``100 − score``, as RSF re-published the old series.

Every edition is stored on 0–100, higher = freer, as ``score`` (and ``rank``). The 2022 edition
changed RSF's methodology: the two series are not comparable, and the ratings methodology maps
each with its own category thresholds.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from civicspace.errors import InvalidInput
from civicspace.ratings.indices.names import index_alpha2
from civicspace.ratings.indices.parsed import ParsedIndex, ParsedValue, fail_on, number

_SCORE = re.compile(r"^score(?: n| (\d{4}))?$", re.IGNORECASE)
_RANK = re.compile(r"^rank(?: n| (\d{4}))?$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def repaired(raw: float) -> float:
    """The decimal-comma repair of the long CSV: 9216 → 92.16, 921 → 92.1, 67 → 67."""
    if raw >= 1000:
        return raw / 100
    if raw >= 100:
        return raw / 10
    return raw


def _text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{path}: neither UTF-8 nor Windows-1252 text")  # pragma: no cover


def parse_rsf(path: Path, edition: str | None = None) -> ParsedIndex:
    """Scores and ranks of every edition in ``path`` (either format)."""
    try:
        text = _text(path)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc}") from exc
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise InvalidInput(f"{path}: cannot read CSV: {exc}") from exc
    if not rows:
        raise InvalidInput(f"{path}: empty file")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    if {"iso3", "score", "year"} <= set(lower):
        out = _parse_long(path, header, rows[1:])
    elif "iso" in lower and any(_SCORE.match(h) for h in header):
        out = _parse_official(path, header, rows[1:], edition)
    else:
        raise InvalidInput(
            f"{path}: not an RSF index file (needs iso3,score,year or RSF's ISO;Score … columns)"
        )
    _check_order(out, str(path))
    return out


def _parse_long(path: Path, header: list[str], rows: list[list[str]]) -> ParsedIndex:
    col = {h.lower(): i for i, h in enumerate(header)}
    out = ParsedIndex("rsf")
    errors: list[str] = []
    for line, row in enumerate(rows, start=2):
        if not any(row):
            continue
        try:
            iso3 = row[col["iso3"]].strip()
            year = int(float(row[col["year"]]))
            score = number(row[col["score"]])
            rank = number(row[col["rank"]]) if "rank" in col else None
            raw = number(row[col["score_raw_int"]]) if "score_raw_int" in col else None
        except (ValueError, IndexError):
            errors.append(f"line {line}: unreadable row {row!r}")
            continue
        if score is None:
            continue
        if raw is not None and abs(repaired(raw) - score) > 0.005:
            errors.append(
                f"line {line}: score {score:g} is not the decimal-comma repair of "
                f"score_raw_int {raw:g} ({repaired(raw):g})"
            )
            continue
        if not 0 <= score <= 100:
            errors.append(f"line {line}: score {score:g} outside 0-100")
            continue
        _add(out, iso3, str(year), score, rank)
    fail_on(errors, str(path))
    return out


def _parse_official(
    path: Path, header: list[str], rows: list[list[str]], edition: str | None
) -> ParsedIndex:
    score_col = next(i for i, h in enumerate(header) if _SCORE.match(h))
    rank_col = next((i for i, h in enumerate(header) if _RANK.match(h)), None)
    iso_col = [h.lower() for h in header].index("iso")
    year_col = next((i for i, h in enumerate(header) if h.lower().startswith("year")), None)
    named = _SCORE.match(header[score_col])
    guess = edition or (named.group(1) if named and named.group(1) else None)
    if guess is None and year_col is not None and rows:
        found = _YEAR.search(rows[0][year_col]) if len(rows[0]) > year_col else None
        guess = found.group(1) if found else None
    if guess is None:
        found = _YEAR.search(path.name)
        guess = found.group(1) if found else None
    if guess is None:
        raise InvalidInput(f"{path}: cannot tell the RSF edition; give --edition (e.g. 2024)")
    out = ParsedIndex("rsf")
    errors: list[str] = []
    scores: list[tuple[str, float, float | None]] = []
    for line, row in enumerate(rows, start=2):
        if not any(row):
            continue
        try:
            score = number(row[score_col])
            rank = number(row[rank_col]) if rank_col is not None else None
        except (ValueError, IndexError):
            errors.append(f"line {line}: unreadable score or rank in {row!r}")
            continue
        if score is None:
            continue
        if not 0 <= score <= 100:
            errors.append(f"line {line}: score {score:g} outside 0-100")
            continue
        scores.append((row[iso_col].strip(), score, rank))
    fail_on(errors, str(path))
    ranked = sorted((r, s) for _, s, r in scores if r is not None)
    if len(ranked) < 2:
        if int(guess) < 2022:
            raise InvalidInput(f"{path}: a pre-2022 edition without ranks: the scale is unclear")
        old_scale = False
    else:
        old_scale = ranked[0][1] < ranked[-1][1]  # the best-ranked country has the lowest score
    for iso3, score, rank in scores:
        _add(out, iso3, guess, 100 - score if old_scale else score, rank)
    return out


def _add(out: ParsedIndex, iso3: str, edition: str, score: float, rank: float | None) -> None:
    country = index_alpha2(iso3)
    if country is None:
        out.skipped[iso3] += 1
        return
    year = int(edition) - 1
    out.values.append(ParsedValue(edition, country, year, "score", round(score, 2), iso3))
    if rank is not None:
        out.values.append(ParsedValue(edition, country, year, "rank", rank, iso3))


def _check_order(out: ParsedIndex, origin: str) -> None:
    """Scores must fall as ranks rise, edition by edition (ties allowed)."""
    by: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    scores = {(v.edition, v.country): v.value for v in out.values if v.variable == "score"}
    for v in out.values:
        if v.variable == "rank":
            by[v.edition].append((v.value, scores[(v.edition, v.country)], v.name))
    errors = []
    for edition, items in sorted(by.items()):
        items.sort()
        for (r1, s1, n1), (r2, s2, n2) in pairwise(items):
            if s2 > s1 + 1e-9:
                errors.append(
                    f"edition {edition}: {n2} (rank {r2:g}) scores {s2:g}, above {n1} "
                    f"(rank {r1:g}, {s1:g})"
                )
    fail_on(errors, origin)
    if not out.values:
        raise InvalidInput(f"{origin}: no RSF scores for any country")
