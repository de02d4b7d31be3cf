"""The target gate (label_tables.TARGET_GATED): ordinary crime and courts are no incident.

An arrest, a charge, a trial or a sentence is an incident only when done to a civic target
(codebook; annotation guide, 2: "a court report on an ordinary crime … is not judicial
harassment and not an incident", "arrest of criminal suspects … not an incident"). Each text
below is also coded with the gate off, so that removing the gate fails the test.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, LabelEvidence, Rules, decide
from civicspace.classify.label_tables import TARGET_GATED
from civicspace.classify.schema import Coding, InputDoc
from civicspace.training.target_gate import CRIME, OFF

NAMES = [
    "violations:arrest_detention",
    "violations:judicial_harassment",
    "violations:killing",
    "targets:journalists",
    "targets:general_public",
    "freedoms:expression",
    "gendered",
]
GATE_OFF = OFF  # the gate off: both passes


def _incident(
    probs: dict[str, float],
    cues: set[str],
    rules: Rules = DEFAULT,
    strong: set[str] | None = None,
    told: LabelEvidence | None = None,
) -> bool:
    p = np.array([probs.get(n, 0.05) for n in NAMES], dtype=np.float32)
    thr = np.full(len(NAMES), 0.4, dtype=np.float32)
    evidence = LabelEvidence(frozenset(cues), frozenset(cues if strong is None else strong))
    return decide(NAMES, p, thr, evidence, rules, told).incident


def test_an_arrest_or_a_trial_without_a_civic_target_is_no_incident() -> None:
    acts = {"violations:arrest_detention": 0.9, "violations:judicial_harassment": 0.8}
    assert not _incident(acts, {"violations:arrest_detention"})
    assert _incident(acts, {"violations:arrest_detention"}, NONE)
    assert _incident(acts, {"violations:arrest_detention"}, GATE_OFF)


def test_a_target_label_or_a_target_cue_is_evidence() -> None:
    acts = {"violations:judicial_harassment": 0.9}
    # a kept target label (with no cue of its own, above the no-cue threshold: journalists 0.9)
    assert _incident({**acts, "targets:journalists": 0.95}, set())
    assert _incident(acts, {"targets:journalists"})  # a target cue the heads read
    # the population at large is no civic target for an arrest or a trial
    assert not _incident({**acts, "targets:general_public": 0.9}, {"targets:general_public"})


def test_violence_is_gated_only_when_told_as_crime_or_war() -> None:
    assert "killing" not in TARGET_GATED
    acts = {"violations:killing": 0.9, "violations:arrest_detention": 0.8}
    # no cue of crime, courts or war: not gated by this pass (the cue-less target, news-gate,
    # is tested in test_news_gate.py)
    assert _incident(acts, set(), CRIME)
    crime = {"context:crime", "violations:killing"}
    assert not _incident(acts, crime)
    assert _incident(acts, crime, GATE_OFF)
    assert not _incident(acts, {"perpetrators:non_state_armed"})  # war: gunmen, militants
    # a strong target cue, or a kept target label of at least VIOLENCE_TARGET_P, is evidence
    assert _incident(acts, crime | {"targets:journalists"})
    assert not _incident(acts, crime | {"targets:journalists"}, strong=crime)  # a weak cue
    assert _incident({**acts, "targets:journalists": 0.95}, crime)
    assert not _incident({**acts, "targets:journalists": 0.6}, crime)
    assert not _incident({**acts, "targets:general_public": 0.9}, crime)


def test_violence_reads_the_telling_windows_target_cues() -> None:
    acts = {"violations:killing": 0.9}
    crime = {"context:crime"}
    told = LabelEvidence(frozenset({"targets:journalists"}), frozenset({"targets:journalists"}))
    assert not _incident(acts, crime)
    assert _incident(acts, crime, told=told)  # the telling window names the victim's role
    assert not _incident(acts, crime, replace(DEFAULT, gate_reads_window=False), told=told)
    # the context is read where the heads read, not in the window
    assert _incident(acts, set(), CRIME, told=LabelEvidence(frozenset(crime), frozenset(crime)))
    # arrests and trials read what the heads read alone (the first pass)
    trial = {"violations:judicial_harassment": 0.9}
    assert not _incident(trial, set(), told=told)
    assert LabelEvidence(frozenset({"a"})) | told == LabelEvidence(
        frozenset({"a", "targets:journalists"}), frozenset({"targets:journalists"})
    )


def test_the_gate_is_part_of_the_rules_digest() -> None:
    assert DEFAULT.digest() != GATE_OFF.digest()
    assert DEFAULT.digest() != replace(DEFAULT, not_civic=frozenset()).digest()
    assert DEFAULT.digest() != replace(DEFAULT, violence_target_p=0.8).digest()
    assert DEFAULT.digest() != replace(DEFAULT, gate_reads_window=False).digest()


@pytest.fixture(scope="module")
def coders() -> dict[str, DefaultCoder]:
    """The default coder with the gate (``on``) and without it (``off``)."""
    off = DefaultCoder()
    off.label_rules = GATE_OFF
    return {"on": DefaultCoder(), "off": off}


def _code(coders: dict[str, DefaultCoder], which: str, title: str, text: str) -> Coding:
    return coders[which].code([InputDoc(id="t", title=title, text=text)])[0]


ORDINARY = [
    (
        "Murder trial opens",
        "The trial of a man accused of murdering his wife opened on Monday at the High Court. "
        "Police arrested the suspect at his home in 2023 and he has been held in custody since.",
    ),
    (
        "Police detain suspected fraudsters",
        "Police in Lagos have arrested 15 suspected internet fraudsters, the police spokesman "
        "said. The suspects were detained and will be charged to court.",
    ),
    (
        "Man arrested for raping teenager",
        "Police have arrested a 40-year-old man for allegedly raping a teenage girl, the state "
        "police command said. The suspect is in custody and will be charged to court.",
    ),
]


KILLED_FOR_WHO_THEY_ARE = [
    (
        "Journalist shot dead by gunmen",
        "Unknown gunmen shot dead a journalist outside his home on Monday, police said. The "
        "reporter had written about corruption in the local government.",
    ),
    (
        "Police kill two protesters",
        "Police opened fire on protesters in the capital on Tuesday, killing two demonstrators, "
        "witnesses said. Soldiers were deployed to the streets after the protest.",
    ),
]


@pytest.mark.parametrize(("title", "text"), KILLED_FOR_WHO_THEY_ARE)
def test_killings_of_civic_targets_stay_incidents(
    coders: dict[str, DefaultCoder], title: str, text: str
) -> None:
    assert _code(coders, "on", title, text).is_incident


@pytest.mark.parametrize(("title", "text"), ORDINARY)
def test_ordinary_crime_news_is_no_incident(
    coders: dict[str, DefaultCoder], title: str, text: str
) -> None:
    off = _code(coders, "off", title, text)
    assert off.is_incident  # the heads alone call it one, with acts ordinary justice performs
    assert set(off.ids("violations")) <= TARGET_GATED
    on = _code(coders, "on", title, text)
    assert not on.is_incident
    assert on.violations == [] and on.targets == [] and on.pair is None


CIVIC = [
    (
        "Journalist jailed for five years over reports on army",
        "A court sentenced a journalist to five years in prison on Thursday over reports "
        "criticising the army, his lawyer said.",
        "journalists",
    ),
    (
        "Activist arrested",
        "Police arrested the activist on Tuesday and held him in custody, his family said.",
        "hrd",
    ),
]


@pytest.mark.parametrize(("title", "text", "target"), CIVIC)
def test_a_journalists_trial_and_an_activists_arrest_stay_incidents(
    coders: dict[str, DefaultCoder], title: str, text: str, target: str
) -> None:
    coded = _code(coders, "on", title, text)
    assert coded.is_incident
    assert set(coded.ids("violations")) <= TARGET_GATED  # what the gate reads
    assert target in coded.ids("targets")


def test_incident_errors_lists_each_wrong_decision_by_kind() -> None:
    from civicspace.classify.schema import Label
    from civicspace.training.example import Example
    from civicspace.training.target_gate import incident_errors

    def ex(i: str, gold: bool) -> Example:
        return Example(
            id=i,
            text=f"text {i}",
            source="s",
            group="g",
            split="train",
            is_incident=gold,
            violations=("arrest_detention",) if gold else (),
        )

    examples = [ex("tp", True), ex("fn", True), ex("fp", False), ex("tn", False)]
    arrest = [Label(id="arrest_detention", p=0.9)]
    codings = [
        Coding(id="tp", is_incident=True, score=0.9, violations=arrest),
        Coding(id="fn", is_incident=False, score=0.2),
        Coding(id="fp", is_incident=True, score=0.7, violations=arrest),
        Coding(id="tn", is_incident=False, score=0.1),
    ]
    out = incident_errors(examples, codings)
    assert [e["id"] for e in out["false_positives"]] == ["fp"]
    assert [e["id"] for e in out["false_negatives"]] == ["fn"]
    assert out["false_positives"][0]["violations"] == ["arrest_detention"]
    assert out["false_negatives"][0]["gold_violations"] == ["arrest_detention"]
    assert out["precision"] == 0.5 and out["recall"] == 0.5


def test_told_at_is_where_an_act_meets_a_civic_target() -> None:
    from civicspace.training.example import Example
    from civicspace.training.target_gate import told_at

    def ex(title: str, text: str) -> Example:
        return Example(id="x", text=text, title=title, source="s", group="g", split="train")

    late = "Markets were calm on Monday. " * 30
    told = "Police arrested two journalists at the scene."
    assert told_at(ex("Markets calm", late + told)) == len(late)
    assert told_at(ex("Police arrest journalists", late)) == -1  # the title
    assert told_at(ex("Markets calm", late + "Police arrested two men.")) is None  # no target
