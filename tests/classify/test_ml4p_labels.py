"""ML4P labels given the incident (ml4p-labels, docs/coder-journal.md): a court case or a sentence names
no lawyer, an arrest no rights defender, unless the text names one (``senses.UNNAMED_NEEDS``,
``label_rules.UNNAMED_VETOED``); a law "threatening" a freedom threatens no one
and a newspaper or a station shut down is censorship, no association restricted
(``senses.OTHER_SENSES``, ``label_rules.OTHER_SENSE_VETOED``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, OTHER_SENSE_VETOED, UNNAMED_VETOED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import OTHER_PREFIX, UNNAMED_PREFIX
from civicspace.classify.schema import InputDoc
from civicspace.classify.senses import other_sense_keys, unnamed_keys

LAWYERS = "targets:lawyers"
HRD = "targets:hrd"
THREATS = "violations:threats_intimidation"
ASSOCIATION = "violations:association_restriction"


def _hits(text: str) -> tuple[str, list, str | None]:  # type: ignore[type-arg]
    low = lower_preserving(text)
    found, hits = multilexicon().find(low, "en")
    return low, hits, found


def _unnamed(text: str) -> set[str]:
    return unnamed_keys(*_hits(text))


def _other(text: str) -> set[str]:
    return other_sense_keys(*_hits(text))


@pytest.mark.parametrize(
    "text",
    [
        "An Abu Dhabi court jailed a Jordanian journalist for three years over Facebook comments.",
        "A court in Casablanca sentenced a magazine editor to a suspended prison sentence.",
        "A Kenyan politician won a libel lawsuit against a newspaper on Thursday.",
    ],
)
def test_a_court_case_names_no_lawyer(text: str) -> None:
    assert LAWYERS in _unnamed(text)


@pytest.mark.parametrize(
    "text",
    [
        "The journalist's lawyer said he would appeal the sentence.",
        "Police arrested a prominent human rights attorney in Beijing.",
        "The bar association condemned the arrest of its members.",
        "A judge ordered the editor detained for 15 days.",
        "His legal team said the charges were politically motivated.",
    ],
)
def test_a_text_that_names_a_lawyer_keeps_the_label(text: str) -> None:
    assert LAWYERS not in _unnamed(text)


def test_an_arrest_names_no_rights_defender_unless_the_text_does() -> None:
    assert HRD in _unnamed("Police arrested a man suspected of plotting attacks on the embassy.")
    for named in (
        "Police arrested two rights activists in the capital.",
        "The government shut down more than 500 non-governmental organizations.",
        "Authorities detained a leading dissident on Monday.",
        "Aid workers were expelled from the region.",
    ):
        assert HRD not in _unnamed(named)


@pytest.mark.parametrize(
    ("label", "text"),
    [
        (THREATS, "Draft legislation that threatens NGO freedom risks undermining the new law."),
        (THREATS, "Anti-slavery NGOs in Mauritania threatened by draft law."),
        (THREATS, "Editors say the bill is a serious threat to press freedom."),
        (ASSOCIATION, "Tanzania shut down another newspaper on Friday, the third since June."),
        (ASSOCIATION, "The state government yesterday shut down a radio station owned by a rival."),
        (ASSOCIATION, "The government shut down three TV stations during the vote."),
    ],
)
def test_an_act_told_in_another_sense_is_marked(label: str, text: str) -> None:
    """A law "threatening" a freedom threatens no one; a media closure is censorship."""
    assert label in _other(text)


@pytest.mark.parametrize(
    ("label", "text"),
    [
        (THREATS, "Police threatened the journalist with arrest."),
        (THREATS, "The editor received death threats after the story ran."),
        # one cue outside the law's phrase is enough to keep the act
        (THREATS, "The new law threatens press freedom, and the editor was harassed by police."),
        (ASSOCIATION, "Kenya has shut down more than 500 non-governmental organizations."),
        (ASSOCIATION, "The ministry deregistered the rights group last week."),
        # a closed station and a dissolved association: the dissolution stays
        (ASSOCIATION, "Police shut down the radio station and the union was dissolved."),
    ],
)
def test_the_act_itself_stays(label: str, text: str) -> None:
    assert label not in _other(text)


@pytest.mark.parametrize(
    ("vetoed", "prefix", "label"),
    [
        (UNNAMED_VETOED, UNNAMED_PREFIX, LAWYERS),
        (UNNAMED_VETOED, UNNAMED_PREFIX, HRD),
        (OTHER_SENSE_VETOED, OTHER_PREFIX, THREATS),
        (OTHER_SENSE_VETOED, OTHER_PREFIX, ASSOCIATION),
    ],
)
def test_the_keys_veto_their_labels_under_the_rules(
    coder: DefaultCoder, vetoed: frozenset[str], prefix: str, label: str
) -> None:
    model = coder.model
    names = list(model.labels.names)
    assert label in vetoed
    j = names.index(label)
    off = replace(
        DEFAULT,
        unnamed_vetoed=DEFAULT.unnamed_vetoed - {label},
        other_sense_vetoed=DEFAULT.other_sense_vetoed - {label},
    )
    for rules, kept in ((DEFAULT, False), (off, True)):
        p = np.full((1, len(names)), 0.7, np.float32)
        model.apply_cue_rules(p, [{prefix + label: 1}], rules, None)
        assert bool(p[0, j] == np.float32(0.7)) is kept
    assert off.digest() != DEFAULT.digest()


def test_a_jailed_journalist_is_coded_without_lawyers(coder: DefaultCoder) -> None:
    doc = InputDoc(
        id="x",
        title="Journalist jailed over Facebook comments",
        text="An Abu Dhabi court jailed Wednesday a Jordanian journalist for three years over "
        "Facebook comments deemed insulting to the United Arab Emirates.",
        lang="en",
    )
    coded = coder.code([doc])[0]
    assert coded.is_incident
    assert "lawyers" not in set(coded.ids("targets"))
    assert "journalists" in set(coded.ids("targets"))


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()
