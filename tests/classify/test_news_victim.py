"""Titled news that names no civic target anywhere (label_rules.uncued_titled, news-victim): a
titled incident whose acts are not exempt, with no strong civic target cue in its title and
whole body, needs a kept civic target label of ``uncued_titled_target_p``. Measured and not
adopted (off in ``DEFAULT``; docs/coder-journal.md, "Titled news: the victim in the act's sentence
(news-victim)")."""

from __future__ import annotations

from dataclasses import replace

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.evidence import document_sentences
from civicspace.classify.label_rules import DEFAULT, NONE, Decision, Rules, uncued_titled
from civicspace.classify.label_tables import UNCUED_TITLED_NOT_ADOPTED
from civicspace.classify.pairing import cue_sentences, names_civic_target
from civicspace.classify.schema import InputDoc, Label
from civicspace.training.target_gate import OFF, VARIANTS

ON = replace(DEFAULT, uncued_titled_target_p=UNCUED_TITLED_NOT_ADOPTED)


def _decision(acts: dict[str, float], targets: dict[str, float]) -> Decision:
    d = Decision()
    d.labels["violations"] = [Label(id=k, p=v) for k, v in acts.items()]
    d.labels["targets"] = [Label(id=k, p=v) for k, v in targets.items()]
    return d


def _gone(
    acts: dict[str, float],
    targets: dict[str, float],
    cue: bool = False,
    titled: bool = True,
    rules: Rules = ON,
) -> bool:
    return uncued_titled(_decision(acts, targets), cue, titled, rules)


CURFEW = {"arrest_detention": 0.75, "protest_disruption": 0.48}


def test_a_titled_incident_with_no_civic_cue_needs_a_sure_target_label() -> None:
    assert _gone(CURFEW, {})
    assert _gone(CURFEW, {"political_opposition": 0.79})
    assert not _gone(CURFEW, {"political_opposition": 0.8})
    assert _gone(CURFEW, {"general_public": 0.99})  # the population at large is no civic target


def test_a_civic_cue_anywhere_or_no_title_keeps_it() -> None:
    assert not _gone(CURFEW, {}, cue=True)
    assert not _gone(CURFEW, {}, titled=False)  # ACLED and Mass Mobilization notes


def test_general_measures_and_disappearances_are_exempt() -> None:
    assert not _gone({**CURFEW, "censorship": 0.9}, {})  # a shutdown (#KeepItOn)
    assert not _gone({"disappearance": 0.9}, {})  # HRDsAttack's kidnapping reports
    assert not _gone({}, {})


def test_off_as_shipped() -> None:
    assert DEFAULT.uncued_titled_target_p is None  # not adopted
    assert not _gone(CURFEW, {}, rules=DEFAULT)
    assert NONE.uncued_titled_target_p is None
    assert OFF.uncued_titled_target_p is None
    assert VARIANTS["uncued_titled_0.8"] == ON


def test_the_rule_enters_the_digest_only_when_on() -> None:
    assert ON.digest() != DEFAULT.digest()
    assert replace(DEFAULT, uncued_titled_target_p=0.7).digest() != ON.digest()


def test_the_coder_reads_the_whole_titled_document() -> None:
    coder = DefaultCoder()
    coder.label_rules = ON
    curfew = _decision(CURFEW, {})
    drug = InputDoc(id="a", title="Police arrest six", text="Police arrested six men on Monday.")
    assert coder._uncued_titled(drug, "en", curfew)
    named = InputDoc(id="b", title="Police arrest six", text="Six journalists were detained.")
    assert not coder._uncued_titled(named, "en", curfew)
    untitled = InputDoc(id="c", text="Police arrested six men on Monday.")
    assert not coder._uncued_titled(untitled, "en", curfew)
    coder.label_rules = DEFAULT
    assert not coder._uncued_titled(drug, "en", curfew)


def _names(title: str, text: str) -> bool:
    scored = cue_sentences(document_sentences(title, text), "en")
    return names_civic_target(scored, {"general_public"})


def test_a_civic_target_cue_is_read_in_any_sentence() -> None:
    drug = "Police arrested six men. The raid found drugs. They were charged on Monday."
    assert not _names("Police arrest six in drug investigation", drug)
    later = drug + " A journalist who covered the raid was also detained."
    assert _names("Police arrest six in drug investigation", later)
    assert _names("Journalist detained", "Police detained him on Monday.")
