"""``ml4p_snippet_gold.jsonl`` (ml4p-gold): ML4P **training** articles read in the held-out form
(``snippet_recall.snippet``: title and the first 216 characters of the body) and coded by the
codebook, a gold for choosing ML4P recall rules. Stratified over the shipped coder's decisions on
the snippets: mapped incidents it misses (120), mapped incidents it finds (60), mapped
non-incidents it flags or scores highest (40). Held back from training (``hand.HELD_BACK_FILES``)
and from the no-cue table's fit inputs; the hash is of the whole item (``hand.item_text``)."""

from __future__ import annotations

from pathlib import Path

from civicspace.training.hand import hand_label_folder, item_text, read_labels, text_hash
from civicspace.training.real_sets import load_ml4p
from civicspace.training.snippet_recall import snippet
from tests.support.hand_files import check_held_back_file, label_lines

NAME = "ml4p_snippet_gold"


def test_ml4p_snippet_gold_follows_the_schema_and_is_held_back() -> None:
    first = check_held_back_file(NAME, {True: 52, False: 150, None: 18})
    keys = {h.key for h in first}
    second = read_labels(hand_label_folder() / f"{NAME}.pass2.jsonl")
    assert len(second) == 30 and {h.key for h in second} <= keys
    assert {h.annotator_pass for h in second} == {2}


def test_ml4p_snippet_gold_matches_its_training_articles(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in label_lines(NAME) + label_lines(f"{NAME}.pass2")}
    found = {e.id: e for e in load_ml4p(shared_data, keep_all=True) if e.id in lines}
    assert set(found) == set(lines)
    for key, x in lines.items():
        e = found[key]
        assert e.split == "train", key
        assert text_hash(item_text(e)) == x["sha256"], key
        # the evidence was read in the held-out form: the title and the lede
        short = item_text(snippet(e))
        assert str(x["evidence_act"]) in short and str(x["evidence_target"]) in short, key
