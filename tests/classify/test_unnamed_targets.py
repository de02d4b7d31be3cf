"""A target the text does not name at all (mm-targets-three): ``political_opposition`` with no
cue of its own in the lead and no word of party membership, candidacy, elections or a party's
creed there (a crowd against a government) is left out (classify/senses.py ``unnamed_keys``,
label_tables.UNNAMED_VETOED)."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, Rules
from civicspace.classify.label_tables import UNNAMED_VETOED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import UNNAMED_PREFIX
from civicspace.classify.senses import unnamed_keys

OPPOSITION = "targets:political_opposition"


def _unnamed(text: str, lang: str = "en") -> set[str]:
    low = lower_preserving(text)
    found, hits = multilexicon().find(low, lang)
    return unnamed_keys(low, hits, found)


@pytest.mark.parametrize(
    "text",
    [
        "anti government demonstrators clashed with riot police; dozens were arrested.",
        "thousands rallied against the regime in the capital and police fired tear gas.",
        "police used tear gas to disperse the crowd demanding lower fuel prices.",
    ],
)
def test_a_crowd_against_the_government_names_no_opposition(text: str) -> None:
    assert OPPOSITION in _unnamed(text)


@pytest.mark.parametrize(
    "text",
    [
        # a cue of the target itself
        "opposition supporters were beaten by police in the capital.",
        # party membership, a candidate, an election, the presidency, a party's creed
        "Police arrested 30 members of the UPND in Lusaka.",
        "Police detained the candidate and his aides after the rally.",
        "Police fired tear gas at crowds disputing the election results.",
        "Police dispersed a march against the president's third term.",
        "Hundreds of communists battled riot police on May Day.",
        "Police arrested several BNP activists in Dhaka.",
    ],
)
def test_a_text_that_names_a_party_or_its_people_keeps_the_label(text: str) -> None:
    assert OPPOSITION not in _unnamed(text)


def test_other_languages_are_not_read() -> None:
    assert not _unnamed("La policía dispersó a los manifestantes con gases lacrimógenos.", "es")


def test_the_key_vetoes_the_target_under_the_rules(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert OPPOSITION in UNNAMED_VETOED
    j = names.index(OPPOSITION)
    for rules, kept in ((DEFAULT, False), (NONE, True)):
        p = np.full((1, len(names)), 0.7, np.float32)
        model.apply_cue_rules(p, [{UNNAMED_PREFIX + OPPOSITION: 1}], rules, None)
        assert bool(p[0, j] == np.float32(0.7)) is kept
    assert Rules(unnamed_vetoed=frozenset()).digest() != DEFAULT.digest()


def test_prepare_marks_the_unnamed_target_in_the_lead_only(coder: DefaultCoder) -> None:
    model = coder.model
    window = model.featurizer.cue_chars
    bare = "anti government demonstrators clashed with riot police in the capital."
    named = "opposition supporters clashed with riot police in the capital."
    late = bare + " " * window + "the party said its members were beaten."
    strong = model.prepare([bare, named, late], ["en", "en", "en"]).strong
    assert strong[0].get(UNNAMED_PREFIX + OPPOSITION) == 1
    assert UNNAMED_PREFIX + OPPOSITION not in strong[1]
    # a party named past what the heads read does not count
    assert strong[2].get(UNNAMED_PREFIX + OPPOSITION) == 1


def test_the_cheap_pass_defers_the_label_keys_to_the_rows_decided(coder: DefaultCoder) -> None:
    # the cheap pass (prepare with defer_label_keys) does not read the label rules' inputs for
    # every document; label_proba adds them for the rows it decides, the same keys as before
    model = coder.model
    texts = [
        "anti government demonstrators clashed with riot police in the capital.",
        "opposition supporters clashed with riot police in the capital.",
    ]
    eager = model.prepare(texts, ["en", "en"])
    lazy = model.prepare(texts, ["en", "en"], defer_label_keys=True)
    assert UNNAMED_PREFIX + OPPOSITION not in lazy.strong[0]
    assert set(lazy.deferred) == {0, 1}
    model.label_proba(lazy, np.array([0]))
    assert lazy.strong[0] == eager.strong[0]
    assert set(lazy.deferred) == {1}
    np.testing.assert_array_equal(
        model.label_proba(lazy, np.array([0, 1]))[0], model.label_proba(eager, np.array([0, 1]))[0]
    )


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
