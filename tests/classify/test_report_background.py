"""Long reports' background acts (hrd-labels): ``label_tables.REPORT_PHRASED_NEEDS_TARGET`` and
``REPORT_NOT_TOLD``. In a text longer than ``REPORT_CHARS`` a killing is raised from its event
phrase only where the phrase's sentence names a victim; ``REPORT_NOT_TOLD`` (measured, empty in
the coder) keeps the whole-text rules from raising its acts there; a shorter text (a protest
summary) is coded as before."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import REPORT_CHARS, REPORT_NOT_TOLD
from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.senses import event_keys
from tests.support.coding import phrased_raised

KILLING = "violations:killing"
FORCE = "violations:excessive_force"
OFF = replace(DEFAULT, report_not_told=frozenset(), report_phrased_needs_target=frozenset())
FILLER = "The report goes on about the country. " * (REPORT_CHARS // 38 + 1)


def test_a_phrase_needs_a_victim_in_its_sentence_only_when_asked() -> None:
    low = lower_preserving("Gunmen fired at the car, killing him. The reporter was in it.")
    assert event_keys(low, "en") == {KILLING}
    assert event_keys(low, "en", {KILLING}, [low.index("reporter")]) == set()
    assert event_keys(low, "en", {KILLING}, [low.index("car")]) == {KILLING}


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def test_a_long_reports_background_is_notphrased_raised(coder: DefaultCoder) -> None:
    lead = "A journalist was arrested in the capital on Monday. "
    text = (
        lead + FILLER + "The death toll rose to 2,000. Soldiers fired into the crowd of marchers."
    )
    assert len(text) > REPORT_CHARS
    assert phrased_raised(coder.model, text, DEFAULT) == {FORCE}
    assert phrased_raised(coder.model, text, OFF) == {KILLING, FORCE}
    assert DEFAULT.digest() != OFF.digest()
    assert not REPORT_NOT_TOLD  # measured, not adopted
    assert (
        phrased_raised(coder.model, text, replace(DEFAULT, report_not_told=frozenset({FORCE})))
        == set()
    )


def test_a_long_reports_killing_with_its_victim_isphrased_raised(coder: DefaultCoder) -> None:
    text = "A union leader was buried on Monday. " + FILLER
    text += "Gunmen fired at the trade unionist outside his home, killing him."
    assert phrased_raised(coder.model, text, DEFAULT) == {KILLING}


def test_a_short_text_is_coded_as_before(coder: DefaultCoder) -> None:
    text = (
        "Teachers marched on the ministry. The death toll rose to 3. Soldiers fired into the crowd."
    )
    assert phrased_raised(coder.model, text, DEFAULT) == {KILLING, FORCE}
