"""The pair judge's sentence selectors, trained on the sentences people quoted as the act's and
the target's (classify/pairing.py ``Selector``, training/pairing.py ``fit_selectors``;
docs/coder.md, Pairing from marked pairs)."""

from __future__ import annotations

from pathlib import Path

from civicspace.classify.evidence import document_sentences
from civicspace.classify.pairing import (
    PairModel,
    Selector,
    candidates,
    cue_sentences,
    judge,
    load_pair_model,
    sentence_features,
)
from civicspace.training.pairing import Bag, chosen_sentences, fit_selectors

TITLE = "Police arrest journalists in Nairobi"
TEXT = (
    "Police in Nairobi arrested three journalists on Tuesday as they covered a protest by "
    "teachers. Officers fired tear gas to disperse the crowd."
)


def _without_selectors(model: PairModel) -> PairModel:
    return PairModel(model.weights, model.threshold, None, model.boost)


def test_the_act_is_quoted_from_the_report_not_the_headline() -> None:
    """Annotators quote the sentence that reports the event (the lede), not the headline; the
    best pair alone quotes the headline, where both cues first occur."""
    scored = cue_sentences(document_sentences(TITLE, TEXT), "en")
    model = load_pair_model()
    assert model.select is not None, "the shipped judge has sentence selectors"
    old = judge(_without_selectors(model), scored)
    new = judge(model, scored)
    assert old is not None and new is not None
    assert old.act.field == "title"
    assert new.act.field == "text" and new.act.quote.startswith("Police in Nairobi arrested")
    assert new.target is not None and new.target.id == "journalists"
    assert new.act.id == old.act.id and new.p == old.p  # labels and score are the pair's


def test_selectors_round_trip_and_change_the_digest(tmp_path: Path) -> None:
    model = load_pair_model()
    path = tmp_path / "pairing.json"
    path.write_text(model.to_json(), "utf-8")
    again = PairModel.from_json(path.read_text("utf-8"))
    assert again.select == model.select and again.digest() == model.digest()
    assert _without_selectors(model).digest() != model.digest()


def _bag(title: str, text: str, act: str, target: str, split: str = "train") -> Bag:
    scored = cue_sentences(document_sentences(title, text), "en")
    return Bag(
        f"x:{hash(text)}", "hrdsattack", split, True, candidates(scored), act, target, scored
    )


def _documents(split: str) -> list[Bag]:
    """Reports whose title and lede hold the cues, and whose quoted act and target are the
    second sentence of the text (a made-up house style the selectors must learn)."""
    names = ["Ana Lopez", "Ben Okoro", "Chen Wei", "Dara Khan", "Eli Moss", "Fay Ruiz"]
    bags = []
    for name in names:
        text = (
            f"Journalists were arrested in the capital. Police detained {name} at dawn on "
            f"Friday. {name.split()[0]} is a journalist. The editor condemned it."
        )
        bags.append(
            _bag(
                "Journalists arrested",
                text,
                f"Police detained {name}",
                f"Police detained {name}",
                split,
            )
        )
    return bags


def test_fit_selectors_learns_the_quoted_sentences_from_training_bags_only() -> None:
    model = _without_selectors(load_pair_model())
    train = _documents("train")
    before = [chosen_sentences(model, b)[0].text for b in train]
    assert not any(t.startswith("Police detained") for t in before)
    select, counts = fit_selectors(model, train)
    assert counts["select_act_documents"] == len(train)
    trained = PairModel(model.weights, model.threshold, None, None, select)
    for bag in train:
        act, target = chosen_sentences(trained, bag)
        assert act.text.startswith("Police detained")
        assert target is not None and target.text.startswith("Police detained")
    # held-out bags (rare_gold's are all of the dev split) teach nothing
    empty, none = fit_selectors(model, _documents("dev"))
    assert none["select_act_documents"] == 0 and empty == Selector({}, {})


def test_target_features_say_where_the_act_is() -> None:
    scored = cue_sentences(document_sentences(TITLE, TEXT), "en")
    pair = candidates(scored)[0]
    f = sentence_features(scored, 2, pair, anchor=1)
    assert f["after_act"] == 1.0 and f["log_act_distance"] > 0
    assert sentence_features(scored, 1, pair, anchor=1)["is_act_sentence"] == 1.0
    assert "first_text" in sentence_features(scored, 1, pair)
