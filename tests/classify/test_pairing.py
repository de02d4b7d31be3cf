"""The pair judge: the act and the civic target, each with its verbatim sentence, and whether
the act was done to the target (classify/pairing.py, docs/coder.md#pairing)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.evidence import document_sentences
from civicspace.classify.pairing import (
    PairModel,
    candidates,
    cue_sentences,
    judge,
    load_pair_model,
)
from civicspace.classify.schema import (
    Coding,
    InputDoc,
    PairEnd,
    PairJudgement,
    verify_evidence,
    write_jsonl,
)


def _judge(text: str, title: str = "") -> PairJudgement:
    pair = judge(load_pair_model(), cue_sentences(document_sentences(title, text), "en"))
    assert pair is not None
    return pair


def _features(text: str) -> dict[str, float]:
    cands = candidates(cue_sentences(document_sentences("", text), "en"))
    assert cands
    return cands[0].features


def test_a_grievance_is_not_the_act_done_to_the_protesters() -> None:
    grievance = "Journalists protested against the arrest of a minister for corruption."
    f = _features(grievance)
    assert f["target_before"] and f["grievance_between"] and f["crime_motive"]
    done = _judge("Police arrested three journalists covering the protest in Nairobi.")
    assert done.act.id == "arrest_detention" and done.target and done.target.id == "journalists"
    assert _judge(grievance).p < 0.5 <= done.p


def test_a_call_for_an_arrest_is_not_an_arrest() -> None:
    call = "Protesters demanding the arrest of the police officers who shot a teenager marched."
    assert _features(call)["call_before_act"]
    force = "Police fired tear gas at protesters who marched to parliament."
    assert _judge(call).p < 0.5 <= _judge(force).p


def test_a_court_report_on_a_crime_is_not_judicial_harassment() -> None:
    crime = (
        "A man was sentenced to 20 years in prison for the murder of his neighbour, "
        "the High Court ruled on Monday."
    )
    pair = _judge(crime)
    assert pair.act.id == "judicial_harassment" and pair.target is None
    journalist = (
        "The court sentenced the journalist to five years in prison for criticising the president."
    )
    civic = _judge(journalist)
    assert civic.target is not None and civic.target.id == "journalists"
    assert pair.p < 0.5 <= civic.p


def test_passive_voice_puts_the_target_before_the_act() -> None:
    f = _features("Three journalists were arrested by police while covering the protest.")
    assert f["passive"] and f["target_before_passive"] and f["agent_after"]
    assert _judge("Three journalists were arrested by police while covering the protest.").p >= 0.5


def test_act_and_target_in_different_sentences_keep_their_own_evidence() -> None:
    title = "Reporter held in Kampala"
    text = (
        "Security agents arrested Moses Okello at his home on Friday night. "
        "Okello is an investigative journalist with the Daily Monitor newspaper."
    )
    pair = _judge(text, title)
    assert pair.act.id == "arrest_detention" and pair.target is not None
    for end in (pair.act, pair.target):
        source = title if end.field == "title" else text
        assert source[end.start : end.end] == end.quote


def test_the_coder_reports_the_pair_with_verified_offsets() -> None:
    doc = InputDoc(
        id="k",
        title="Kenyan police arrest journalists covering protest",
        text=(
            "Police in Nairobi, Kenya, arrested three journalists on Tuesday as they covered a "
            "protest by teachers. Officers fired tear gas to disperse the crowd."
        ),
        published=date(2024, 5, 9),
        lang="en",
    )
    c = DefaultCoder().code([doc])[0]
    assert c.is_incident
    assert c.pair is not None, "the expensive pass must judge the act and the target"
    assert c.pair.act.id in c.ids("violations")
    assert c.pair.target is not None and c.pair.target.id in c.ids("targets")
    assert c.pair.p >= 0.5
    for end in (c.pair.act, c.pair.target):
        source = doc.title if end.field == "title" else doc.text
        assert source is not None and source[end.start : end.end] == end.quote
    line = json.loads(c.model_dump_json())
    assert set(line["pair"]) == {"act", "target", "p"}
    assert set(line["pair"]["act"]) == {"id", "quote", "field", "start", "end"}


def test_non_incidents_carry_no_pair() -> None:
    doc = InputDoc(id="s", title="City beat United 3-1", text="City won the derby 3-1.", lang="en")
    c = DefaultCoder().code([doc])[0]
    assert not c.is_incident and c.pair is None


def test_verify_evidence_drops_a_pair_whose_act_is_not_in_the_text() -> None:
    doc = InputDoc(id="v", text="Police detained the activist in Harare on Monday.")
    real = PairEnd(id="arrest_detention", quote="Police detained the activist", start=0, end=28)
    moved = real.model_copy(update={"start": 5, "end": 33})  # right quote, wrong offsets
    fake = PairEnd(id="hrd", quote="an activist was beaten", start=0, end=22)
    coding = Coding(id="v", is_incident=True, score=0.9)
    kept = verify_evidence(
        coding.model_copy(update={"pair": PairJudgement(act=moved, target=fake, p=0.8)}), doc
    )
    assert kept.pair is not None and kept.pair.act == real and kept.pair.target is None
    dropped = verify_evidence(
        coding.model_copy(update={"pair": PairJudgement(act=fake, target=real, p=0.8)}), doc
    )
    assert dropped.pair is None


def test_the_model_round_trips_and_names_every_weight(tmp_path: Path) -> None:
    model = load_pair_model()
    assert {"grievance_between", "call_before_act", "crime_motive", "same_sentence"} <= set(
        model.weights
    )
    assert model.weights["grievance_between"] < 0 and model.weights["call_before_act"] < 0
    path = tmp_path / "pairing.json"
    path.write_text(model.to_json(), "utf-8")
    again = PairModel.from_json(path.read_text("utf-8"))
    assert again.weights == model.weights and again.digest() == model.digest()


def test_the_pair_judge_is_part_of_the_coder_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from civicspace.classify.backends import default

    model = default._load_model(None)
    before = default.coder_version(model)
    other = PairModel({"bias": 1.0})
    monkeypatch.setattr(default, "load_pair_model", lambda: other)
    assert default.coder_version(model) != before


def test_jsonl_output_carries_the_pair(tmp_path: Path) -> None:
    c = Coding(
        id="x",
        is_incident=True,
        score=0.9,
        pair=PairJudgement(
            act=PairEnd(id="arrest_detention", quote="arrested", start=0, end=8), p=0.7
        ),
    )
    out = tmp_path / "o.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        write_jsonl([c], fh)
    row = json.loads(out.read_text("utf-8"))
    assert row["pair"]["act"]["id"] == "arrest_detention" and row["pair"]["target"] is None


@pytest.mark.skipif(
    not (Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data")) / "hrdsattack").is_dir(),
    reason="../shared/data (CIVICSPACE_DATA_DIR) with hrdsattack/ is not here",
)
def test_training_bags_from_the_sets() -> None:
    from civicspace.training.pairing import make_bag
    from civicspace.training.real_sets import load_hrdsattack

    data = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    bags = []
    for ex in load_hrdsattack(data):
        bag = make_bag(ex, {})
        if bag is not None:
            bags.append(bag)
        if len(bags) >= 40:
            break
    assert any(b.is_incident for b in bags)
    for b in bags:
        for c in b.pairs:
            assert c.features["bias"] == 1.0 and c.act.text


def test_a_shutdown_needs_no_target() -> None:
    text = "Authorities shut down the internet in the region on Tuesday as students marched."
    cands = candidates(cue_sentences(document_sentences("", text), "en"))
    censorship = [c for c in cands if c.act_label == "censorship"]
    assert censorship and any(c.target is None for c in censorship)
    assert all(c.features["targetless_act"] for c in censorship)


def test_a_named_victim_beside_the_target_cue() -> None:
    text = "Police detained journalist Moses Okello at his home in Kampala on Friday."
    f = _features(text)
    assert f["target_named"] and f["same_sentence"] and f["target_after"]


def test_the_boost_keeps_a_near_miss_whose_pair_is_one_event() -> None:
    import numpy as np

    coder = DefaultCoder()
    boost = coder.pair_model.boost
    assert boost is not None and 0 < boost.score_from < 0.5 < boost.p_from <= 1
    docs = [
        InputDoc(id="1", text="Police arrested three journalists covering the protest.", lang="en"),
        InputDoc(
            id="2",
            text="A man was sentenced to 20 years in prison for the murder of his neighbour.",
            lang="en",
        ),
        InputDoc(id="3", text="Police arrested three journalists covering the protest.", lang="en"),
    ]
    prepared = coder.model.prepare([d.text for d in docs], [d.lang for d in docs])
    p = np.array([boost.score_from + 0.01, boost.score_from + 0.01, boost.score_from - 0.01])
    kept = np.zeros(3, dtype=bool)
    coder._boost(docs, prepared, p, kept)
    assert kept.tolist() == [True, False, False]
