"""``smear_surv_train.jsonl`` (smear-surv): training-split items read for smears and surveillance.
They must be training items only (the held-out smears and surveillance stay unseen), follow the
schema, and reach the training examples."""

from __future__ import annotations

import json
from pathlib import Path

from civicspace.codebook import load_codebook
from civicspace.training.datasets import load_examples
from civicspace.training.hand import hand_label_folder

SETS = ("ml4p", "hrdsattack", "colombia", "ag_news", "acled")


def _lines() -> list[dict[str, object]]:
    path = hand_label_folder() / "smear_surv_train.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def test_smear_surv_labels_follow_the_schema() -> None:
    cb = load_codebook()
    lines = _lines()
    assert len({x["key"] for x in lines}) == len(lines) >= 80
    for x in lines:
        assert x["set"] in SETS and x["pass"] == 1
        assert x["is_incident"] in (True, False, "uncertain")
        assert set(x["violations"]) <= set(cb.ids("violations"))  # type: ignore[arg-type]
        assert set(x["targets"]) <= set(cb.ids("targets"))  # type: ignore[arg-type]
        if x["is_incident"] is True:
            assert x["violations"] and x["targets"], x["key"]
        else:
            assert not x["violations"] and not x["targets"], x["key"]
    positives = {
        v: sum(v in x["violations"] for x in lines)  # type: ignore[operator]
        for v in ("smear_campaign", "surveillance")
    }
    assert positives["smear_campaign"] >= 10 and positives["surveillance"] >= 5


def test_smear_surv_labels_are_training_items_and_apply(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in _lines()}
    items = {e.id: e for e in load_examples(shared_data, SETS) if e.id in lines}
    assert set(items) == set(lines)  # every label applies: the text hash still matches
    for key, x in lines.items():
        e = items[key]
        assert e.split == "train", key  # never a held-out item
        inc = x["is_incident"]
        assert e.is_incident == (inc if isinstance(inc, bool) else None), key
        if inc is True:
            assert set(e.violations) == set(x["violations"]), key  # type: ignore[arg-type]
