"""ml4p-miss-three's cues (docs/coder.md, "ML4P: outlets told by their kind (ml4p-miss-three)"):
an outlet named by its kind, a suit against an online outlet, a shutdown ordered, people killed at
a protest told with two words between."""

from __future__ import annotations

import pytest

from civicspace.classify.lexicon import lower_preserving, multilexicon


def _strong(text: str) -> set[str]:
    _lang, hits = multilexicon().find(lower_preserving(text), "en")
    return {h.key for h in hits if not h.cue.weak}


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (
            "operators of the african independent television",
            {"targets:journalists"},
        ),
        ("a popular blogging site", {"targets:journalists"}),
        ("articles on their online forum", {"targets:journalists"}),
        (
            "the governor has sued an online platform for defamation",
            {"violations:judicial_harassment", "targets:journalists"},
        ),
        ("singapore orders shutdown of the portal", {"violations:censorship"}),
        (
            "seven killed in kenyan muslim protest",
            {"violations:killing", "targets:protesters"},
        ),
    ],
)
def test_the_ml4p_miss_three_cues(text: str, keys: set[str]) -> None:
    assert keys <= _strong(text)


def test_what_the_cues_leave_alone() -> None:
    assert "targets:journalists" not in _strong("state television said on monday")
    assert "targets:journalists" not in _strong("an online platform for selling cars")
    assert "violations:killing" not in _strong("a protest in the kenyan capital")
