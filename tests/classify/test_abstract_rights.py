"""Targets a report names only as the rights themselves (hrds-targets): ``senses.ABSTRACT_SENSES``
and ``label_tables.ABSTRACT_SENSE_VETOED``. In a text longer than ``label_tables.
ABSTRACT_SENSE_CHARS`` an ``hrd`` target whose every cue in what the heads read is "human rights"
told as the rights ("a violation of human rights", "the UN human rights council") is left out; a
defender, an activist or a rights group named, a shorter text and the rule switched off keep
it. The sentences are written for the test."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import ABSTRACT_SENSE_CHARS
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import CoderModel
from civicspace.classify.senses import abstract_sense_keys
from tests.classify.test_report_sources import hrd_kept

HRD = "targets:hrd"
OFF = replace(DEFAULT, abstract_sense_vetoed=frozenset())
RIGHTS = (
    "Police detained the editor of a weekly paper over a column on corruption, in what the "
    "lawmaker called a grave violation of human rights and a stain on the human rights record "
    "of the government. "
)
BODY = "Officials told the UN Human Rights Council that the editor would face trial. "
DEFENDER = "Police detained a human rights defender who ran a legal aid clinic in the capital. "
GROUP = "Police raided the offices of a human rights group in the capital on Monday. "
coder = cache(CoderModel.load)
FILLER = "The report goes on about the economy of the country. " * (ABSTRACT_SENSE_CHARS // 50 + 1)


def keys(text: str, lang: str = "en") -> set[str]:
    low = lower_preserving(text)
    _, hits = multilexicon().find(low, "en")
    return abstract_sense_keys(low, hits, lang)


def test_the_rights_named_as_rights_mark_the_target() -> None:
    assert keys(RIGHTS) == {HRD}
    assert keys(BODY) == {HRD}
    assert keys("Physicians for Human Rights counted the wounded. ") == {HRD}


def test_their_defenders_named_do_not() -> None:
    assert keys(DEFENDER) == set()
    assert keys(GROUP) == set()
    assert keys("Human Rights Watch staff were expelled from the country. ") == set()
    assert keys(RIGHTS + "An activist was beaten. ") == set()  # a cue outside the phrase
    assert keys(RIGHTS, "es") == set()  # English only


def test_a_report_s_rights_are_no_target() -> None:
    model = coder()
    text = RIGHTS + FILLER
    assert len(text) > ABSTRACT_SENSE_CHARS
    assert not hrd_kept(model, text)
    assert not hrd_kept(model, BODY + FILLER)
    assert hrd_kept(model, text, OFF)  # the rule off
    assert hrd_kept(model, DEFENDER + FILLER)  # a defender detained is the target
    assert hrd_kept(model, GROUP + FILLER)


def test_a_short_text_is_coded_as_before() -> None:
    model = coder()
    assert len(RIGHTS) <= ABSTRACT_SENSE_CHARS
    assert hrd_kept(model, RIGHTS)


def test_the_rule_is_part_of_the_digest() -> None:
    assert DEFAULT.digest() != OFF.digest()
    assert DEFAULT.digest() != replace(DEFAULT, abstract_sense_chars=3000).digest()
