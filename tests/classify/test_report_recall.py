"""Short reports, third pass (report-recall, docs/coder-journal.md "Short reports, third pass"): English
cues for acts and civic targets that the training-side snippets' misses named and the lexicon
lacked: an outlet's closure told with the outlet's kind (censorship, and the outlet as the
journalists' target, so that it pairs), a law told by what it restricts, and the part of
snippet-recall-two's cues that kept its training-side precision. Each text below holds no strong
cue of its key without the new cues."""

from __future__ import annotations

import pytest

from civicspace.classify.lexicon import lower_preserving, multilexicon


def _strong(text: str, key: str) -> bool:
    _lang, hits = multilexicon().find(lower_preserving(text), "en")
    return any(h.key == key and not h.cue.weak for h in hits)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("somalia's government shuts 3 radio stations", "violations:censorship"),
        ("somalia's government shuts 3 radio stations", "targets:journalists"),
        ("gambian government closes fourth radio station", "violations:censorship"),
        ("kenya's government suspends broadcasters", "targets:journalists"),
        ("nigeria shuts down private tv, radio stations", "violations:censorship"),
        ("directed the regulator to shut down biafran radio", "violations:censorship"),
        ("the government has closed another newspaper", "violations:censorship"),
        ("parliament passed a law restricting public meetings", "violations:restrictive_law"),
        ("a new law regulating the work of foreign-funded ngos", "violations:restrictive_law"),
        ("five more protest deaths overnight", "violations:killing"),
        ("five more protest deaths overnight", "targets:protesters"),
        ("two shot dead in protests against the vote", "targets:protesters"),
        ("similar in violence against journos", "violations:attack"),
        ("the victim of an attempted lynching", "violations:attack"),
        ("criminal charges against an online media and its publisher", "targets:journalists"),
    ],
)
def test_the_report_recall_cues(text: str, key: str) -> None:
    assert _strong(text, key)


def test_what_the_cues_leave_alone() -> None:
    # outlets named without a closure are no target (coups seize radio stations)
    assert not _strong("rebels seized the radio stations", "targets:journalists")
    assert not _strong("it was close to radio stations", "violations:censorship")
    assert not _strong("thousands joined the protest in the capital", "targets:protesters")
    assert not _strong("the deaths of three miners", "violations:killing")
    # snippet-recall-two's cues left out (training-side precision): a court that jails, a
    # sentence's plural, political prisoners as a civic target
    assert not _strong("court jails man for 14 years", "violations:arrest_detention")
    assert not _strong("harsh sentences of activists", "violations:judicial_harassment")
    assert not _strong("protest for the release of political prisoners", "targets:hrd")
