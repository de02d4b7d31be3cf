"""``mm_force_events.jsonl`` (mm-force-events): Mass Mobilization training notes whose only state
response is a dispersal and which name force, read by hand to decide the mapping's
``force_alone`` rule. They must be training items only (no held-out note was read), follow the
schema, and reach the training examples."""

from __future__ import annotations

import json
from pathlib import Path

from civicspace.codebook import load_codebook
from civicspace.training.datasets import load_examples
from civicspace.training.hand import hand_label_folder
from civicspace.training.real_sets import _force_named


def _lines() -> list[dict[str, object]]:
    path = hand_label_folder() / "mm_force_events.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def test_mm_force_events_labels_follow_the_schema() -> None:
    cb = load_codebook()
    lines = _lines()
    assert len({x["key"] for x in lines}) == len(lines) == 90
    for x in lines:
        assert x["set"] == "mass_mobilization" and x["pass"] == 1
        assert x["is_incident"] in (True, False, "uncertain")
        assert set(x["violations"]) <= set(cb.ids("violations"))  # type: ignore[arg-type]
        assert set(x["targets"]) <= set(cb.ids("targets"))  # type: ignore[arg-type]
        if x["is_incident"] is True:
            assert {"excessive_force", "protest_disruption"} <= set(x["violations"])  # type: ignore[arg-type]
            assert "protesters" in x["targets"] and x["evidence_act"], x["key"]  # type: ignore[operator]
        else:
            assert not x["violations"] and not x["targets"], x["key"]


def test_mm_force_events_labels_are_training_dispersals_and_apply(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in _lines()}
    items = {e.id: e for e in load_examples(shared_data, ("mass_mobilization",)) if e.id in lines}
    assert set(items) == set(lines)  # every label applies: the text hash still matches
    every = load_examples(shared_data, ("mass_mobilization",), hand_labels=False)
    assert not set(lines) & {e.id for e in every if e.split == "dev"}  # never a held-out note
    for key, e in items.items():
        assert e.split == "train" and _force_named(e.text), key
        assert set(e.extra["responses"].split(",")) - {"accomodation", "ignore"} == {
            "crowd dispersal"
        }, key
        inc = lines[key]["is_incident"]
        assert e.is_incident == (inc if isinstance(inc, bool) else None), key
