"""``target_gate.label_errors``: the shipped coder's label errors on detected training incidents
(docs/coder-journal.md, "Report labels (report-labels)")."""

from __future__ import annotations

from civicspace.training.example import Example
from civicspace.training.target_gate import label_errors


def test_label_errors_lists_missed_and_added_labels_with_the_cue_position() -> None:
    e = Example(
        id="x:1",
        title="China charges Xi critic with subversion",
        text=(
            "An outspoken Chinese rights activist who called for the president to step down has "
            "been charged with inciting state subversion, his friends said on Monday."
        ),
        source="x",
        group="g",
        split="train",
        is_incident=True,
        violations=("arrest_detention", "judicial_harassment"),
        targets=("hrd",),
        rule="hand label",
    )
    errors = label_errors([e], "x")
    assert all(r["gold_from"] == "hand" for r in errors)
    missed = {r["label"] for r in errors if r["error"] == "missed"}
    assert "violations:judicial_harassment" not in missed  # the paired rule codes it
    assert "violations:arrest_detention" in missed  # no arrest is told
    arrest = next(r for r in errors if r["label"] == "violations:arrest_detention")
    assert arrest["cue_at"] is None
    assert label_errors([e], "other") == []
