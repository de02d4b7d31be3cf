"""The coder's quality gate: the shipped model, scored on the dev split, stays above its floors.

Floors live in ``tests/classify/baseline.json``. They only move up: when a change raises a
figure, raise its floor and append the old floors to ``history`` (checked below).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civicspace.classify.backends.default import DefaultCoder
from civicspace.training.devset import dev_report

BASELINE = Path(__file__).with_name("baseline.json")


def _lookup(report: dict[str, Any], path: str) -> float:
    node: Any = report
    for part in path.split("."):
        node = node[part]
    return float(node)


def test_dev_figures_stay_above_floors(shared_data: Path) -> None:
    reports = {k: r.as_dict() for k, r in dev_report(DefaultCoder(), shared_data).items()}
    floors = json.loads(BASELINE.read_text("utf-8"))["floors"]
    below = []
    for group, metrics in floors.items():
        for path, floor in metrics.items():
            value = _lookup(reports[group], path)
            if value + 1e-9 < floor:
                below.append(f"{group} {path}: {value:.4f} < floor {floor}")
    assert not below, "below the floors:\n" + "\n".join(below)


def test_floors_only_move_up() -> None:
    data = json.loads(BASELINE.read_text("utf-8"))
    for old in data.get("history", []):
        for group, metrics in old.items():
            for path, floor in metrics.items():
                assert data["floors"][group][path] >= floor, f"{group} {path} was lowered"
