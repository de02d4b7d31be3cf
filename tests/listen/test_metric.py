"""The ArgKP-2021 metric on hand-made examples whose answer is worked out by hand."""

from __future__ import annotations

import pytest

from civicspace.listen.metric import DUMMY, argkp_map, best_pairs

# Group A (topic "t", stance 1): six arguments, two key points.
#   best pairs by score: a1 .9 (k1, label 0), a2 .8 (k2, label 1), a3 .7 (k1, undecided),
#   a4 .3, a5 .2, a6 no prediction (dummy, score 0). Top half = a1, a2, a3.
#   strict labels 0,1,0 -> AP = 1/2;  relaxed 0,1,1 -> AP = (1/2 + 2/3) / 2 = 7/12.
# Group B (topic "t", stance -1): two arguments, top half = b1 (label 1) -> AP 1 either way.
ARGS = [(f"a{i}", "t", 1) for i in range(1, 7)] + [("b1", "t", -1), ("b2", "t", -1)]
PREDICTIONS = {
    "a1": {"k1": 0.9, "k2": 0.1},
    "a2": {"k1": 0.2, "k2": 0.8},
    "a3": {"k1": 0.7, "k2": 0.6},
    "a4": {"k1": 0.3},
    "a5": {"k2": 0.2},
    "b1": {"k3": 0.6},
    "b2": {"k3": 0.5},
}
LABELS = {
    ("a1", "k1"): 0,
    ("a2", "k2"): 1,
    ("a3", "k2"): 1,  # not a3's best key point: must not count
    ("a4", "k1"): 1,
    ("a5", "k2"): 0,
    ("b1", "k3"): 1,
    ("b2", "k3"): 0,
}


def test_hand_worked_example() -> None:
    strict, relaxed = argkp_map(ARGS, PREDICTIONS, LABELS)
    assert strict == pytest.approx((0.5 + 1.0) / 2)
    assert relaxed == pytest.approx((7 / 12 + 1.0) / 2)


def test_best_pairs_take_the_best_key_point_and_a_dummy_for_none() -> None:
    pairs = {p.arg_id: p for p in best_pairs(ARGS, PREDICTIONS, LABELS)}
    assert (pairs["a3"].kp_id, pairs["a3"].label) == ("k1", None)
    assert (pairs["a6"].kp_id, pairs["a6"].score, pairs["a6"].label) == (DUMMY, 0.0, 0)


def test_unknown_key_points_are_ignored() -> None:
    preds = {**PREDICTIONS, "a1": {"k1": 0.1, "bogus": 0.99}}
    pairs = {p.arg_id: p for p in best_pairs(ARGS, preds, LABELS, {"k1", "k2", "k3"})}
    assert (pairs["a1"].kp_id, pairs["a1"].score) == ("k1", 0.1)


def test_a_perfect_ranking_scores_one() -> None:
    preds = {a: {"k": 1.0 if a in {"a1", "a2", "a3"} else 0.1} for a, _, _ in ARGS[:6]}
    labels = {(a, "k"): int(a in {"a1", "a2", "a3"}) for a, _, _ in ARGS[:6]}
    assert argkp_map(ARGS[:6], preds, labels) == (1.0, 1.0)
