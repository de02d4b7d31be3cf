"""The key point matcher: how well an argument (a claim) matches a key point (a theme).

A gradient-boosted classifier over ``features.pair_features``, trained on the ArgKP-2021 train
split only (``scripts/train_listen_matcher.py``), tuned on dev, and shipped as a small joblib
file beside this module. Deterministic: fixed seeds, one thread's worth of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import joblib
import numpy as np
from numpy.typing import NDArray
from sklearn.ensemble import HistGradientBoostingClassifier

from civicspace.errors import ConfigError
from civicspace.listen.argkp import ArgKPSplit
from civicspace.listen.embed import Embedder, get_embedder
from civicspace.listen.features import NAMES, pair_features

ARTIFACT = Path(__file__).with_name("artifacts") / "matcher.joblib"
PARAMS: dict[str, object] = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "random_state": 0,
}


@dataclass
class TrainingSet:
    x: NDArray[np.float32]
    y: NDArray[np.int_]


def training_set(split: ArgKPSplit, emb: Embedder) -> TrainingSet:
    """Features and gold labels of every decided pair of ``split``."""
    xs, ys = [], []
    for (topic, _stance), (args, kps) in sorted(split.groups().items()):
        if not args or not kps:
            continue
        feats = pair_features(emb, topic, [a.text for a in args], [k.text for k in kps])
        for i, a in enumerate(args):
            for j, k in enumerate(kps):
                label = split.labels.get((a.id, k.id))
                if label is not None:
                    xs.append(feats[i, j])
                    ys.append(label)
    return TrainingSet(np.array(xs, dtype=np.float32), np.array(ys, dtype=np.int_))


class Matcher:
    """Scores (argument, key point) pairs of one topic and stance; higher means a better match."""

    def __init__(self, model: HistGradientBoostingClassifier, emb: Embedder | None = None) -> None:
        self.model = model
        self.emb = emb or get_embedder()

    @classmethod
    def train(cls, data: TrainingSet, **params: object) -> Matcher:
        model = HistGradientBoostingClassifier(**{**PARAMS, **params})
        model.fit(data.x, data.y)
        return cls(model)

    def scores(self, topic: str, args: list[str], kps: list[str]) -> NDArray[np.float32]:
        """A (len(args) × len(kps)) matrix of match probabilities."""
        if not args or not kps:
            return np.zeros((len(args), len(kps)), dtype=np.float32)
        feats = pair_features(self.emb, topic, args, kps)
        flat = feats.reshape(-1, len(NAMES))
        proba = self.model.predict_proba(flat)[:, 1]
        return proba.reshape(len(args), len(kps)).astype(np.float32)

    def predict_split(self, split: ArgKPSplit) -> dict[str, dict[str, float]]:
        """Scores in the shared task's prediction format: argument id → key point id → score."""
        out: dict[str, dict[str, float]] = {}
        for (topic, _stance), (args, kps) in sorted(split.groups().items()):
            s = self.scores(topic, [a.text for a in args], [k.text for k in kps])
            for i, a in enumerate(args):
                out[a.id] = {k.id: float(s[i, j]) for j, k in enumerate(kps)}
        return out

    def save(self, path: Path = ARTIFACT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"names": NAMES, "model": self.model}, path, compress=3)


@lru_cache(maxsize=1)
def load_matcher(path: Path = ARTIFACT) -> Matcher:
    """The shipped matcher; its feature names must be the ones this code computes."""
    if not path.is_file():
        raise ConfigError(f"no trained matcher at {path}: run scripts/train_listen_matcher.py")
    saved = joblib.load(path)
    if saved.get("names") != NAMES:
        raise ConfigError(f"the matcher at {path} was trained on other features: retrain it")
    return Matcher(saved["model"])
