"""The pair judge laxer just under the head's threshold (docs/coder.md, "Colombian narratives,
sixth pass (colombia-six)"): a Spanish candidate of the cue-pair rule scored from 0.45, told as
a paragraph and its role line, is kept with its pair judged from 0.25 (0.3 elsewhere).
Sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import (
    CUE_PAIR_JUDGED_FROM,
    CUE_PAIR_LAX_FROM,
    CUE_PAIR_LAX_JUDGED_FROM,
    DEFAULT,
)
from civicspace.classify.schema import InputDoc

NARRATIVE = "Fue hallado su cuerpo sin vida en un potrero.\nRepresentante de la asociación LGBTI"
# one line, scored 0.46 by the cue-only head, its pair judged 0.28: a forum, no incident
FORUM = (
    "El foro sobre la violencia contra líderes sociales reunió a defensores de derechos "
    "humanos, que analizaron los asesinatos del último año."
)


def test_the_judge_is_laxer_from_the_rule_s_score() -> None:
    assert CUE_PAIR_LAX_JUDGED_FROM < CUE_PAIR_JUDGED_FROM
    assert DEFAULT.cue_pair_judged(0.46, "es", NARRATIVE) == CUE_PAIR_LAX_JUDGED_FROM
    assert DEFAULT.cue_pair_judged(CUE_PAIR_LAX_FROM, "es", NARRATIVE) == 0.25
    assert DEFAULT.cue_pair_judged(0.44, "es", NARRATIVE) == CUE_PAIR_JUDGED_FROM


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("pt", NARRATIVE),  # a language the rule was not chosen on
        ("es", FORUM),  # one line: not the narrative's shape
        ("es", NARRATIVE + "\nOtra línea\nY otra más"),  # news of many lines
    ],
)
def test_the_judge_stays_where_the_rule_does_not_read(lang: str, text: str) -> None:
    assert DEFAULT.cue_pair_judged(0.48, lang, text) == CUE_PAIR_JUDGED_FROM


def test_the_rule_is_in_the_digest() -> None:
    assert replace(DEFAULT, cue_pair_lax_languages=()).digest() != DEFAULT.digest()
    assert replace(DEFAULT, cue_pair_lax_lines=1).digest() != DEFAULT.digest()


def test_the_narrative_shape_keeps_a_forum_out() -> None:
    coder = DefaultCoder()
    doc = InputDoc(id="forum", title="", text=FORUM, lang="es")
    assert not coder.code([doc], full=False)[0].is_incident
    coder.label_rules = replace(coder.label_rules, cue_pair_lax_lines=1)
    assert coder.code([doc], full=False)[0].is_incident  # the shape is what keeps it out
