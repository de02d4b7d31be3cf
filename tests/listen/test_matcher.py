"""The matchers' choice and the MiniLM feature block, without the optional model package."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.listen import matcher as matcher_mod
from civicspace.listen.features import ML_NAMES, NAMES, minilm_features
from civicspace.listen.minilm import Encoded


def _encoded(rng: np.random.Generator, lengths: list[int]) -> Encoded:
    tokens = [rng.normal(size=(n, 384)).astype(np.float32) for n in lengths]
    sent = rng.normal(size=(len(lengths), 384)).astype(np.float32)
    return Encoded(tokens, sent / np.linalg.norm(sent, axis=1, keepdims=True))


def test_minilm_features_fill_the_ml_columns() -> None:
    rng = np.random.default_rng(0)
    args, kps = _encoded(rng, [5, 0, 12]), _encoded(rng, [3, 4])  # an argument without tokens
    feats = minilm_features(args, kps, _encoded(rng, [2]))
    assert feats.shape == (3, 2, len(ML_NAMES) - len(NAMES))
    assert np.isfinite(feats).all()
    cos = feats[:, :, 0]
    assert np.allclose(cos, args.sentences @ kps.sentences.T, atol=1e-6)


def test_the_wordllama_matcher_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matcher_mod, "available", lambda: False)
    chosen = matcher_mod.load_best_matcher()
    assert chosen.minilm is None and chosen.names == NAMES
    scores = chosen.scores("Homeschooling should be banned", ["kids miss friends"], ["social"])
    assert scores.shape == (1, 1) and 0.0 <= float(scores[0, 0]) <= 1.0
