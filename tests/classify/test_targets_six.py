"""Targets given the incident, sixth pass (targets-six, docs/coder-journal.md): in a long report a
lawyer named only as the counsel, the prosecutor or the judge of the case is no target
(``senses.REPORT_OTHER_SENSES``, ``label_tables.REPORT_OTHER_SENSE_VETOED``); an internet shutdown
told "citing elections" has no party as its target unless the lead names one
(``senses.SHUTDOWN_NAMED_ONLY``, ``label_tables.SHUTDOWN_VETOED``). The sentences are written for
these tests."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.label_rules import DEFAULT, Rules
from civicspace.classify.label_tables import REPORT_CHARS, REPORT_OTHER_SENSE_VETOED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import CoderModel
from civicspace.classify.senses import SHUTDOWN_KEY, report_other_sense_keys, shutdown_keys

LAWYERS = "targets:lawyers"
OPPOSITION = "targets:political_opposition"
FILLER = "The report goes on about the economy of the country. " * (REPORT_CHARS // 50 + 1)
NO_COUNSEL = replace(DEFAULT, report_other_sense_vetoed=REPORT_OTHER_SENSE_VETOED - {LAWYERS})
NO_PARTY = replace(DEFAULT, shutdown_vetoed=DEFAULT.shutdown_vetoed - {OPPOSITION})


def _hits(text: str, lang: str = "en") -> tuple[str, list, str | None]:
    low = lower_preserving(text)
    found, hits = multilexicon().find(low, lang)
    return low, hits, found


@pytest.fixture(scope="module")
def model() -> CoderModel:
    return CoderModel.load()


def kept(model: CoderModel, text: str, label: str, rules: Rules = DEFAULT) -> bool:
    """Whether ``label``, at 0.9 from its head, survives the cue rules on an English ``text``."""
    names = list(model.labels.names)
    strong = model.prepare([text[: model.featurizer.max_chars]], ["en"]).strong
    paired = model.paired_rule_keys([text], ["en"], rules)
    p = np.full((1, len(names)), 0.05, np.float32)
    p[0, names.index(label)] = 0.9
    model.apply_cue_rules(p, strong, rules, paired)
    return bool(p[0, names.index(label)] > 0.5)


@pytest.mark.parametrize(
    "text",
    [
        "The blogger was arrested on Monday; his lawyer said the charges were false.",
        "On hearing of the arrest, the three women’s lawyers rushed to the station.",
        "Detainees are held for months and denied access to lawyers and relatives.",
        "The case was brought by the U.S. attorney for the district of Arizona.",
        "The editor was jailed for a tweet; the judge gave him a year in prison.",
        "He is accused of insulting a judge in a post about the trial.",
        "Reprieve's chairman, a lawyer for the detainees, testified at the hearing.",
    ],
)
def test_counsel_prosecutors_and_judges_of_the_case_are_marked(text: str) -> None:
    assert report_other_sense_keys(*_hits(text)) == {LAWYERS}


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested two human rights lawyers outside the court on Monday.",
        "A lawyer was beaten by unknown men after the hearing; his lawyer said he was in shock.",
        "Lawyers protested in the capital against the new law.",
    ],
)
def test_a_lawyer_who_is_the_victim_is_not(text: str) -> None:
    assert LAWYERS not in report_other_sense_keys(*_hits(text))


def test_other_languages_are_not_read() -> None:
    low, hits, _ = _hits("Su abogado dijo que los cargos eran falsos.", "es")
    assert report_other_sense_keys(low, hits, "es") == set()


def test_a_long_report_s_counsel_is_no_target(model: CoderModel) -> None:
    counsel = "The blogger was arrested on Monday; his lawyer said the charges were false. "
    victim = "Police arrested two human rights lawyers outside the court on Monday. "
    assert not kept(model, counsel + FILLER, LAWYERS)
    assert kept(model, counsel + FILLER, LAWYERS, NO_COUNSEL)  # the rule off
    assert kept(model, counsel, LAWYERS)  # a short text: ML4P's snippets, coded as before
    assert kept(model, victim + FILLER, LAWYERS)  # the lawyers arrested are the target
    assert NO_COUNSEL.digest() != DEFAULT.digest()


@pytest.mark.parametrize(
    "text, named",
    [
        ("The government shut down mobile internet nationwide, citing elections.", False),
        ("Authorities cut off mobile internet amid the presidential election.", False),
        ("Authorities blocked opposition websites and mobile internet before the vote.", True),
    ],
)
def test_a_shutdown_names_a_party_only_by_its_cue(text: str, named: bool) -> None:
    keys = shutdown_keys(*_hits(text))
    assert SHUTDOWN_KEY in keys
    assert (OPPOSITION not in keys) is named


def test_a_shutdown_s_unnamed_party_is_no_target(model: CoderModel) -> None:
    bare = "The government shut down mobile internet nationwide, citing elections."
    named = "Authorities blocked opposition websites and mobile internet before the vote."
    assert not kept(model, bare, OPPOSITION)
    assert kept(model, bare, OPPOSITION, NO_PARTY)  # the rule off
    assert kept(model, named, OPPOSITION)
    assert kept(model, "Police arrested election candidates in the capital.", OPPOSITION)
    assert NO_PARTY.digest() != DEFAULT.digest()
