"""ML4P: the misses on the training snippets (ml4p-miss, docs/coder-journal.md). Two lower tiers of the
short-report pair rule (a pair the judge is all but sure of, from a score of 0.05; a law or a court
case, which the judge scores lower, from 0.15 with the judge at 0.4), titled reports only; and
English cues for closures with two words before the outlet, laws told by the NGOs, media or
protests they restrict, and defamation suits told with the outlet they are against, each also a
civic target so that it pairs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE
from civicspace.classify.label_tables import NEVER
from civicspace.classify.lexicon import lower_preserving, multilexicon
from tests.support.coding import kept_by_short_pairs

# the rule as snippet-recall left it: neither tier
TIERS_OFF = replace(
    DEFAULT,
    short_pair_sure_from=NEVER,
    short_pair_legal_acts=frozenset(),
    short_pair_legal_from=NEVER,
)
ARREST = {"pair:violations:arrest_detention|targets:journalists": 1}
LAW = {"pair:violations:restrictive_law|targets:hrd": 1}


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def test_the_tiers_thresholds() -> None:
    # the surer judge from 0.05, the laxer one for a law or a court case from 0.1 (0.15 before
    # ml4p-miss-two)
    assert DEFAULT.short_pair_judged(0.1, "arrest_detention") == 0.95
    assert DEFAULT.short_pair_judged(0.07, "restrictive_law") == 0.95
    assert DEFAULT.short_pair_judged(0.16, "restrictive_law") == 0.4
    assert DEFAULT.short_pair_judged(0.16, "judicial_harassment") == 0.4
    assert DEFAULT.short_pair_judged(0.3, "arrest_detention") == 0.7
    assert DEFAULT.short_pair_judged(0.3, "restrictive_law") == 0.4
    assert DEFAULT.short_pair_judged(0.04, "arrest_detention") == NEVER
    # untitled notes: the rule as acled-incidents left it
    assert DEFAULT.short_pair_judged(0.1, "attack", titled=False) == NEVER
    assert DEFAULT.short_pair_judged(0.3, "judicial_harassment", titled=False) == 0.7
    assert not DEFAULT.keeps_short_pair(
        0.1, {"pair:violations:attack|targets:journalists": 1}, titled=False
    )
    assert DEFAULT.keeps_short_pair(0.1, ARREST) and DEFAULT.keeps_short_pair(0.16, LAW)
    assert not TIERS_OFF.keeps_short_pair(0.1, ARREST)
    # the rule off is off for every tier
    assert not NONE.keeps_short_pair(0.5, LAW)
    assert NONE.short_pair_lowest() >= NEVER


def test_the_tiers_are_part_of_the_digest() -> None:
    assert TIERS_OFF.digest() != DEFAULT.digest()
    assert replace(DEFAULT, short_pair_legal_judged_from=0.5).digest() != DEFAULT.digest()
    assert replace(DEFAULT, short_pair_sure_judged_from=0.9).digest() != DEFAULT.digest()


def test_a_law_on_ngos_is_kept_from_the_legal_tier(coder: DefaultCoder) -> None:
    title = "Parliament passes law cracking down on foreign NGOs"
    text = "The new law imposes strict controls on international non-governmental organisations."
    assert kept_by_short_pairs(coder, text, 0.17, DEFAULT, title=title)
    assert not kept_by_short_pairs(coder, text, 0.17, TIERS_OFF, title=title)
    assert not kept_by_short_pairs(coder, text, 0.07, DEFAULT, title=title)
    assert not kept_by_short_pairs(coder, f"{title}. {text}", 0.17, DEFAULT)  # untitled


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("government shuts two opposition newspapers", "violations:censorship"),
        ("government shuts two opposition newspapers", "targets:journalists"),
        ("the government closed a critical newspaper", "violations:censorship"),
        ("authorities sealed opposition radio station", "violations:censorship"),
        ("the army was accused of seizing print-runs", "violations:censorship"),
        ("president approves strict anti-protest laws", "targets:protesters"),
        ("burundi passes law cracking down on foreign ngos", "violations:restrictive_law"),
        ("a law governing ngos operation", "violations:restrictive_law"),
        (
            "china passes law imposing security controls on foreign ngos",
            "violations:restrictive_law",
        ),
        ("journalists condemn the draconian media bill", "violations:restrictive_law"),
        ("journalists condemn the draconian media bill", "targets:journalists"),
        ("files n500m libel suit against newspaper", "targets:journalists"),
        ("candidate sues media houses for n3b", "violations:judicial_harassment"),
        ("police storm opposition meeting", "violations:association_restriction"),
        ("security forces raid pakistan party offices", "violations:association_restriction"),
    ],
)
def test_the_ml4p_miss_cues(text: str, key: str) -> None:
    _lang, hits = multilexicon().find(lower_preserving(text), "en")
    assert any(h.key == key and not h.cue.weak for h in hits)


def test_what_the_cues_leave_alone() -> None:
    _lang, hits = multilexicon().find(lower_preserving("the company sues its former chief"), "en")
    assert not any(h.key == "violations:judicial_harassment" for h in hits)
    _lang, hits = multilexicon().find(lower_preserving("it was close to two radio stations"), "en")
    assert not any(h.key == "violations:censorship" for h in hits)
