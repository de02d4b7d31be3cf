"""Targets named in another sense (target-sources): a target cue that names the source of the
report ("journalists were told", "an AFP correspondent said") or a sense that names no target
("advocated", "an advocate of reform") does not give the label (classify/senses.py
``other_sense_keys``, label_tables.OTHER_SENSE_VETOED)."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, Rules
from civicspace.classify.label_tables import OTHER_SENSE_VETOED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import OTHER_PREFIX
from civicspace.classify.senses import OTHER_SENSES_NOT_ADOPTED, compile_senses, other_sense_keys

JOURNALISTS = "targets:journalists"
LAWYERS = "targets:lawyers"


def _other(text: str, phrases: dict | None = None) -> set[str]:  # type: ignore[type-arg]
    low = lower_preserving(text)
    lang, hits = multilexicon().find(low, "en")
    return other_sense_keys(low, hits, lang, None if phrases is None else compile_senses(phrases))


@pytest.mark.parametrize(
    "text",
    [
        "Police dispersed the march with tear gas, journalists were told by a police spokesman.",
        "Police fired tear gas at the crowd, an AFP correspondent in Dakar said.",
        "According to local journalists, police arrested 20 protesters.",
        "Police detained 40 students, quoted by the state news agency.",
        "Text of report by Azerbaijani news agency Turan: police detained 30 opposition members.",
        "Police beat protesters near the party's headquarters, the press service of the party said.",
    ],
)
def test_a_journalist_named_only_as_the_source_is_no_target(text: str) -> None:
    assert JOURNALISTS in _other(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police beat three journalists covering the protest.",
        # the source and a victim: the victim's cue is outside every source phrase
        "Police beat two reporters at the rally, an AFP correspondent said.",
        "A journalist was arrested in Dakar.",
    ],
)
def test_a_journalist_the_act_was_done_to_stays(text: str) -> None:
    assert JOURNALISTS not in _other(text)


def test_a_lawyers_cue_in_another_sense_is_no_lawyer() -> None:
    assert LAWYERS in _other("Police arrested a leading advocate of a federal system.")
    assert LAWYERS in _other("Protesters who advocated reform were detained.")
    assert LAWYERS not in _other("Police arrested two lawyers who advocated reform.")


def test_a_strike_that_is_no_unions_names_no_unionist() -> None:
    """mm-targets-two: students' strikes and hunger strikes (the weak cue "strike")."""
    unionists = "targets:trade_unionists"
    assert unionists in _other("Students went on strike against the new fees; police arrested 20.")
    assert unionists in _other("Police broke up a student strike at the university.")
    assert unionists in _other("Detained activists began a hunger strike.")
    assert unionists not in _other("Students joined the workers' strike; police arrested 20.")
    assert unionists not in _other("Police dispersed striking teachers and students.")
    assert unionists not in _other("Students marched on the first day of the general strike.")


def test_the_measured_and_not_adopted_phrases_are_not_used() -> None:
    text = "Police arrested 20 students, the opposition leader told reporters."
    assert JOURNALISTS not in _other(text)
    assert JOURNALISTS in _other(text, OTHER_SENSES_NOT_ADOPTED)


def test_the_key_vetoes_the_target_under_the_rules(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert {JOURNALISTS, LAWYERS, "targets:trade_unionists"} <= OTHER_SENSE_VETOED
    for name in (JOURNALISTS, LAWYERS, "targets:trade_unionists"):
        j = names.index(name)
        for rules, kept in ((DEFAULT, False), (NONE, True)):
            p = np.full((1, len(names)), 0.7, np.float32)
            model.apply_cue_rules(p, [{OTHER_PREFIX + name: 1}], rules, None)
            assert bool(p[0, j] == np.float32(0.7)) is kept
    assert Rules(other_sense_vetoed=frozenset()).digest() != DEFAULT.digest()


def test_prepare_marks_the_source_sense(coder: DefaultCoder) -> None:
    model = coder.model
    text = "Police fired tear gas at protesters in Dakar, an AFP correspondent said."
    beaten = "Police beat two reporters at the rally in Dakar, an AFP correspondent said."
    strong = model.prepare([text, beaten], ["en", "en"]).strong
    assert strong[0].get(OTHER_PREFIX + JOURNALISTS) == 1
    assert OTHER_PREFIX + JOURNALISTS not in strong[1]


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
