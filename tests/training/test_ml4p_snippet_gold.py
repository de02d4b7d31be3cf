"""``ml4p_snippet_gold.jsonl`` (ml4p-gold): ML4P **training** articles read in the held-out form
(``snippet_recall.snippet``: title and the first 216 characters of the body) and coded by the
codebook, a gold for choosing ML4P recall rules. Stratified over the shipped coder's decisions on
the snippets: mapped incidents it misses (120), mapped incidents it finds (60), mapped
non-incidents it flags or scores highest (40). Held back from training (``hand.HELD_BACK_FILES``)
and from the no-cue table's fit inputs; the hash is of the whole item (``hand.item_text``)."""

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
from civicspace.training.snippet_recall import snippet

NAME = "ml4p_snippet_gold"


def _lines(name: str = NAME) -> list[dict[str, object]]:
    path = hand_label_folder() / f"{name}.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def test_ml4p_snippet_gold_follows_the_schema_and_is_held_back() -> None:
    cb = load_codebook()
    first = read_labels(hand_label_folder() / f"{NAME}.jsonl")
    keys = {h.key for h in first}
    assert len(keys) == len(first) == 220
    assert Counter(h.is_incident for h in first) == {True: 52, False: 150, None: 18}
    assert {h.set for h in first} == {"ml4p"} and {h.annotator_pass for h in first} == {1}
    violations, targets = set(cb.ids("violations")), set(cb.ids("targets"))
    for h in first:
        assert h.note and set(h.violations) <= violations and set(h.targets) <= targets, h.key
        # an incident names its acts and targets; a non-incident none
        assert bool(h.violations and h.targets) == bool(h.is_incident) or h.is_incident is None
    assert all(x["evidence_act"] for x in _lines() if x["is_incident"] is True)
    assert NAME in HELD_BACK_FILES and not keys & set(load_hand_labels())
    coded_before: set[str] = set()
    for path in hand_label_folder().glob("*.jsonl"):
        if not path.name.startswith(NAME):
            coded_before |= {h.key for h in read_labels(path)}
    assert not keys & coded_before  # only articles no one had coded
    second = read_labels(hand_label_folder() / f"{NAME}.pass2.jsonl")
    assert len(second) == 30 and {h.key for h in second} <= keys
    assert {h.annotator_pass for h in second} == {2}


def test_ml4p_snippet_gold_matches_its_training_articles(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in _lines() + _lines(f"{NAME}.pass2")}
    found = {e.id: e for e in load_ml4p(shared_data, keep_all=True) if e.id in lines}
    assert set(found) == set(lines)
    for key, x in lines.items():
        e = found[key]
        assert e.split == "train", key
        assert text_hash(item_text(e)) == x["sha256"], key
        # the evidence was read in the held-out form: the title and the lede
        short = item_text(snippet(e))
        assert str(x["evidence_act"]) in short and str(x["evidence_target"]) in short, key
