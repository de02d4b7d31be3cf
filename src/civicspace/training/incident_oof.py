"""Out-of-fold figures of the main incident head, refitted the way ``train()`` fits it.

The training split's incident examples are featurized as ``train()`` does (the telling window,
hashed groups and lexicon cues), the main incident head is refitted fold by fold with
``INCIDENT_SOURCE_WEIGHTS`` (hand labels weigh ``HAND_LABEL_WEIGHT`` times more), the
out-of-fold scores are Platt-scaled and cut at ``INCIDENT_THRESHOLD``, and precision, recall and
F1 are printed pooled and per set. Like ``train()``, it reads the training split without the
hand-label files the incident heads hold back (``hand.INCIDENT_HELD_BACK_FILES``; ``--held-back``
names others, e.g. ``--held-back news_confounders`` for main before retrain-three). The second
look, the cue-only head and the target gate are not part of it: it measures what the training
data and features teach the head.

Folds are grouped (one report's items, one protest's notes stay in one fold). ``--folds-by
hash`` (the default) puts each group in a fold by a hash of its name, so that a change to the
data (a hand label file, a mapping) does not move the other groups between folds;
``groupkfold`` uses ``train()``'s own GroupKFold, whose fold of every group depends on the size
of all of them (docs/coder-journal.md, "Why retrains lose report recall (retrain-bisect)").

    python -m civicspace.training.incident_oof --data-dir ../shared/data --save /tmp/oof.npz

To measure another source tree's lexicons, mappings or hand labels, put a copy of ``src`` with
those files swapped in first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from civicspace.training import train as t
from civicspace.training.folds import fold_ids
from civicspace.training.hand import INCIDENT_HELD_BACK_FILES


@dataclass(frozen=True)
class IncidentSet:
    """The training split's incident examples as the incident head sees them."""

    ids: list[str]
    sources: list[str]
    groups: list[str]
    x: sp.csr_matrix
    y: NDArray[np.int8]
    weight: NDArray[np.float64]


def incident_set(
    data_dir: Path,
    weights: dict[str, float] | None = None,
    held_back: Collection[str] = INCIDENT_HELD_BACK_FILES,
) -> IncidentSet:
    """Load and featurize the training split as ``train()`` does for its incident head."""
    from civicspace.classify.features import HashingFeaturizer
    from civicspace.classify.lexicon import feature_names
    from civicspace.classify.model import CoderModel

    fz = HashingFeaturizer()
    examples = t.training_split(data_dir, t.TRAIN_SOURCES, held_back)
    shell = CoderModel(fz, feature_names(), t._empty(1), t._empty(1), "untrained")
    texts = [t.training_text(e, fz, int(t.SECOND_LOOK["windows"])) for e in examples]
    prepared = shell.prepare(texts, [e.lang for e in examples])
    x = sp.hstack([prepared.groups.to_csr(), prepared.cues], format="csr", dtype=np.float32)
    by_source = dict(t.INCIDENT_SOURCE_WEIGHTS if weights is None else weights)
    return IncidentSet(
        [e.id for e in examples],
        [e.source for e in examples],
        [f"{e.source}:{e.group}" for e in examples],
        x,
        np.array([1 if e.is_incident else 0 for e in examples], np.int8),
        np.array([t.example_weight(e, by_source, {}) for e in examples]),
    )


def oof_probabilities(
    x: sp.csr_matrix, y: NDArray[np.int8], weight: NDArray[np.float64], fold: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Out-of-fold scores of the incident head, Platt-scaled on themselves as ``train()`` does."""
    z = np.zeros(len(y))
    for k in np.unique(fold):
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        w, b = t._fit(x[tr], y[tr], weight[tr], t.C_INCIDENT)
        z[te] = x[te] @ w + b
    a, b = t._platt(z, y)
    return np.asarray(1.0 / (1.0 + np.exp(-(a * z + b))), np.float64)


def prf(pred: NDArray[np.bool_], y: NDArray[np.int8]) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and the number of gold incidents."""
    gold = y == 1
    tp = int((pred & gold).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(gold.sum()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), int(gold.sum())


def table(
    sources: Sequence[str], y: NDArray[np.int8], probs: Sequence[NDArray[np.float64]]
) -> list[str]:
    """Pooled and per-set lines: precision, recall, F1 (gold incidents), each the mean over the
    partitions whose out-of-fold probabilities ``probs`` holds."""
    src = np.array(sources)
    lines = []
    for name in ["all", *sorted(set(sources))]:
        m = np.ones(len(y), bool) if name == "all" else src == name
        rows = [prf(prob[m] >= t.INCIDENT_THRESHOLD, y[m]) for prob in probs]
        p, r, f = (float(np.mean([row[i] for row in rows])) for i in range(3))
        lines.append(f"  {name:18s} P {p:.3f} R {r:.3f} F1 {f:.4f} ({rows[0][3]} incidents)")
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m civicspace.training.incident_oof",
        description="Out-of-fold precision/recall/F1 of the main incident head on the training "
        "split, refitted as train() fits it (no second look, no target gate).",
    )
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument(
        "--folds-by",
        nargs="+",
        default=["hash"],
        metavar="SCHEME",
        help="hash (default), hash:SALT (another hashed partition) or groupkfold (train()'s); "
        "with several, each is printed and then their mean",
    )
    ap.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="SET:W",
        help="override one set's incident-head weight (repeatable)",
    )
    ap.add_argument(
        "--held-back",
        nargs="*",
        default=sorted(INCIDENT_HELD_BACK_FILES),
        metavar="STEM",
        help="hand-label files (by stem) not applied; default: the ones train() holds back from "
        "its incident heads (hand.INCIDENT_HELD_BACK_FILES)",
    )
    ap.add_argument("--save", type=Path, help="write ids, sets, gold and probabilities (.npz)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    weights = dict(t.INCIDENT_SOURCE_WEIGHTS)
    for spec in args.weight:
        name, _, w = spec.partition(":")
        weights[name] = float(w)
    data = incident_set(args.data_dir, weights, args.held_back)
    print(
        f"{len(data.y)} items, {data.x.shape[1]} features, weights {weights}, "
        f"held back {sorted(args.held_back)}",
        flush=True,
    )
    probs = []
    for by in args.folds_by:
        prob = oof_probabilities(data.x, data.y, data.weight, fold_ids(data.groups, args.folds, by))
        probs.append(prob)
        print("\n".join([f"folds by {by}", *table(data.sources, data.y, [prob])]), flush=True)
        if args.save:
            np.savez_compressed(
                args.save.with_suffix(f".{by}.npz"),
                ids=np.array(data.ids),
                sources=np.array(data.sources),
                y=data.y,
                p=prob,
            )
    if len(probs) > 1:
        print("\n".join([f"mean of {len(probs)} partitions", *table(data.sources, data.y, probs)]))
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
