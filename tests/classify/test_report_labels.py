"""Report labels (docs/coder-journal.md, "Report labels (report-labels)"): a label's cue paired with a
target in one sentence gives the label (``label_tables.PAIRED_CUE_RULES``): judicial harassment of
an activist, journalist or unionist, and the general public as the target of an
internet shutdown or a law on everyone's speech. Each coder-level test also codes its text with
the rule off, so that removing the rule fails it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, paired_cue_applies
from civicspace.classify.label_tables import PAIRED_CUE_P, PAIRED_CUE_RULES
from civicspace.classify.lexicon import multilexicon
from civicspace.classify.model import CoderModel
from tests.support.coding import code_under

# the shutdown rule (targets-four) gives the population too: off with the paired cues here
OFF = replace(DEFAULT, paired_cues={}, shutdown_gives={})


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def test_a_court_act_needs_a_civic_target_in_its_sentence() -> None:
    name = "violations:judicial_harassment"
    alone = {name: 1}
    assert not paired_cue_applies(name, alone)
    assert paired_cue_applies(name, {**alone, f"pair:{name}|targets:hrd": 1})
    assert paired_cue_applies(name, {**alone, f"pair:{name}|targets:journalists": 1})
    # a suspect's lawyer, students, politicians and protesters do not make a court report civic
    for target in ("lawyers", "students_academics", "political_opposition", "protesters"):
        assert not paired_cue_applies(name, {**alone, f"pair:{name}|targets:{target}": 1})
    assert not paired_cue_applies(name, {**alone, f"pair:{name}|targets:hrd": 1}, NONE)


def test_the_paired_rule_raises_the_probability_to_the_rule_level() -> None:
    model = CoderModel.load()
    names = list(model.labels.names)
    j = names.index("targets:general_public")
    p = np.full((2, len(names)), 0.05, dtype=np.float32)
    hits = [{"pair:violations:censorship|targets:general_public": 1}, {"violations:censorship": 1}]
    model.apply_cue_rules(p, hits, DEFAULT)
    assert p[0, j] == pytest.approx(PAIRED_CUE_P) and p[1, j] == pytest.approx(0.05)
    q = np.full((1, len(names)), 0.05, dtype=np.float32)
    model.apply_cue_rules(q, hits[:1], OFF)
    assert q[0, j] == pytest.approx(0.05)


def test_a_general_measure_pairs_with_the_general_public_by_itself() -> None:
    """A shutdown or a speech law names its own target: the phrase is a cue of both."""
    ml = multilexicon()
    for phrase in ("the government cut off mobile internet", "parliament passed a fake news law"):
        _, hits = ml.find(phrase, "en")
        keys = {h.key for h in hits if not h.cue.weak}
        assert "targets:general_public" in keys
        assert keys & {"violations:censorship", "violations:restrictive_law"}


def test_rules_data_is_in_the_version() -> None:
    assert DEFAULT.digest() != OFF.digest()
    assert set(PAIRED_CUE_RULES) == {"violations:judicial_harassment", "targets:general_public"}


CODED_BY_THE_RULE = [
    (  # an activist charged: judicial harassment
        "China charges Xi critic with subversion",
        "An outspoken Chinese rights activist who called for the president to step down has "
        "been charged with inciting state subversion, his friends said on Monday.",
        "violations",
        "judicial_harassment",
    ),
    (  # a social-media block: the general public
        "Tanzania blocks social media",
        "Tanzania blocked social media platforms including Twitter and WhatsApp on the eve of "
        "the general election.",
        "targets",
        "general_public",
    ),
]


@pytest.mark.parametrize(("title", "text", "kind", "label"), CODED_BY_THE_RULE)
def test_the_rule_codes_what_the_heads_alone_miss(
    coder: DefaultCoder, title: str, text: str, kind: str, label: str
) -> None:
    assert label not in code_under(coder, title, text, OFF).ids(kind)
    coded = code_under(coder, title, text, DEFAULT)
    assert coded.is_incident and label in coded.ids(kind)
