"""Long reports: an act the lead tells only as background (hrds-violations-two).
``senses.background_told_keys`` names the acts whose every cue in what the heads read lies in a
background sentence (``background_blanked``); ``Rules.report_lead_background`` leaves those acts
out in a report longer than ``Rules.report_chars``. Sentences written for the test."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE
from civicspace.classify.label_tables import REPORT_LEAD_BACKGROUND
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import BACKGROUND_PREFIX, REPORT_KEY
from civicspace.classify.senses import background_told_keys

GONE = "violations:disappearance"
EARLIER = "Three party activists were abducted by unidentified men earlier this year. "
NOW = "The spokesperson was detained on Friday. "
TODAY = "The activist was abducted on Monday. "


def _keys(text: str, lang: str = "en") -> set[str]:
    low = lower_preserving(text)
    found, hits = multilexicon().find(low, lang)
    return background_told_keys(low, hits, found)


def test_an_abduction_told_only_in_a_background_sentence_is_marked() -> None:
    assert GONE in _keys(NOW + EARLIER)
    assert GONE in _keys("Last month saw kidnappings of journalists. " + NOW)


def test_an_abduction_told_in_a_foreground_sentence_is_not() -> None:
    assert GONE not in _keys(NOW + TODAY)
    # one cue outside the background keeps the act
    assert GONE not in _keys(TODAY + EARLIER)
    # no background sentence at all
    assert _keys(TODAY) == set()


def test_other_languages_are_not_read() -> None:
    text = "Tres activistas fueron secuestrados el año pasado. Last year."
    assert _keys(text, "es") == set()


def test_the_key_leaves_the_act_out_in_a_long_report_only(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert frozenset({GONE}) == REPORT_LEAD_BACKGROUND
    g = names.index(GONE)
    strong = [{BACKGROUND_PREFIX + GONE: 1}, {BACKGROUND_PREFIX + GONE: 1}, {}]
    paired = [{REPORT_KEY: 1}, {}, {REPORT_KEY: 1}]
    for rules, moved in ((DEFAULT, True), (NONE, False)):
        p = np.full((3, len(names)), 0.8, np.float32)
        model.apply_cue_rules(p, strong, rules, paired)
        assert bool(p[0, g] == 0.0) is moved
        assert p[1, g] == np.float32(0.8)  # not a long report
        assert p[2, g] == np.float32(0.8)  # no background key
    assert replace(DEFAULT, report_lead_background=frozenset()).digest() != DEFAULT.digest()


def test_prepare_marks_the_background_act_in_the_lead(coder: DefaultCoder) -> None:
    model = coder.model
    strong = model.prepare([NOW + EARLIER, NOW + TODAY], ["en", "en"]).strong
    assert strong[0].get(BACKGROUND_PREFIX + GONE) == 1
    assert BACKGROUND_PREFIX + GONE not in strong[1]


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
