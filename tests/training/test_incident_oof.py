"""The out-of-fold incident tool on a tiny synthetic set (no data directory needed)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from civicspace.training.incident_oof import fold_ids, oof_probabilities, prf, table


def test_hash_folds_are_stable_when_other_groups_change() -> None:
    groups = [f"ml4p:{i}" for i in range(40)]
    before = fold_ids(groups, 4)
    after = fold_ids([*groups, "mass_mobilization:new"], 4)
    assert list(after[:40]) == list(before)
    assert set(before) == {0, 1, 2, 3}
    assert list(fold_ids(groups, 4, "hash:1")) != list(before)
    by_group = fold_ids(["a:1", "a:1", "b:2"], 2, "groupkfold")
    assert by_group[0] == by_group[1] != by_group[2]


def test_a_separable_set_is_learned_out_of_fold() -> None:
    rng = np.random.default_rng(0)
    n = 200
    y = (np.arange(n) % 2).astype(np.int8)
    dense = rng.random((n, 5)) * 0.1
    dense[:, 0] += y  # feature 0 tells the class
    x = sp.csr_matrix(dense.astype(np.float32))
    groups = [f"set:{i // 5}" for i in range(n)]
    prob = oof_probabilities(x, y, np.ones(n), fold_ids(groups, 4))
    p, r, f, gold = prf(prob >= 0.5, y)
    assert gold == 100 and p > 0.9 and r > 0.9 and f > 0.9
    lines = table(["set"] * n, y, [prob, prob])
    assert lines[0].split()[0] == "all" and "(100 incidents)" in lines[1]
