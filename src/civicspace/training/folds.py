"""Grouped folds for out-of-fold figures: one report's items, one protest's notes, stay in one fold.

By a hash of the group's name (``hash``, or ``hash:SALT`` for another partition), each group's
fold does not depend on the other groups: a change to the data (a hand-label file, a mapping)
moves no other group between folds. scikit-learn's ``GroupKFold`` balances folds by group size,
so that dropping 14 of 7,125 training incidents moved 641 to 1,331 others to the other fold
(docs/coder-journal.md, "Why retrains lose report recall (retrain-bisect)" and "Hashed folds for
the no-cue fit (nocue-folds)").
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sklearn.model_selection import GroupKFold


def fold_ids(groups: Sequence[str], folds: int, by: str = "hash") -> NDArray[np.int64]:
    """Each row's fold: by a hash of its group's name (``hash``, or ``hash:SALT`` for another
    partition; stable when other groups change) or by ``train()``'s GroupKFold (``groupkfold``)."""
    if by.startswith("hash"):
        salt = by.partition(":")[2]
        keys = [f"{salt}:{g}" if salt else g for g in groups]
        return np.array([zlib.crc32(k.encode("utf-8")) % folds for k in keys], np.int64)
    out = np.zeros(len(groups), np.int64)
    for k, (_tr, te) in enumerate(
        GroupKFold(n_splits=folds).split(np.zeros(len(groups)), groups=groups)
    ):
        out[te] = k
    return out
