"""``news_role_train.jsonl`` (news-precision): the ML4P **training** articles no hand file had
coded, which the mapping calls no incident or leaves undecided and the shipped coder flags, read
whole for the victim's role. A training-side check set for news precision rules, held back from
training (``hand.HELD_BACK_FILES``) and from the no-cue table's fit inputs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from civicspace.codebook import load_codebook
from civicspace.training.hand import (
    HELD_BACK_FILES,
    hand_label_folder,
    item_text,
    load_hand_labels,
    read_labels,
    text_hash,
)
from civicspace.training.real_sets import load_ml4p

NAME = "news_role_train"


def _lines() -> list[dict[str, object]]:
    path = hand_label_folder() / f"{NAME}.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def test_news_role_train_follows_the_schema_and_is_held_back() -> None:
    cb = load_codebook()
    labels = read_labels(hand_label_folder() / f"{NAME}.jsonl")
    keys = {h.key for h in labels}
    assert len(keys) == len(labels) == 18
    assert Counter(h.is_incident for h in labels) == {True: 5, False: 10, None: 3}
    assert {h.set for h in labels} == {"ml4p"} and {h.annotator_pass for h in labels} == {1}
    violations, targets = set(cb.ids("violations")), set(cb.ids("targets"))
    for h in labels:
        assert h.note and set(h.violations) <= violations and set(h.targets) <= targets, h.key
        assert bool(h.violations and h.targets) == bool(h.is_incident) or h.is_incident is None
    assert all(
        x["evidence_act"] and x["evidence_target"] for x in _lines() if x["is_incident"] is True
    )
    # held back: not applied to training, and only articles no other file had coded
    assert NAME in HELD_BACK_FILES and not keys & set(load_hand_labels())
    others: set[str] = set()
    for path in hand_label_folder().glob("*.jsonl"):
        if not path.name.startswith(NAME):
            others |= {h.key for h in read_labels(path)}
    assert not keys & others


def test_news_role_train_matches_its_training_articles(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in _lines()}
    found = {e.id: e for e in load_ml4p(shared_data, keep_all=True) if e.id in lines}
    assert set(found) == set(lines)
    for key, x in lines.items():
        e = found[key]
        # training side, and an article its mapping does not call an incident
        assert e.split == "train" and e.is_incident is not True, key
        text = item_text(e)
        assert text_hash(text) == x["sha256"], key
        assert str(x["evidence_act"]) in text and str(x["evidence_target"]) in text, key
