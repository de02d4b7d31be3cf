"""Mass Mobilization targets, fourth pass (mm-targets-four, docs/coder-journal.md): "opposition
to" a policy is a stance, not the political opposition (``senses.OTHER_SENSES``,
``label_tables.OTHER_SENSE_VETOED``). The sentences are written for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, Rules
from civicspace.classify.label_tables import OTHER_SENSE_VETOED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import OTHER_PREFIX
from civicspace.classify.senses import other_sense_keys

OPPOSITION = "targets:political_opposition"


def _other(text: str) -> set[str]:
    low = lower_preserving(text)
    lang, hits = multilexicon().find(low, "en")
    return other_sense_keys(low, hits, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Police fired tear gas at villagers who voiced their opposition to the new dam.",
        "Hundreds marched in opposition to the fuel price rise and 20 were arrested.",
        "Farmers stated their opposition against the land law before police dispersed them.",
    ],
)
def test_opposition_to_a_policy_is_a_stance(text: str) -> None:
    assert OPPOSITION in _other(text)


@pytest.mark.parametrize(
    "text",
    [
        # the opposition as a camp: the label stays
        "Police broke up a rally called by the opposition to demand new elections.",
        "Opposition leaders were arrested after the march.",
        # a stance beside the opposition named: every cue must lie in the stance
        "Opposition supporters voiced their opposition to the decree and were beaten.",
    ],
)
def test_the_opposition_named_keeps_the_label(text: str) -> None:
    assert OPPOSITION not in _other(text)


def test_the_stance_vetoes_the_opposition_under_the_rules(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert OPPOSITION in OTHER_SENSE_VETOED
    j = names.index(OPPOSITION)
    for rules, kept in ((DEFAULT, False), (NONE, True)):
        p = np.full((1, len(names)), 0.7, np.float32)
        model.apply_cue_rules(p, [{OTHER_PREFIX + OPPOSITION: 1}], rules, None)
        assert bool(p[0, j] == np.float32(0.7)) is kept
    off = Rules(other_sense_vetoed=OTHER_SENSE_VETOED - {OPPOSITION})
    assert off.digest() != DEFAULT.digest()


def test_prepare_marks_the_stance(coder: DefaultCoder) -> None:
    texts = [
        "Police beat villagers who voiced their opposition to the new dam.",
        "Police beat opposition leaders who voiced their opposition to the new dam.",
    ]
    strong = coder.model.prepare(texts, ["en", "en"]).strong
    assert strong[0].get(OTHER_PREFIX + OPPOSITION) == 1
    assert OTHER_PREFIX + OPPOSITION not in strong[1]


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
