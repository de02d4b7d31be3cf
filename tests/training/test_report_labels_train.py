"""``report_labels_train.jsonl`` (report-gold): long **training-split** HRDsAttack and ML4P reports
read whole and coded by hand, a gold for choosing the label rules of long reports. Training items
only, picked by the written rule (``annotate.long_report_candidates``: report-gold's 40, then the
first 10 HRDsAttack items of the rule's next batch, report-labels-three, then that batch's other
15 HRDsAttack items and every HRDsAttack item of the batch after it, report-labels-five), held
back from training (``hand.HELD_BACK_FILES``) and out of the no-cue table's fit inputs."""

from __future__ import annotations

import json
from pathlib import Path

from civicspace.codebook import load_codebook
from civicspace.training.annotate import LONG_MIN_CHARS, long_report_candidates, mapped_vs_hand
from civicspace.training.datasets import load_examples
from civicspace.training.hand import (
    HELD_BACK_FILES,
    hand_label_folder,
    item_text,
    load_hand_labels,
    read_labels,
)

NAME = "report_labels_train"
FIRST, NEXT = 40, 10  # report-gold's batch; the next batch's first HRDsAttack items
REST, LAST = 15, 23  # report-labels-five: that batch's other HRDsAttack items; the third batch's


def _lines() -> list[dict[str, object]]:
    path = hand_label_folder() / f"{NAME}.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def test_report_labels_follow_the_schema_and_are_held_back() -> None:
    cb = load_codebook()
    lines = _lines()
    keys = {str(x["key"]) for x in lines}
    assert len(keys) == len(lines) == FIRST + NEXT + REST + LAST
    for x in lines:
        assert x["set"] in ("hrdsattack", "ml4p") and x["pass"] == 1
        assert x["is_incident"] in (True, False, "uncertain")
        assert set(x["violations"]) <= set(cb.ids("violations"))  # type: ignore[arg-type]
        assert set(x["targets"]) <= set(cb.ids("targets"))  # type: ignore[arg-type]
        assert len(str(x["evidence_act"])) <= 60 and len(str(x["evidence_target"])) <= 60
        if x["is_incident"] is True:
            assert x["violations"] and x["targets"] and x["evidence_act"], x["key"]
        elif x["is_incident"] is False:
            assert not x["violations"] and not x["targets"], x["key"]
    assert NAME in HELD_BACK_FILES and not keys & set(load_hand_labels())
    others = set()
    for path in hand_label_folder().glob("*.jsonl"):
        if not path.name.startswith(NAME):
            others |= {json.loads(y)["key"] for y in path.read_text("utf-8").splitlines()}
    assert not keys & others  # only reports no one had coded
    second = read_labels(hand_label_folder() / f"{NAME}.pass2.jsonl")
    assert len(second) == 10 and {h.key for h in second} <= keys
    assert {h.annotator_pass for h in second} == {2}


# label files coded after the rule's last batch: the rule skipped only the keys coded before it
LATER = ("ml4p_snippet_gold",)  # ml4p-gold


def test_report_labels_are_the_rule_s_long_training_reports(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in _lines()}
    others = set()
    for path in hand_label_folder().glob("*.jsonl"):
        if not path.name.startswith((NAME, *LATER)):
            others |= {json.loads(y)["key"] for y in path.read_text("utf-8").splitlines()}
    picked = long_report_candidates(shared_data, others)
    assert [e.id for e in picked] == list(lines)[:FIRST]  # the seeded rule gives these, in order
    done = others | {e.id for e in picked}
    following = [e for e in long_report_candidates(shared_data, done) if e.source == "hrdsattack"]
    picked += following[: NEXT + REST]
    assert len(following) == NEXT + REST  # the batch's HRDsAttack quota
    done |= {e.id for e in following}
    third = [e for e in long_report_candidates(shared_data, done) if e.source == "hrdsattack"]
    assert len(third) == LAST  # every long HRDsAttack training report left
    picked += third
    assert [e.id for e in picked] == list(lines)
    for e in picked:
        assert e.split == "train" and len(item_text(e)) > LONG_MIN_CHARS
    # held back: training keeps the mapped label; applied only when asked
    mapped = {e.id: e for e in load_examples(shared_data, ("hrdsattack", "ml4p")) if e.id in lines}
    asked = {
        e.id: e
        for e in load_examples(shared_data, ("hrdsattack", "ml4p"), held_back=())
        if e.id in lines
    }
    assert set(mapped) == set(asked) == set(lines)
    for key, x in lines.items():
        assert mapped[key].rule != "hand label" and asked[key].rule == "hand label", key
        want = x["is_incident"] if isinstance(x["is_incident"], bool) else None
        assert asked[key].is_incident == want, key


def test_the_mapping_against_the_report_labels(shared_data: Path) -> None:
    """The figure the README and docs/coder.md quote (``annotate mapped-vs-hand``)."""
    out = mapped_vs_hand(shared_data, hand_label_folder() / f"{NAME}.jsonl")
    assert out["items"] == FIRST + NEXT + REST + LAST
    assert out["incident"]["mapped yes / hand no"] == 30  # type: ignore[index]
    assert out["incident"]["mapped yes / hand yes"] == 33  # type: ignore[index]
    killing = out["labels"]["violations:killing"]  # type: ignore[index]
    assert killing == {"both": 4, "mapped_only": 29, "hand_only": 1}
    judicial = out["labels"]["violations:judicial_harassment"]  # type: ignore[index]
    assert judicial == {"both": 0, "mapped_only": 0, "hand_only": 21}
