"""Targets given the incident, fourth pass (targets-four, docs/coder-journal.md): an internet
shutdown the lead tells has the population at large as its target and protesters only where the
lead names them (a date in March is no march: ``senses.shutdown_keys``,
``label_tables.SHUTDOWN_GIVES``, ``SHUTDOWN_VETOED``); a party's workers are no trade unionists
(``senses.OTHER_SENSES``). The sentences are written for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, Rules
from civicspace.classify.label_tables import (
    OTHER_SENSE_VETOED,
    PAIRED_CUE_P,
    SHUTDOWN_GIVES,
    SHUTDOWN_VETOED,
)
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import SHUTDOWN_PREFIX
from civicspace.classify.schema import InputDoc
from civicspace.classify.senses import SHUTDOWN_KEY, other_sense_keys, shutdown_keys

PUBLIC = "targets:general_public"
PROTESTERS = "targets:protesters"
UNIONISTS = "targets:trade_unionists"
OPPOSITION = "targets:political_opposition"  # named only, since targets-six


def _hits(text: str, lang: str = "en") -> tuple[str, list, str | None]:
    low = lower_preserving(text)
    found, hits = multilexicon().find(low, lang)
    return low, hits, found


def _shutdown(text: str, lang: str = "en") -> set[str]:
    return shutdown_keys(*_hits(text, lang))


def _other(text: str) -> set[str]:
    return other_sense_keys(*_hits(text))


@pytest.mark.parametrize(
    "text",
    [
        "Officials switched off mobile and broadband in the northern province on 2 June.",
        "The regulator cut off mobile internet in three districts after a gunfight.",
        "Authorities blocked all social media across the country ahead of the exam.",
        "The ministry suspended phone lines and data services in the valley overnight.",
    ],
)
def test_a_shutdown_told_without_protesters_vetoes_them(text: str) -> None:
    assert _shutdown(text) == {SHUTDOWN_KEY, PROTESTERS, OPPOSITION}


@pytest.mark.parametrize(
    "text",
    [
        # the month alone is no march
        "Officials switched off mobile and broadband in the east on 12 March 2021 amid tension.",
        "In March, the regulator throttled internet speeds in the capital.",
    ],
)
def test_a_date_in_march_names_no_protesters(text: str) -> None:
    assert PROTESTERS in _shutdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "Officials switched off mobile and broadband in the east, citing protests.",
        "The regulator cut off mobile internet as demonstrators filled the square.",
        "The regulator cut off mobile internet on 4 March as a march reached the palace.",
    ],
)
def test_a_shutdown_beside_named_protesters_keeps_them(text: str) -> None:
    assert _shutdown(text) == {SHUTDOWN_KEY, OPPOSITION}


@pytest.mark.parametrize(
    "text",
    [
        "Police fired tear gas at marchers on 3 March in the capital.",
        "The internet was a lifeline for the strikers.",
        "Mobile phone users were fined for posting videos of the rally.",
    ],
)
def test_no_shutdown_no_keys(text: str) -> None:
    assert not _shutdown(text)


def test_other_languages_are_not_read() -> None:
    assert not _shutdown("Las autoridades bloquearon el internet móvil en la provincia.", "es")


@pytest.mark.parametrize(
    "text",
    [
        "Police beat up dozens of party workers outside the assembly.",
        "Youth Congress workers were detained on their way to the secretariat.",
        "Police arrested 40 BJP workers after the road blockade.",
        "The leaders and workers of the alliance were baton-charged.",
        "Supporters of the Workers' Party were detained after the march.",
    ],
)
def test_a_partys_workers_are_no_unionists(text: str) -> None:
    assert UNIONISTS in _other(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police fired on striking workers at the mine.",
        "Garment workers were beaten as they demanded unpaid wages.",
        # a trade's workers beside a party's: the label stays
        "Party workers joined dock workers on strike at the port.",
        "Members of the transport workers union were arrested.",
    ],
)
def test_a_trades_workers_keep_the_label(text: str) -> None:
    assert UNIONISTS not in _other(text)


def test_the_keys_move_the_targets_under_the_rules(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert SHUTDOWN_GIVES == {PUBLIC: PAIRED_CUE_P}
    assert PROTESTERS in SHUTDOWN_VETOED and UNIONISTS in OTHER_SENSE_VETOED
    g, pr = names.index(PUBLIC), names.index(PROTESTERS)
    told = {SHUTDOWN_PREFIX + SHUTDOWN_KEY: 1}
    unnamed = {**told, SHUTDOWN_PREFIX + PROTESTERS: 1}
    for rules, moved in ((DEFAULT, True), (NONE, False)):
        p = np.full((3, len(names)), 0.2, np.float32)
        p[:, pr] = 0.9
        model.apply_cue_rules(p, [told, unnamed, {SHUTDOWN_PREFIX + PROTESTERS: 1}], rules, None)
        assert bool(p[0, g] == np.float32(PAIRED_CUE_P)) is moved
        assert bool(p[1, g] == np.float32(PAIRED_CUE_P)) is moved
        assert p[0, pr] == np.float32(0.9)  # named beside the shutdown: kept
        assert bool(p[1, pr] == 0.0) is moved
        # no shutdown told: nothing moves
        assert p[2, g] == np.float32(0.2) and p[2, pr] == np.float32(0.9)
    assert Rules(shutdown_gives={}).digest() != DEFAULT.digest()
    assert Rules(shutdown_vetoed=frozenset()).digest() != DEFAULT.digest()


def test_prepare_marks_the_shutdown_in_the_lead(coder: DefaultCoder) -> None:
    model = coder.model
    window = model.featurizer.cue_chars
    bare = "Officials switched off mobile and broadband in the east on 12 March 2021."
    late = "Officials met in the capital." + " " * window + bare
    strong = model.prepare([bare, late], ["en", "en"]).strong
    assert strong[0].get(SHUTDOWN_PREFIX + SHUTDOWN_KEY) == 1
    assert strong[0].get(SHUTDOWN_PREFIX + PROTESTERS) == 1
    assert SHUTDOWN_PREFIX + SHUTDOWN_KEY not in strong[1]


def test_a_shutdown_is_coded_with_the_public_and_without_protesters(coder: DefaultCoder) -> None:
    title = "Authorities cut off mobile and broadband"
    text = (
        "Authorities in the region cut off mobile and broadband in two districts on 9 March "
        "2021, citing communal violence. The internet shutdown lasted four days."
    )
    (coding,) = coder.code([InputDoc(id="t", text=text, title=title, lang="en")], full=True)
    assert coding.is_incident
    assert coding.ids("targets") == ["general_public"]


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
