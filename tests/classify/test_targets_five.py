"""Targets given the incident, fifth pass (targets-five, docs/coder-journal.md): a party named by
its name or acronym, its people or its event in the lead, not as the act's agent, makes the
party's people the target (``senses.party_keys``, ``label_tables.PARTY_GIVES``). The sentences are
written for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, Rules
from civicspace.classify.label_tables import PAIRED_CUE_P, PARTY_GIVES
from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.model import PARTY_PREFIX, SHUTDOWN_PREFIX, UNNAMED_PREFIX
from civicspace.classify.senses import PARTY_KEY, SHUTDOWN_KEY, party_keys

OPPOSITION = "targets:political_opposition"


def _party(text: str, lang: str = "en") -> set[str]:
    return party_keys(lower_preserving(text), lang)


@pytest.mark.parametrize(
    "text",
    [
        "Police detained 30 UPND cadres outside the court in the capital.",
        "Members of the BNP were beaten with sticks near the press club.",
        "Riot police fired tear gas at ODM supporters gathered at the stadium.",
        "Two CPI(M) activists were hacked by unknown men on Sunday night.",
        "Officers blocked a ZANU-PF youth convoy heading to the venue.",
        "The PTI's rally was broken up with batons and water cannon.",
        "Five TMC workers were injured when bombs were thrown at them.",
        "A newly elected Chadema councillor was abducted from his home.",
        "Jubo League men were chased away by the police after they attacked a shop.",
    ],
)
def test_a_partys_people_named_are_its_members(text: str) -> None:
    assert _party(text) == {PARTY_KEY}


@pytest.mark.parametrize(
    "text",
    [
        # the party's people as the act's agent
        "Students were attacked by BCL activists on the campus.",
        "Awami League men attacked a procession of teachers in the town.",
        "TMC workers allegedly beat a journalist covering the vote.",
        "Members of the ruling party, the NRM, disrupted the opposition's meeting.",
        # no party named, or a word no party
        "Police dispersed the protesters with tear gas in the capital.",
        "Al Shabaab militants attacked a police post near the border.",
        "The pf of the engine was checked by members of the crew.",
    ],
)
def test_no_party_or_the_party_as_agent_no_key(text: str) -> None:
    assert not _party(text)


def test_other_languages_are_not_read() -> None:
    assert not _party("La policía detuvo a 30 militantes del PRI en la plaza.", "es")


def test_the_key_raises_the_opposition_under_the_rules(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert PARTY_GIVES == {OPPOSITION: PAIRED_CUE_P}
    o = names.index(OPPOSITION)
    told = {PARTY_PREFIX + PARTY_KEY: 1}
    # the lead names no word the unnamed rule asks for: the party's name makes it named
    unnamed = {**told, UNNAMED_PREFIX + OPPOSITION: 1}
    # a shutdown told beside the party ("amid clashes between the two parties' workers")
    shutdown = {**told, SHUTDOWN_PREFIX + SHUTDOWN_KEY: 1}
    for rules, moved in ((DEFAULT, True), (NONE, False)):
        p = np.full((4, len(names)), 0.2, np.float32)
        model.apply_cue_rules(p, [told, unnamed, {}, shutdown], rules, None)
        assert bool(p[0, o] == np.float32(PAIRED_CUE_P)) is moved
        assert bool(p[1, o] == np.float32(PAIRED_CUE_P)) is moved
        assert p[2, o] == np.float32(0.2)
        assert p[3, o] == np.float32(0.2)
    assert Rules(party_gives={}).digest() != DEFAULT.digest()
    assert Rules(party_not_in_shutdown=False).digest() != DEFAULT.digest()


def test_prepare_reads_the_party_in_the_lead(coder: DefaultCoder) -> None:
    model = coder.model
    window = model.featurizer.cue_chars
    bare = "Police detained 30 UPND cadres outside the court."
    late = "Officials met in the capital." + " " * window + bare
    strong = model.prepare([bare, late], ["en", "en"]).strong
    assert strong[0].get(PARTY_PREFIX + PARTY_KEY) == 1
    assert PARTY_PREFIX + PARTY_KEY not in strong[1]


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
