"""Clustering quality gate: pairwise precision and recall on real reports of the same events.

The gold set (``bench/data/incidents_gold.json``) names feed entries in ``../shared/data``;
without that folder the test skips. Floors live in ``tests/incidents/gold_baseline.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.cluster import gold_eval

BASELINE = Path(__file__).with_name("gold_baseline.json")


@pytest.mark.shared_data
def test_gold_pairwise_precision_and_recall_stay_above_floors(shared_data: Path) -> None:
    floors = json.loads(BASELINE.read_text("utf-8"))
    result = gold_eval(shared_data)
    assert result["entries"] >= 100 and result["true_pairs"] >= 40
    for metric in ("precision", "recall", "f1"):
        assert result[metric] >= floors[metric], (metric, result)


@pytest.mark.shared_data
def test_multilingual_gold_held_out_part_reaches_the_goal(shared_data: Path) -> None:
    """English (HRDsAttack, Mass Mobilization) and Spanish (ACEP) reports of the same events;
    the threshold was chosen without the held-out part, which must reach pairwise F1 0.85
    (issue 11)."""
    from bench.cluster import multilingual_eval

    result = multilingual_eval(shared_data)
    held = result["heldout"]
    assert held["entries"] >= 80 and held["true_pairs"] >= 20
    assert {"en", "es"} <= set(held) and result["tune"]["es"]["true_pairs"] >= 5
    assert held["f1"] >= 0.85 and held["precision"] >= 0.9, held

    # Pairs whose reports differ in language (``cross_language``): the one real event reported
    # in Spanish and in English (ACEP and Mass Mobilization) fell in the tune part by the hash
    # of its label, so the held-out part has no true cross-language pair to set a recall floor
    # on; it must at least join no report with another language's report of another event.
    tune_x, held_x = result["tune"]["cross_language"], held["cross_language"]
    assert tune_x["true_pairs"] >= 1
    assert held_x["predicted_pairs"] == held_x["correct_pairs"], held_x
    assert tune_x["predicted_pairs"] == tune_x["correct_pairs"], tune_x
