"""The training-side snippet set (civicspace.training.snippet_recall): the held-out form of a
report (title and 216 characters), its gold tier, and the cause of a miss."""

from __future__ import annotations

from civicspace.classify.schema import Coding
from civicspace.training.example import Example
from civicspace.training.snippet_recall import SNIPPET_CHARS, cause, snippet, snippet_gold

LONG = "Police arrested the editor of a weekly newspaper on Monday. " + "More words here. " * 40


def _ex(text: str, **kw: object) -> Example:
    return Example(id="ml4p:x:1", text=text, source="ml4p", group="g", split="train", **kw)  # type: ignore[arg-type]


def test_a_snippet_is_the_title_and_the_bodys_opening_cut_at_a_word() -> None:
    e = _ex(LONG, title="Editor arrested")
    s = snippet(e)
    assert s.title == "Editor arrested"
    assert len(s.text) <= SNIPPET_CHARS
    assert LONG.startswith(s.text)
    assert LONG[len(s.text)] == " "  # cut at a word boundary
    assert snippet(_ex("A short body.")).text == "A short body."


def test_the_gold_tier_trusts_hand_labels_and_pairs_inside_the_snippet() -> None:
    paired = _ex(LONG, title="Editor arrested", is_incident=True)
    assert snippet_gold(paired, snippet(paired)) == "mapped_pair"
    unpaired = _ex("Ministers met on Monday. " * 20, title="Talks", is_incident=True)
    assert snippet_gold(unpaired, snippet(unpaired)) == "mapped_no_pair"
    hand = _ex("Ministers met.", is_incident=True, rule="hand label")
    assert snippet_gold(hand, snippet(hand)) == "hand"
    negative = _ex("Ministers met.", is_incident=False)
    assert snippet_gold(negative, snippet(negative)) == "mapped_negative"


def test_a_miss_is_put_in_the_first_cause_that_fits() -> None:
    no = Coding(id="x", is_incident=False, score=0.1)
    yes = Coding(id="x", is_incident=True, score=0.6)
    paired = {"acts": ["violations:arrest_detention"], "targets": ["targets:hrd"], "paired": True}
    assert cause(no, yes, paired) == "target_gate"
    assert cause(no, no, paired) == "pair_scored_low"
    assert cause(no, no, {**paired, "paired": False}) == "act_without_target"
    assert cause(no, no, {**paired, "paired": False, "targets": []}) == "act_only"
    assert cause(no, no, {"acts": [], "targets": ["targets:hrd"], "paired": False}) == "target_only"
    assert cause(no, no, {"acts": [], "targets": [], "paired": False}) == "no_cue"
