"""Long reports' charges and threats told past the lead (report-labels-three):
``senses.report_keys`` and ``label_tables.REPORT_PHRASED`` / ``REPORT_PAIRED``. In a text longer
than ``REPORT_PHRASED_CHARS`` a charge told in the report's words or with a court cue, beside a
civic victim in the first 3,000 characters (1,500 before report-labels-five), raises judicial
harassment; a threat told in its
words in a foreground sentence anywhere raises threats and intimidation; a shorter text is coded
as before, and with the rule off nothing is raised."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import (
    PAIRED_CUE_P,
    REPORT_JUDICIAL_READ,
    REPORT_PHRASED,
    REPORT_PHRASED_CHARS,
)
from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.model import TOLD_PREFIX, CoderModel
from civicspace.classify.senses import report_keys

JUDICIAL = "violations:judicial_harassment"
THREATS = "violations:threats_intimidation"
OFF = replace(DEFAULT, report_phrased={}, report_paired=frozenset())
LEAD = "The government has tightened its grip on the press this year, observers say. "
FILLER = "The report goes on about the economy of the country. " * (REPORT_PHRASED_CHARS // 50 + 1)


@pytest.fixture(scope="module")
def model() -> CoderModel:
    return CoderModel.load()


def raised(model: CoderModel, text: str, rules: object = DEFAULT) -> set[str]:
    """The acts of ``REPORT_PHRASED`` the whole-text rules raise to their probability in an English
    ``text`` (every head at 0.05, no cue in the lead)."""
    names = list(model.labels.names)
    paired = model.paired_rule_keys([text], ["en"], rules)  # type: ignore[arg-type]
    p = np.full((1, len(names)), 0.05, np.float32)
    model.apply_cue_rules(p, [{}], rules, paired)  # type: ignore[arg-type]
    return {n for n in REPORT_PHRASED if p[0, names.index(n)] == np.float32(PAIRED_CUE_P)}


def test_phrases_need_their_victim_in_the_sentence_only_when_asked() -> None:
    low = lower_preserving("The editor has been charged. A journalist spoke to us.")
    assert report_keys(low, "en", {JUDICIAL: None}) == {JUDICIAL}
    assert report_keys(low, "en", {JUDICIAL: [low.index("journalist")]}) == set()
    assert report_keys(low, "en", {JUDICIAL: [low.index("editor")]}) == {JUDICIAL}
    threat = lower_preserving("She has received death threats from gangs.")
    assert report_keys(threat, "en", {THREATS: None}) == {THREATS}
    assert report_keys(threat, "es", {THREATS: None}) == set()  # English only


def test_a_charge_beside_a_civic_victim_in_the_second_paragraph(model: CoderModel) -> None:
    text = LEAD * 8 + "The journalist faces up to ten years in prison. " + FILLER
    assert 600 < text.index("faces up to") < 1500 < REPORT_PHRASED_CHARS < len(text)
    assert raised(model, text) == {JUDICIAL}
    assert TOLD_PREFIX + JUDICIAL in model.paired_rule_keys([text], ["en"], DEFAULT)[0]
    assert raised(model, text, OFF) == set()
    # a court cue of the lexicon beside the victim (``REPORT_PAIRED``)
    paired = LEAD * 8 + "The activist was sentenced to two years. " + FILLER
    assert raised(model, paired) == {JUDICIAL}


def test_a_charge_in_the_third_paragraph(model: CoderModel) -> None:
    """report-labels-five: the subject's charge told between 1,500 and 3,000 characters."""
    text = LEAD * 24 + "They have been charged, the journalist's colleagues said. " + FILLER
    assert 1500 < text.index("They have been") < REPORT_JUDICIAL_READ == 3000 < len(text)
    assert raised(model, text) == {JUDICIAL}
    early = replace(
        DEFAULT, report_phrased_read={**DEFAULT.report_phrased_read, JUDICIAL: (1500, False)}
    )
    assert raised(model, text, early) == set()  # as read before
    assert DEFAULT.digest() != early.digest()


def test_a_charge_told_late_or_without_a_civic_victim_is_not_raised(model: CoderModel) -> None:
    late = LEAD * 8 + FILLER + "The journalist faces up to ten years in prison."
    assert late.index("faces up to") > REPORT_JUDICIAL_READ
    assert raised(model, late) == set()  # past the first 3,000 characters
    other = LEAD * 8 + "The businessman faces up to ten years in prison. " + FILLER
    assert raised(model, other) == set()


def test_a_threat_is_raised_from_a_foreground_sentence_anywhere(model: CoderModel) -> None:
    text = "In 2020 the mayor kept working. " + FILLER + "She has received death threats."
    assert raised(model, text) == {THREATS}
    old = "In 2020 the mayor kept working. " + FILLER + "In 2011 she received death threats."
    assert raised(model, old) == set()  # a year well before the text's latest: background


def test_a_short_text_is_coded_as_before(model: CoderModel) -> None:
    text = "The journalist faces up to ten years in prison. She has received death threats."
    assert len(text) <= REPORT_PHRASED_CHARS
    assert raised(model, text) == set()


def test_the_rule_is_part_of_the_digest() -> None:
    assert DEFAULT.digest() != OFF.digest()
    assert OFF.digest() != replace(OFF, report_paired=frozenset({JUDICIAL})).digest()
