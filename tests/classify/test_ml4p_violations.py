"""ML4P violations given the incident (ml4p-violations, docs/coder-journal.md): a newspaper, a
station or a website shut, closed, sealed or suspended, told in the lead, is the codebook's
``censorship`` ("media closure"; ``senses.closure_keys``, ``label_tables.CLOSURE_GIVES``). The
sentences are written for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE, Rules
from civicspace.classify.label_tables import CLOSURE_GIVES, PAIRED_CUE_P
from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.model import CLOSURE_PREFIX
from civicspace.classify.schema import InputDoc
from civicspace.classify.senses import CLOSURE_KEY, closure_keys

CENSORSHIP = "violations:censorship"


def _closure(text: str, lang: str = "en") -> set[str]:
    return closure_keys(lower_preserving(text), lang)


@pytest.mark.parametrize(
    "text",
    [
        "The information ministry shut down two independent newspapers on Monday.",
        "Regional authorities closed the community radio station after its phone-in show.",
        "Police sealed an independent weekly in the capital.",
        "The regulator suspended three private television stations for a month.",
        "The government shuts opposition TV channel before the vote.",
        "Officials closed down the news portal that had reported on the mine.",
    ],
)
def test_a_media_closure_is_marked(text: str) -> None:
    assert _closure(text) == {CLOSURE_KEY}


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested a reporter outside the courthouse.",
        "The station manager said the border was closed for the holiday.",
        "The government closed schools and markets in the district.",
        "A journalist was suspended from the ruling party.",
        "The newspaper reported that the road had been shut for repairs.",
    ],
)
def test_no_closure_no_key(text: str) -> None:
    assert not _closure(text)


def test_other_languages_are_not_read() -> None:
    assert not _closure("Las autoridades cerraron el periódico.", "es")


def test_the_key_raises_censorship_under_the_rules(coder: DefaultCoder) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert CLOSURE_GIVES == {CENSORSHIP: PAIRED_CUE_P}
    c = names.index(CENSORSHIP)
    for rules, moved in ((DEFAULT, True), (NONE, False)):
        p = np.full((2, len(names)), 0.1, np.float32)
        model.apply_cue_rules(p, [{CLOSURE_PREFIX + CLOSURE_KEY: 1}, {}], rules, None)
        assert bool(p[0, c] == np.float32(PAIRED_CUE_P)) is moved
        assert p[1, c] == np.float32(0.1)
    assert Rules(closure_gives={}).digest() != DEFAULT.digest()


def test_prepare_marks_the_closure_in_the_lead(coder: DefaultCoder) -> None:
    model = coder.model
    window = model.featurizer.cue_chars
    bare = "The regulator suspended three private television stations for a month."
    late = "Officials met in the capital." + " " * window + bare
    strong = model.prepare([bare, late], ["en", "en"]).strong
    assert strong[0].get(CLOSURE_PREFIX + CLOSURE_KEY) == 1
    assert CLOSURE_PREFIX + CLOSURE_KEY not in strong[1]


def test_a_station_shut_is_coded_censorship(coder: DefaultCoder) -> None:
    title = "Authorities shut down opposition radio station"
    text = (
        "The broadcasting authority shut down a private radio station owned by an opposition "
        "leader on Tuesday, hours after it aired his call for protests."
    )
    (coding,) = coder.code([InputDoc(id="t", text=text, title=title, lang="en")], full=True)
    assert coding.is_incident
    assert "censorship" in coding.ids("violations")


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
