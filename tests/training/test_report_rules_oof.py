"""scripts/report_rules_oof.py emulates text rules on out-of-fold label probabilities
(docs/coder-journal.md, "Report labels, second pass (report-labels-two)")."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import numpy as np

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "report_rules_oof.py"
NAMES = ["violations:arrest_detention", "violations:killing", "violations:judicial_harassment"]


def _raised(
    script: dict[str, Any], chars: int, pairs: dict[int | None, set[str]], v: Any
) -> list[bool]:
    text = script["Text"](
        chars, "hand", {w: frozenset(pairs.get(w, ())) for w in (800, 1500, None)}
    )
    p = np.full(len(NAMES), 0.05, np.float32)
    script["probabilities"](p, NAMES, text, v)
    return [bool(x > 0.05) for x in p]


def test_told_later_reads_a_reports_opening_only_when_asked() -> None:
    script = runpy.run_path(str(SCRIPT))
    late = {None: {"pair:violations:arrest_detention|perpetrators:police"}}
    shipped, windowed = (
        script["VARIANTS"]["shipped (told-later reads all)"],
        script["Variant"](told=(2000, 800)),
    )
    assert _raised(script, 5000, late, shipped) == [True, False, False]
    assert _raised(script, 5000, late, windowed) == [False, False, False]
    # a summary (up to 2,000 characters) is read whole
    assert _raised(script, 1500, {**late, 800: set()}, windowed)[0]


def test_report_acts_need_a_long_text_and_their_victim() -> None:
    script = runpy.run_path(str(SCRIPT))
    v = script["VARIANTS"]["report killing + disappearance + judicial"]
    killing = {None: {"pair:violations:killing|targets:journalists"}}
    assert _raised(script, 5000, killing, v) == [False, True, False]
    assert _raised(script, 1500, killing, v) == [False, False, False]  # not a report
    court = "pair:violations:judicial_harassment|targets:"
    assert _raised(script, 5000, {1500: {court + "journalists"}}, v)[2]
    assert not _raised(script, 5000, {1500: {court + "lawyers"}}, v)[2]  # not a civic victim
    assert not _raised(script, 5000, {None: {court + "journalists"}}, v)[2]  # past 1,500
