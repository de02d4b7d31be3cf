"""``news_role_train.jsonl`` (news-precision): the ML4P **training** articles no hand file had
coded, which the mapping calls no incident or leaves undecided and the shipped coder flags, read
whole for the victim's role. A training-side check set for news precision rules, held back from
training (``hand.HELD_BACK_FILES``) and from the no-cue table's fit inputs."""

from __future__ import annotations

from pathlib import Path

from civicspace.training.hand import item_text, text_hash
from civicspace.training.real_sets import load_ml4p
from tests.support.hand_files import check_held_back_file, label_lines

NAME = "news_role_train"


def test_news_role_train_follows_the_schema_and_is_held_back() -> None:
    check_held_back_file(NAME, {True: 5, False: 10, None: 3})
    assert all(x["evidence_target"] for x in label_lines(NAME) if x["is_incident"] is True)


def test_news_role_train_matches_its_training_articles(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in label_lines(NAME)}
    found = {e.id: e for e in load_ml4p(shared_data, keep_all=True) if e.id in lines}
    assert set(found) == set(lines)
    for key, x in lines.items():
        e = found[key]
        # training side, and an article its mapping does not call an incident
        assert e.split == "train" and e.is_incident is not True, key
        text = item_text(e)
        assert text_hash(text) == x["sha256"], key
        assert str(x["evidence_act"]) in text and str(x["evidence_target"]) in text, key
