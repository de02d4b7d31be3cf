"""``hand_labels/rare_gold.jsonl``: held-out items read for the rare labels (docs/coder-journal.md,
"Rare labels: held-out gold from hand coding (rare-gold)"). They correct the dev gold only: every
item is of the held-out split, and none of them ever reaches training."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from civicspace.codebook import load_codebook
from civicspace.training.agreement import agreement
from civicspace.training.annotate import RARE_CUES, rare_cues
from civicspace.training.datasets import load_examples
from civicspace.training.devset import dev_gold
from civicspace.training.hand import hand_label_folder, read_labels

SETS = ("hrdsattack", "ml4p", "mass_mobilization", "acled", "ag_news", "bbc", "rss")


def _lines() -> list[dict[str, object]]:
    path = hand_label_folder() / "rare_gold.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def test_rare_gold_follows_the_schema() -> None:
    cb = load_codebook()
    lines = _lines()
    keys = [str(x["key"]) for x in lines]
    assert len(lines) >= 400 and len(set(keys)) == len(keys)
    others = set()
    for path in hand_label_folder().glob("*.jsonl"):
        if not path.name.startswith("rare_gold"):
            others |= {json.loads(x)["key"] for x in path.read_text("utf-8").splitlines()}
    assert not set(keys) & others  # only items no one had coded before
    for x in lines:
        assert x["set"] in SETS and x["pass"] == 1
        assert x["is_incident"] in (True, False, "uncertain")
        assert set(x["violations"]) <= set(cb.ids("violations"))  # type: ignore[arg-type]
        assert set(x["targets"]) <= set(cb.ids("targets"))  # type: ignore[arg-type]
        assert re.fullmatch(r"[0-9a-f]{16}", str(x["sha256"]))
        assert x["country"] is None or re.fullmatch(r"[A-Z]{2}", str(x["country"]))
        assert len(str(x["evidence_act"])) <= 60 and len(str(x["evidence_target"])) <= 60
        if x["is_incident"] is True:
            assert x["violations"] and x["targets"], x["key"]


def test_rare_gold_is_held_out_and_never_trained_on(shared_data: Path) -> None:
    lines = {str(x["key"]): x for x in _lines()}
    items = {e.id: e for e in load_examples(shared_data, SETS) if e.id in lines}
    # every label applies (no text changed under it) and names a held-out item
    assert set(items) == set(lines)
    assert {e.split for e in items.values()} == {"dev"}
    assert all(e.rule == "hand label" for e in items.values())
    # training reads the same loader and keeps the train split only (training/train.py)
    trained = {
        e.id for e in load_examples(shared_data, SETS, split="train") if e.is_incident is not None
    }
    assert not trained & set(lines)
    # and the dev gold carries the hand label, over the mapping's
    gold = {g["id"]: g for g in dev_gold(shared_data, ("hrdsattack", "ml4p"))}
    decided = [k for k, x in lines.items() if x["set"] in ("hrdsattack", "ml4p")]
    for key in decided:
        x = lines[key]
        if x["is_incident"] == "uncertain":
            assert key not in gold
        else:
            assert gold[key]["is_incident"] is x["is_incident"]
            if x["is_incident"]:
                assert sorted(gold[key]["violations"]) == sorted(x["violations"])  # type: ignore[arg-type]


def test_rare_gold_gives_the_rare_labels_support() -> None:
    """What the reading found, label by label (the figures docs/coder.md reports)."""
    found: Counter[str] = Counter()
    for x in _lines():
        if x["is_incident"] is True:
            found.update(x["violations"])  # type: ignore[arg-type]
            found.update(x["targets"])  # type: ignore[arg-type]
    assert found["censorship"] >= 50 and found["restrictive_law"] >= 20
    assert found["association_restriction"] >= 25 and found["positive"] >= 9
    assert found["smear_campaign"] >= 7 and found["surveillance"] >= 9
    assert found["lgbtiq"] >= 5 and found["lawyers"] >= 10


def test_the_second_pass_agrees_with_the_first() -> None:
    folder = hand_label_folder()
    first = {x.key: x for x in read_labels(folder / "rare_gold.jsonl")}
    second = {x.key: x for x in read_labels(folder / "rare_gold.pass2.jsonl")}
    assert len(second) == 30 and set(second) <= set(first)
    report = agreement(first, second)
    assert report["incident_kappa"] >= 0.8


def test_rare_cues_pick_items_to_read_not_labels() -> None:
    assert rare_cues("Police raided the offices of the union and froze its accounts.") == [
        "association_restriction"
    ]
    assert "positive" in rare_cues("The court acquitted the blogger.")
    assert rare_cues("Spyware was found on the reporter's phone.") == ["surveillance"]
    assert rare_cues("The weather was fine.") == []
    assert set(RARE_CUES) >= {"smear_campaign", "surveillance", "positive", "lgbtiq"}
