"""More acts in the event's own words (mm-violations-three): phrases of ``senses.EVENT_PHRASES``
read for the acts of ``Rules.told_phrased``. A death tied to the state's handling of a protest,
the crowd-control weapons in forms the lexicon lacks and an arrest told as being taken away are
raised under ``DEFAULT``, not when the rule is off. Sentences written for the test."""

from __future__ import annotations

import dataclasses

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import TOLD_PHRASED
from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.senses import event_keys
from tests.support.coding import phrased_raised

KILLING = "violations:killing"
FORCE = "violations:excessive_force"
ARREST = "violations:arrest_detention"


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("Two villagers died when gendarmes charged the road block.", {KILLING}),
        ("A farmer was found dead after the troops cleared the square.", {KILLING}),
        ("At least four marchers died in the clashes on Friday.", {KILLING}),
        ("Nine people were killed during violent clashes downtown.", {KILLING}),
        ("The nurses were later tear gassed near the ministry.", {FORCE}),
        ("The pensioners were driven back with water cannons.", {FORCE}),
        ("Officers used pepper spray on the sit-in.", {FORCE}),
        ("Three organisers were hauled off in a van.", {ARREST}),
        ("The union's leader was taken into police custody at dawn.", {ARREST}),
        ("Two bloggers were picked up by plain-clothes agents.", {ARREST}),
    ],
)
def test_more_acts_told_in_the_events_own_words(text: str, acts: set[str]) -> None:
    low = lower_preserving(text)
    assert event_keys(low, "en") == acts
    assert acts <= set(TOLD_PHRASED)  # acts the coder raises


@pytest.mark.parametrize(
    "text",
    [
        "The singer died in hospital after a long illness.",  # no clash, no state force
        "Police said the man died when his car left the road.",  # the state not acting after
        "The wounded were taken away in ambulances.",  # taken away, but to hospital
        "Sixty people were killed in communal clashes over grazing land.",  # no state's hand
        "Their cameras taken away, the reporters left.",  # a thing taken away, no person
        "Farmers marched peacefully and no one was hurt.",
    ],
)
def test_no_more_act_where_the_words_do_not_tell_it(text: str) -> None:
    assert event_keys(lower_preserving(text), "en") == set()


def test_other_languages_have_no_more_phrases() -> None:
    low = lower_preserving("Two people died in the clashes with the police.")
    assert event_keys(low, "es") == set()


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def test_the_rule_raises_the_acts_anywhere_in_the_text(coder: DefaultCoder) -> None:
    lead = "Dock workers marched on the port authority over unpaid wages. " + "It rained. " * 40
    text = lead + "Later one docker died after riot police moved in, and two were hauled away."
    off = dataclasses.replace(DEFAULT, told_phrased={})
    assert phrased_raised(coder.model, text, DEFAULT, TOLD_PHRASED) == {KILLING, ARREST}
    assert phrased_raised(coder.model, text, off, TOLD_PHRASED) == set()
    assert DEFAULT.digest() != off.digest()
