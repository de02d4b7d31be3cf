"""ML4P: laws, closures and rallies on the training snippets (ml4p-miss-two, docs/coder-journal.md). The
short-report rule's legal tier also for the administrative acts (a closure or ban, NGOs shut, a
meeting stormed) and from 0.1; English cues for laws on speech named without their target
(general_public), police firing on or breaking up a rally, programmes banned, NGOs shut down and
sentences told as a noun, each act phrase also a civic target where the sentence names no other."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.lexicon import lower_preserving, multilexicon
from tests.support.coding import kept_by_short_pairs

# the legal tier as ml4p-miss left it
LEGAL_BEFORE = replace(
    DEFAULT,
    short_pair_legal_acts=frozenset({"restrictive_law", "judicial_harassment"}),
    short_pair_legal_from=0.15,
)


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def test_the_legal_tier_takes_the_administrative_acts_from_0_1() -> None:
    for act in ("restrictive_law", "judicial_harassment", "association_restriction", "censorship"):
        assert DEFAULT.short_pair_judged(0.1, act) == 0.4
    assert DEFAULT.short_pair_judged(0.1, "arrest_detention") == 0.95
    assert LEGAL_BEFORE.short_pair_judged(0.1, "censorship") == 0.95
    assert LEGAL_BEFORE.digest() != DEFAULT.digest()


def test_ngos_shut_down_are_kept_by_the_legal_tier(coder: DefaultCoder) -> None:
    title = "Government shuts down 500 groups in crackdown"
    text = "The government has shut down more than 500 non-governmental organizations."
    assert kept_by_short_pairs(coder, text, 0.12, DEFAULT, title=title)
    assert not kept_by_short_pairs(coder, text, 0.12, LEGAL_BEFORE, title=title)
    assert not kept_by_short_pairs(coder, f"{title}. {text}", 0.12, DEFAULT)  # untitled


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("parliament passes hate speech law", "violations:restrictive_law"),
        ("parliament passes hate speech law", "targets:general_public"),
        ("critics decry the new cybersecurity law", "targets:general_public"),
        ("the sedition law was used again", "targets:general_public"),
        ("spain passes tough new 'anti-protest' law", "targets:protesters"),
        ("police fired on a rally in mombasa", "violations:excessive_force"),
        ("police fired on a rally in mombasa", "targets:protesters"),
        ("police broke up the rally on friday", "violations:protest_disruption"),
        ("police broke up the rally on friday", "targets:protesters"),
        ("security forces stormed a protest camp", "targets:protesters"),
        ("editor gets 21 month suspended sentence", "violations:judicial_harassment"),
        ("egypt bans tv show over infidelity claim", "targets:journalists"),
        ("why burundi is kicking out aid groups", "targets:hrd"),
        ("kenya has shut down more than 500 ngos", "violations:association_restriction"),
        ("tanzania threatens to de-register churches", "violations:association_restriction"),
    ],
)
def test_the_ml4p_miss_two_cues(text: str, key: str) -> None:
    _lang, hits = multilexicon().find(lower_preserving(text), "en")
    assert any(h.key == key and not h.cue.weak for h in hits)


def test_what_the_cues_leave_alone() -> None:
    _lang, hits = multilexicon().find(
        lower_preserving("the national security law was passed"), "en"
    )
    assert not any(h.key == "targets:general_public" for h in hits)
    _lang, hits = multilexicon().find(lower_preserving("a stock rally broke records"), "en")
    assert not any(h.key == "targets:protesters" and not h.cue.weak for h in hits)
