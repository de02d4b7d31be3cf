"""Grouped folds (training/folds.py): a group's fold does not move when the data changes."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.model_selection import GroupKFold

from civicspace.training import label_oof, train
from civicspace.training.folds import fold_ids


def test_hash_folds_are_stable_when_other_groups_change() -> None:
    groups = [f"ml4p:{i}" for i in range(40)]
    before = fold_ids(groups, 4)
    after = fold_ids([*groups, "mass_mobilization:new"], 4)
    assert list(after[:40]) == list(before)
    assert set(before) == {0, 1, 2, 3}
    assert list(fold_ids(groups, 4, "hash:1")) != list(before)
    by_group = fold_ids(["a:1", "a:1", "b:2"], 2, "groupkfold")
    assert by_group[0] == by_group[1] != by_group[2]


def test_a_smaller_group_moves_others_under_groupkfold_not_under_hash() -> None:
    """Why the no-cue fit hashes (nocue-folds): GroupKFold balances folds by group size, so a
    few records fewer in one group reshuffle the others; a hash reads the name alone."""
    sizes = {f"set:{i}": 3 + (i * 7) % 11 for i in range(30)}
    rows = [g for g, n in sizes.items() for _ in range(n)]
    fewer = [g for g, n in sizes.items() for _ in range(n - 2 if g == "set:4" else n)]

    def fold_of(groups: list[str], by: str) -> dict[str, int]:
        return dict(zip(groups, (int(f) for f in fold_ids(groups, 2, by)), strict=True))

    assert fold_of(rows, "hash") == fold_of(fewer, "hash")
    assert fold_of(rows, "groupkfold") != fold_of(fewer, "groupkfold")


def test_the_no_cue_fit_reads_hashed_folds(monkeypatch: pytest.MonkeyPatch) -> None:
    assert label_oof.FOLDS_BY == "hash"
    hashed = label_oof.fit_inputs_digest()
    monkeypatch.setattr(label_oof, "FOLDS_BY", "groupkfold")
    assert label_oof.fit_inputs_digest() != hashed  # another partition is another fit


def _toy_heads_data() -> tuple[sp.csr_matrix, np.ndarray, list[str]]:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 120).astype(np.int8)
    x = rng.normal(size=(120, 6)) + y[:, None] * np.array([1.0, 0.5, 0, 0, 0, 0])
    groups = [f"set:{i % 15}" for i in range(120)]
    return sp.csr_matrix(x.astype(np.float32)), y.reshape(-1, 1), groups


def test_train_deals_groupkfold_folds_unless_told_to_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """retrain-hashed: train() can deal its out-of-fold folds by hash; off by default, where the
    Platt scaling is the one GroupKFold's folds give (the shipped artifact's)."""
    assert train.FOLDS_BY == "groupkfold"
    x, y, groups = _toy_heads_data()
    seen: list[str] = []

    def recording(g: list[str], folds: int, by: str = "hash") -> np.ndarray:
        seen.append(by)
        return fold_ids(g, folds, by)

    monkeypatch.setattr(train, "fold_ids", recording)
    default = train._heads(x, y, groups, ["h"], 1.0, 4, lambda _m: None)
    hashed = train._heads(x, y, groups, ["h"], 1.0, 4, lambda _m: None, folds_by="hash")
    assert seen == ["groupkfold", "hash"]
    oof = np.zeros(len(groups))
    for tr, te in GroupKFold(n_splits=4).split(np.zeros(len(groups)), y[:, 0], groups):
        w, b = train._fit(x[tr], y[tr, 0], np.ones(len(tr)), 1.0)
        oof[te] = x[te] @ w + b
    a, b0 = train._platt(oof, y[:, 0])
    assert (default.platt_a[0], default.platt_b[0]) == pytest.approx((a, b0), rel=1e-5)
    assert (hashed.platt_a[0], hashed.platt_b[0]) != pytest.approx((a, b0), rel=1e-5)


def test_hashed_folds_with_every_group_in_one_fold_leave_the_head_uncalibrated() -> None:
    x, y, _groups = _toy_heads_data()
    one = next(s for s in range(100) if len(set(fold_ids(["a", "b"], 2, f"hash:{s}"))) == 1)
    groups = ["a" if i % 2 else "b" for i in range(len(y))]
    heads = train._heads(x, y, groups, ["h"], 1.0, 2, lambda _m: None, folds_by=f"hash:{one}")
    assert (heads.platt_a[0], heads.platt_b[0], heads.thresholds[0]) == (1.0, 0.0, 0.5)
