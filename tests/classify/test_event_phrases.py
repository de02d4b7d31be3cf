"""Acts told in the event's own words (mm-violations): ``senses.event_keys`` and
``label_tables.TOLD_PHRASED``. A killing or a shooting told as a clause of the event ("fired on the
crowd, killing two") with no lexicon cue of the act is raised to the rule probability under
``DEFAULT``, not under ``NONE``."""

from __future__ import annotations

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, Rules
from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.senses import event_keys
from tests.support.coding import code_under, phrased_raised

KILLING = "violations:killing"
FORCE = "violations:excessive_force"


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("Police fired on the crowd, killing at least two people.", {KILLING, FORCE}),
        ("Security forces opened fire, killing him on the spot.", {KILLING}),
        ("A student died of gunshot wounds in hospital.", {KILLING}),
        ("The clashes brought the death toll to 12.", {KILLING}),
        ("A medical student was fatally shot on the campus.", {KILLING}),
        ("Soldiers fired into the crowd of marchers near the palace.", {FORCE}),
        ("Riot police beat the students with truncheons.", {FORCE}),
        ("Officers clubbed demonstrators outside parliament.", {FORCE}),
    ],
)
def test_acts_told_in_the_events_own_words(text: str, acts: set[str]) -> None:
    assert event_keys(lower_preserving(text), "en") == acts


@pytest.mark.parametrize(
    "text",
    [
        "Although police fired rubber bullets into the air, no one was killed.",
        "Students marched against the killing of a classmate last year.",
        "Rioters beat a shopkeeper and fired shots at a bus.",  # no state force on an assembly
        "The police said two protesters were arrested.",
    ],
)
def test_no_act_where_the_words_do_not_tell_it(text: str) -> None:
    assert event_keys(lower_preserving(text), "en") == set()


def test_other_languages_have_no_phrases() -> None:
    assert event_keys(lower_preserving("Police fired on the crowd, killing two."), "es") == set()


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def test_the_rule_raises_the_act_anywhere_in_the_text(coder: DefaultCoder) -> None:
    lead = "Teachers marched on the ministry over unpaid wages. " + "The route was long. " * 40
    text = lead + "Later the army fired on the crowd, killing three."
    assert phrased_raised(coder.model, text, DEFAULT) == {KILLING, FORCE}
    assert phrased_raised(coder.model, text, NONE) == set()
    assert DEFAULT.digest() != Rules(told_phrased={}).digest()


def test_a_protest_coded_with_the_rule(coder: DefaultCoder) -> None:
    text = (
        "Police used tear gas to disperse students marching in the capital against fee rises. "
        "One student died of gunshot wounds, doctors said."
    )
    on = code_under(coder, "", text, DEFAULT)
    off = code_under(coder, "", text, NONE)
    assert on.is_incident and off.is_incident
    assert "killing" in on.ids("violations")
    assert "killing" not in off.ids("violations")
