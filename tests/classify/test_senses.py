"""Protest labels, second pass (mm-labels): an act told only as what a protest is about, a
killing of protesters told past the lead, and the strong-cue rule (classify/senses.py,
label_tables.CAUSE_VETOED, TOLD_LATER_PAIRED, STRONG_CUE_THRESHOLDS).

The coder-level test codes its text with the rules off (``label_rules.NONE``) as well: the heads
alone give the killing the rule removes, so removing the rule fails the test.
"""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, LabelEvidence, Rules, decide
from civicspace.classify.label_tables import (
    CAUSE_VETOED,
    STRONG_CUE_NOT_ADOPTED,
    TOLD_LATER_PAIRED,
    TOLD_LATER_PAIRED_P,
)
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import SENSE_PREFIX, CoderModel
from civicspace.classify.senses import cause_keys
from tests.support.coding import code_under

KILLING = "violations:killing"


def _cause(text: str) -> set[str]:
    low = lower_preserving(text)
    _, hits = multilexicon().find(low, "en")
    return cause_keys(low, hits)


@pytest.mark.parametrize(
    "text",
    [
        "Demonstrators were protesting in the capital against the killing of two activists.",
        "Hawkers march to protest the alleged killing of a friend. Police fired tear gas.",
        "Students rallied to demand justice for the killing of a classmate; police dispersed them.",
        "Riots broke out in response to the killing of an opposition MP. Police intervened.",
    ],
)
def test_a_killing_told_as_the_protests_cause_is_a_cause(text: str) -> None:
    assert _cause(text) == {KILLING}


@pytest.mark.parametrize(
    "text",
    [
        "Police shot dead two protesters at a rally in Luanda.",
        # the cause and this event's own killing: the own cue is outside any cause phrase
        "Crowds protesting the killing of a student were fired on; police shot dead two of them.",
        # "following" / "after" tell this event's killings as often as an earlier one
        "Calm returned following the killing of three people in clashes with the police.",
        "Police dispersed the march with tear gas.",
    ],
)
def test_a_killing_of_this_event_is_no_cause(text: str) -> None:
    assert _cause(text) == set()


def test_the_cause_key_vetoes_the_killing_under_the_rules(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    j = names.index(KILLING)
    assert KILLING in CAUSE_VETOED
    for rules, kept in ((DEFAULT, False), (NONE, True)):
        p = np.full((1, len(names)), 0.7, np.float32)
        model.apply_cue_rules(p, [{SENSE_PREFIX + KILLING: 1}], rules, None)
        assert bool(p[0, j] == np.float32(0.7)) is kept


def test_a_protest_against_a_killing_is_not_coded_a_killing(coder: DefaultCoder) -> None:
    title = "Protest in Luanda"
    text = (
        "Angolan police fired tear gas on Saturday at hundreds of demonstrators who were "
        "protesting in the capital against the killing of two young opposition activists."
    )
    assert "killing" in code_under(coder, title, text, NONE).ids("violations")  # the heads alone
    coded = code_under(coder, title, text, DEFAULT)
    assert coded.is_incident
    assert "killing" not in coded.ids("violations")
    assert "excessive_force" in coded.ids("violations")


def test_a_label_without_its_strong_cue_needs_the_strong_cue_threshold() -> None:
    names = ["violations:protest_disruption", "targets:trade_unionists", "freedoms:expression"]
    name = "targets:trade_unionists"
    rules = Rules(strong_cue=dict(STRONG_CUE_NOT_ADOPTED))
    t = STRONG_CUE_NOT_ADOPTED[name]
    thr = np.full(len(names), 0.3, np.float32)

    def targets(p: float, strong: set[str], r: Rules) -> set[str]:
        probs = np.array([0.9, p, 0.9], np.float32)
        ev = LabelEvidence(frozenset({name}), frozenset(strong))  # a weak cue ("workers")
        return {lab.id for lab in decide(names, probs, thr, ev, r).labels["targets"]}

    assert targets(t - 0.05, set(), rules) == set()
    assert targets(t - 0.05, {name}, rules) == {"trade_unionists"}
    assert targets(t + 0.05, set(), rules) == {"trade_unionists"}
    assert targets(t - 0.05, set(), DEFAULT) == {"trade_unionists"}  # not adopted
    assert rules.digest() != DEFAULT.digest()


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def _raised_killing(model: CoderModel, text: str, rules: Rules) -> bool:
    names = list(model.labels.names)
    j = names.index(KILLING)
    paired = model.paired_rule_keys([text], ["en"], rules)
    p = np.full((1, len(names)), 0.05, np.float32)
    model.apply_cue_rules(p, [{}], rules, paired)
    return bool(p[0, j] == np.float32(TOLD_LATER_PAIRED_P))


def test_a_killing_of_protesters_told_past_the_lead_is_raised(coder: DefaultCoder) -> None:
    lead = "Nurses marched on the ministry over pay. " + "The route was long. " * 40
    shot = lead + "Late in the evening police shot dead two protesters near the ministry."
    assert _raised_killing(coder.model, shot, DEFAULT)
    assert not _raised_killing(coder.model, shot, NONE)
    # the partner is the protesters, not any target or the police (#KeepItOn's templated reports)
    assert TOLD_LATER_PAIRED[KILLING] == ("targets:protesters",)
    other = lead + "Gunmen killed two journalists in the north on the same day."
    assert not _raised_killing(coder.model, other, DEFAULT)
    # a killing told only as the protest's cause is not raised
    cause = lead + "The protesters marched against the killing of a colleague last week."
    assert not _raised_killing(coder.model, cause, DEFAULT)
