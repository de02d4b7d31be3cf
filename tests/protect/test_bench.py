"""The face benchmark's scoring: the 70% coverage rule, size buckets, the price, merged shards."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from bench.faces import Annotated, Tally, mask_of, merge, summary


def test_coverage_rule_buckets_and_price(tmp_path: Path) -> None:
    truth = Annotated(
        "x.jpg",
        np.array([[10, 10, 10, 10], [40, 40, 30, 30], [0, 80, 5, 5]], dtype=np.int64),
        np.array([True, True, False]),
    )
    masks = np.array(
        [[10, 10, 10, 7, 0.9], [40, 40, 30, 20, 0.5], [90, 0, 10, 10, 0.1]], dtype=np.float32
    )
    tally = Tally.empty()
    tally.add(truth, mask_of((100, 100), masks))
    assert tally.faces_by_bucket == {"lt10": 0, "10_20": 1, "20_50": 1, "ge50": 0}
    assert tally.masked_by_bucket == {
        "lt10": 0,
        "10_20": 1,
        "20_50": 0,
        "ge50": 0,
    }  # 70% yes, 67% no
    assert tally.non_face_masked == 100  # the box at (90, 0); the invalid face is face area too
    assert tally.non_face == 100 * 100 - 100 - 900 - 25
    part = summary(tally, 1, 0.5, 1.0)
    assert part["recall_all"] == 0.5 and part["recall_ge20px"] == 0.0
    (tmp_path / "a.json").write_text(json.dumps(part))
    (tmp_path / "b.json").write_text(json.dumps(part))
    merged = merge([str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert merged["faces"] == 4 and merged["images"] == 2 and merged["recall_all"] == 0.5
    assert merged["ms_per_image"] == 500.0
