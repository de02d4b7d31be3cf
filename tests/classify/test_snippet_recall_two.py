"""Short reports, second pass (snippet-recall-two, docs/coder.md "Short reports, second pass"):
English cues for acts and civic targets that the training-side snippets' misses named and the
lexicon lacked. Each text below holds no strong cue of its key without the new cue."""

from __future__ import annotations

import pytest

from civicspace.classify.lexicon import lower_preserving, multilexicon


def _strong(text: str, key: str) -> bool:
    _lang, hits = multilexicon().find(lower_preserving(text), "en")
    return any(h.key == key and not h.cue.weak for h in hits)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("court jails blogger for two years", "violations:arrest_detention"),
        ("harsh sentences of activists in iran", "violations:judicial_harassment"),
        ("five more protest deaths overnight", "violations:killing"),
        ("five more protest deaths overnight", "targets:protesters"),
        ("a student killed in sudan protest over darfur", "targets:protesters"),
        ("two shot dead in protests against the vote", "targets:protesters"),
        ("similar in violence against journos", "violations:attack"),
        ("the victim of an attempted lynching", "violations:attack"),
        ("criminal charges against an online media and its publisher", "targets:journalists"),
        ("police raided a news website in the capital", "targets:journalists"),
        ("the youngest political prisoner was tortured", "targets:hrd"),
    ],
)
def test_the_snippet_recall_two_cues(text: str, key: str) -> None:
    assert _strong(text, key)


def test_a_protest_named_without_a_death_is_no_protest_killing() -> None:
    assert not _strong("thousands joined the protest in the capital", "targets:protesters")
    assert not _strong("the deaths of three miners", "violations:killing")
