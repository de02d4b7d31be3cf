"""A per-head skip (retrain-three): ``smear_surv_train.jsonl`` trains the label heads but not the
incident heads, which read its items as if the file were held back (``hand.INCIDENT_HELD_BACK_FILES``);
``incident_oof`` reads the training split as the incident heads do."""

from __future__ import annotations

from pathlib import Path

from civicspace.training import incident_oof
from civicspace.training.example import Example
from civicspace.training.hand import (
    HELD_BACK_FILES,
    INCIDENT_HELD_BACK_FILES,
    hand_label_folder,
    read_labels,
)
from civicspace.training.train import incident_rows, train, training_split


def test_the_incident_heads_hold_back_smear_surv_and_every_held_back_file() -> None:
    assert HELD_BACK_FILES < INCIDENT_HELD_BACK_FILES
    assert {"smear_surv_train"} == INCIDENT_HELD_BACK_FILES - HELD_BACK_FILES
    for stem in INCIDENT_HELD_BACK_FILES:
        assert (hand_label_folder() / f"{stem}.jsonl").is_file(), stem
    assert train.__kwdefaults__["incident_held_back"] == INCIDENT_HELD_BACK_FILES
    assert incident_oof.incident_set.__defaults__ == (None, INCIDENT_HELD_BACK_FILES)


def _ex(key: str, text: str, incident: bool) -> Example:
    return Example(id=key, text=text, source="s", group="g", split="train", is_incident=incident)


def test_incident_rows_share_an_item_s_row_and_add_the_items_only_they_read() -> None:
    examples = [_ex("a", "one", True), _ex("b", "two", False), _ex("c", "three", True)]
    # "b" relabelled, "c" left out, "d" only the incident heads read
    incident = [_ex("a", "one", True), _ex("b", "two", True), _ex("d", "four", False)]
    rows, added = incident_rows(examples, incident)
    assert list(rows) == [0, 1, 3] and [e.id for e in added] == ["d"]
    rows, added = incident_rows(examples, examples)
    assert list(rows) == [0, 1, 2] and added == []
    # the same id with another text is another document
    rows, added = incident_rows(examples, [_ex("a", "changed", True)])
    assert list(rows) == [3] and len(added) == 1


def test_the_incident_view_reads_smear_surv_items_without_its_labels(shared_data: Path) -> None:
    sets = ("ag_news", "hrdsattack")
    keys = {
        x.key for x in read_labels(hand_label_folder() / "smear_surv_train.jsonl") if x.set in sets
    }
    labels_view = {e.id: e for e in training_split(shared_data, sets) if e.id in keys}
    incident_view = {
        e.id: e for e in training_split(shared_data, sets, INCIDENT_HELD_BACK_FILES) if e.id in keys
    }
    assert len(labels_view) >= 80
    assert all(e.rule == "hand label" for e in labels_view.values())
    # the mapping decides them again (or leaves them out); no other applied file labels these
    assert all(e.rule != "hand label" for e in incident_view.values())
    assert any(labels_view[k].is_incident != e.is_incident for k, e in incident_view.items())
