"""The out-of-fold incident tool on a tiny synthetic set (no data directory needed)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from civicspace.training.folds import fold_ids
from civicspace.training.incident_oof import oof_probabilities, prf, table


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
