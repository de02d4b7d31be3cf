"""Targets a long report names only as its source (report-labels-five): ``senses.
REPORT_OTHER_SENSES`` and ``label_tables.REPORT_OTHER_SENSE_VETOED``. In a text longer than
``label_tables.REPORT_CHARS`` an ``hrd`` target whose every cue in what the heads read is a rights
group or an activist quoted ("Human Rights Watch said", "according to rights groups") is left
out; a shorter text, an activist who is the victim, and the rule switched off keep it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import REPORT_CHARS
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import CoderModel
from civicspace.classify.senses import (
    REPORT_OTHER_SENSES_NOT_ADOPTED,
    compile_senses,
    other_sense_keys,
    report_other_sense_keys,
)

HRD = "targets:hrd"
OFF = replace(DEFAULT, report_other_sense_vetoed=frozenset())
SOURCE = "Police arrested the editor of a weekly newspaper, Human Rights Watch said on Monday. "
VICTIM = "Police arrested a human rights activist in the capital, her lawyer said on Monday. "
FILLER = "The report goes on about the economy of the country. " * (REPORT_CHARS // 50 + 1)


@pytest.fixture(scope="module")
def model() -> CoderModel:
    return CoderModel.load()


def hrd_kept(model: CoderModel, text: str, rules: object = DEFAULT) -> bool:
    """Whether ``hrd``, at 0.9 from its head, survives the cue rules on an English ``text``."""
    names = list(model.labels.names)
    lead = text[: model.featurizer.max_chars]
    strong = model.prepare([lead], ["en"]).strong
    paired = model.paired_rule_keys([text], ["en"], rules)  # type: ignore[arg-type]
    p = np.full((1, len(names)), 0.05, np.float32)
    p[0, names.index(HRD)] = 0.9
    model.apply_cue_rules(p, strong, rules, paired)  # type: ignore[arg-type]
    return bool(p[0, names.index(HRD)] > 0.5)


def test_rights_groups_quoted_are_the_source() -> None:
    low = lower_preserving(SOURCE)
    _, hits = multilexicon().find(low, "en")
    assert report_other_sense_keys(low, hits, "en") == {HRD}
    victim = lower_preserving(VICTIM)
    _, hits = multilexicon().find(victim, "en")
    # "her lawyer said": the victim's counsel (targets-six), not the activist arrested
    assert report_other_sense_keys(victim, hits, "en") == {"targets:lawyers"}
    assert report_other_sense_keys(low, hits, "es") == set()  # English only


def test_a_long_report_s_source_is_no_target(model: CoderModel) -> None:
    text = SOURCE + FILLER
    assert len(text) > REPORT_CHARS
    assert not hrd_kept(model, text)
    assert hrd_kept(model, text, OFF)  # the rule off
    assert hrd_kept(model, VICTIM + FILLER)  # an activist arrested is the target


def test_a_short_text_is_coded_as_before(model: CoderModel) -> None:
    assert len(SOURCE) <= REPORT_CHARS
    assert hrd_kept(model, SOURCE)


def test_the_rule_is_part_of_the_digest() -> None:
    assert DEFAULT.digest() != OFF.digest()


def test_outlets_spoken_to_measured_and_not_adopted() -> None:
    """hrds-journalists: the phrases ``scripts/report_gold_oof.py`` tries for ``journalists``
    mark an outlet spoken to or quoted by, not a reporter who is the victim; not in the rule."""
    phrases = compile_senses(REPORT_OTHER_SENSES_NOT_ADOPTED)
    journalists = "targets:journalists"
    for text, marked in (
        (
            "The minister said in an interview with the state news agency that arrests went on.",
            True,
        ),
        ("The arrests were confirmed to two newspapers and cited by a local broadcaster.", True),
        ("Journalists asked the governor about the detained students.", True),
        (
            "Police detained a reporter, the minister said in an interview with a news agency.",
            False,
        ),
    ):
        low = lower_preserving(text)
        _, hits = multilexicon().find(low, "en")
        assert (journalists in other_sense_keys(low, hits, "en", phrases)) is marked, text
        assert journalists not in report_other_sense_keys(low, hits, "en")
