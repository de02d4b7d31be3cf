"""report-labels-four: ``senses.REPORT_PHRASES``' "went on trial" (a long report's charge told in
its own words), and ``label_tables.REPORT_TOLD_NEEDS_LEAD`` (measured, empty in the coder): in a
text longer than ``REPORT_CHARS`` an act of it is raised by ``TOLD_LATER`` only where what the
heads read holds a strong cue of it or of ``REPORT_TOLD_LEAD_UNLESS`` (the protesters)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, Rules
from civicspace.classify.label_tables import REPORT_CHARS, REPORT_TOLD_NEEDS_LEAD, TOLD_LATER
from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.model import CoderModel
from civicspace.classify.senses import report_keys

ARREST = "violations:arrest_detention"
JUDICIAL = "violations:judicial_harassment"
ON = replace(DEFAULT, report_told_needs_lead=frozenset({ARREST}))
FILLER = "The report goes on about the country. " * (REPORT_CHARS // 38 + 1)
LATE = "Police arrested two journalists in another city last week."


def test_went_on_trial_is_a_charge_told_in_the_reports_words() -> None:
    low = lower_preserving("Chinese journalist Zhang went on trial on Wednesday for his tweets.")
    assert report_keys(low, "en", {JUDICIAL: [low.index("journalist")]}) == {JUDICIAL}
    low = lower_preserving("The trial went on for three days.")
    assert report_keys(low, "en", {JUDICIAL: None}) == set()


def told_arrest(model: CoderModel, text: str, lead: dict[str, int], rules: Rules) -> bool:
    """Whether the whole-text rules raise the arrest to its ``TOLD_LATER`` probability in an
    English ``text`` whose heads read the strong cues ``lead`` (every head at 0.05)."""
    names = list(model.labels.names)
    paired = model.paired_rule_keys([text], ["en"], rules)
    p = np.full((1, len(names)), 0.05, np.float32)
    model.apply_cue_rules(p, [lead], rules, paired)
    return bool(p[0, names.index(ARREST)] == np.float32(TOLD_LATER[ARREST]))


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def test_measured_not_adopted() -> None:
    assert not REPORT_TOLD_NEEDS_LEAD
    assert ON.digest() != DEFAULT.digest()


def test_a_long_reports_arrest_needs_its_lead_when_on(coder: DefaultCoder) -> None:
    text = "A lawyer wrote about the courts. " + FILLER + LATE
    assert len(text) > REPORT_CHARS
    assert told_arrest(coder.model, text, {}, DEFAULT)
    assert not told_arrest(coder.model, text, {}, ON)
    assert told_arrest(coder.model, text, {ARREST: 1}, ON)  # the lead tells an arrest
    assert told_arrest(coder.model, text, {"targets:protesters": 1}, ON)  # a protest's report


def test_a_short_text_is_coded_as_before(coder: DefaultCoder) -> None:
    text = "A lawyer wrote about the courts. " + LATE
    assert told_arrest(coder.model, text, {}, ON)
