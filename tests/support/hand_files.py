"""Checks shared by the tests of the held-back hand-label files (``hand.HELD_BACK_FILES``)."""

from __future__ import annotations

import json
from collections import Counter

from civicspace.codebook import load_codebook
from civicspace.training.hand import (
    HELD_BACK_FILES,
    HandLabel,
    hand_label_folder,
    load_hand_labels,
    read_labels,
)


def label_lines(name: str) -> list[dict[str, object]]:
    """The raw JSON lines of ``hand_labels/<name>.jsonl``."""
    path = hand_label_folder() / f"{name}.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def check_held_back_file(name: str, decisions: dict[bool | None, int]) -> list[HandLabel]:
    """A pass-1 ML4P file: its decisions counted, the codebook's labels, an incident with acts and
    targets (a non-incident none), evidence for every incident, held back from training, and only
    items no other file had coded. Returns its labels."""
    cb = load_codebook()
    first = read_labels(hand_label_folder() / f"{name}.jsonl")
    keys = {h.key for h in first}
    assert len(keys) == len(first) == sum(decisions.values())
    assert Counter(h.is_incident for h in first) == decisions
    assert {h.set for h in first} == {"ml4p"} and {h.annotator_pass for h in first} == {1}
    violations, targets = set(cb.ids("violations")), set(cb.ids("targets"))
    for h in first:
        assert h.note and set(h.violations) <= violations and set(h.targets) <= targets, h.key
        # an incident names its acts and targets; a non-incident none
        assert bool(h.violations and h.targets) == bool(h.is_incident) or h.is_incident is None
    assert all(x["evidence_act"] for x in label_lines(name) if x["is_incident"] is True)
    assert name in HELD_BACK_FILES and not keys & set(load_hand_labels())
    coded_before: set[str] = set()
    for path in hand_label_folder().glob("*.jsonl"):
        if not path.name.startswith(name):
            coded_before |= {h.key for h in read_labels(path)}
    assert not keys & coded_before  # only articles no one had coded
    return first
