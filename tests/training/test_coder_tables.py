"""scripts/coder_tables.py prints docs/coder.md's tables from `civicspace eval --dev --json`."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "coder_tables.py"


def _counts(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": tp + fn, "predicted": tp + fp}


def _report(arrest_tp: int) -> dict[str, object]:
    return {
        "n": 10,
        "is_incident": _counts(4, 1, 1),
        "micro": {"violations": _counts(3, 1, 1), "targets": _counts(2, 2, 2)},
        "micro_given_incident": {"violations": _counts(3, 0, 1), "targets": _counts(2, 1, 1)},
        "labels": {
            "violations:arrest_detention": _counts(arrest_tp, 0, 4 - arrest_tp),
            "violations:smear_campaign": _counts(0, 2, 0),
            "freedoms:expression": _counts(1, 0, 0),
        },
        "by_language": {"en": _counts(4, 1, 1)},
        "country_accuracy": 0.75,
        "country_n": 4,
    }


def _run(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), *args])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    code = done.value.code
    return int(code) if isinstance(code, int) else 1


def test_tables_compare_two_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    new.write_text(json.dumps({"hrdsattack_heldout": _report(4)}))
    old.write_text(json.dumps({"hrdsattack_heldout": _report(2)}))
    assert _run([str(new), "--before", str(old)], monkeypatch) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| hrdsattack_heldout"))
    assert "| 0.800 | 0.800 | 0.800 | 0.800 |" in row  # P, R, F1, F1 before
    assert "0.750 (n=4)" in row and "en 0.800 (0.800)" in row
    assert "| `violations:arrest_detention` | 1.00 vs 0.67 (n=4) |" in out
    assert "| `violations:smear_campaign` | 0 gold, 2 flagged |" in out
    assert "freedoms:expression" not in out  # only violations and targets have label rows


def test_unreadable_report_is_one_line_and_nonzero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert _run([str(bad)], monkeypatch) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("coder_tables: cannot read a report")
