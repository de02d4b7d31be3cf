"""The ArgKP-2021 shared task metric (track 1), as its official evaluation script computes it.

1. Each argument is paired with its highest-scoring key point (same topic and stance). An
   argument with no score gets a dummy key point with score 0 and label "no match".
2. Per (topic, stance), the pairs are sorted by score and only the top half (``int(n * 0.5)``) is
   kept.
3. The label of a kept pair is the gold label; a pair with no gold label (undecided by the
   annotators, or never labelled) counts as "no match" in the strict score and "match" in the
   relaxed one. Dummy pairs kept in the top half get the score 0.99 before averaging.
4. Average precision (scikit-learn's ``average_precision_score``) per (topic, stance); the mean
   over (topic, stance) is the score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import average_precision_score

DUMMY = "dummy_id"
TOP_SHARE = 0.5

# argument id -> {key point id -> score}
Predictions = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class Pair:
    """An argument's best key point and the gold label (None where undecided or unlabelled)."""

    topic: str
    stance: int
    arg_id: str
    kp_id: str
    score: float
    label: int | None


def best_pairs(
    arguments: Iterable[tuple[str, str, int]],
    predictions: Predictions,
    labels: Mapping[tuple[str, str], int],
    valid_key_points: set[str] | None = None,
) -> list[Pair]:
    """Step 1: one pair per argument ``(arg_id, topic, stance)``, with its gold label."""
    pairs = []
    for arg_id, topic, stance in arguments:
        scores = {
            kp: s
            for kp, s in predictions.get(arg_id, {}).items()
            if valid_key_points is None or kp in valid_key_points
        }
        if scores:
            kp_id = max(scores.items(), key=lambda item: item[1])[0]
            pairs.append(
                Pair(
                    topic, stance, arg_id, kp_id, float(scores[kp_id]), labels.get((arg_id, kp_id))
                )
            )
        else:
            pairs.append(Pair(topic, stance, arg_id, DUMMY, 0.0, 0))
    return pairs


def group_ap(pairs: list[Pair], relaxed: bool, top_share: float = TOP_SHARE) -> float:
    """Steps 2–4 for one (topic, stance): AP over the top share of pairs by score."""
    top = int(len(pairs) * top_share)
    kept = sorted(pairs, key=lambda p: -p.score)[:top]
    if not kept:
        return float("nan")
    fill = 1 if relaxed else 0
    y_true = np.array([fill if p.label is None else p.label for p in kept])
    y_score = np.array([0.99 if p.kp_id == DUMMY else p.score for p in kept])
    if y_true.sum() == 0:
        return 0.0
    return float(average_precision_score(y_true, y_score))


def mean_average_precision(pairs: list[Pair], relaxed: bool) -> float:
    """Step 4: the mean of the per-(topic, stance) average precision."""
    groups: dict[tuple[str, int], list[Pair]] = defaultdict(list)
    for p in pairs:
        groups[(p.topic, p.stance)].append(p)
    return float(np.mean([group_ap(g, relaxed) for _, g in sorted(groups.items())]))


def argkp_map(
    arguments: Iterable[tuple[str, str, int]],
    predictions: Predictions,
    labels: Mapping[tuple[str, str], int],
    valid_key_points: set[str] | None = None,
) -> tuple[float, float]:
    """(strict, relaxed) mAP of ``predictions`` against ``labels``."""
    pairs = best_pairs(arguments, predictions, labels, valid_key_points)
    return mean_average_precision(pairs, False), mean_average_precision(pairs, True)
