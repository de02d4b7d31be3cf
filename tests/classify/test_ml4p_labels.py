"""ML4P labels given the incident (ml4p-labels, docs/coder-journal.md): a court case or a sentence names
no lawyer, an arrest no rights defender, unless the text names one (``senses.UNNAMED_NEEDS``,
``label_tables.UNNAMED_VETOED``); a law "threatening" a freedom threatens no one
and a newspaper or a station shut down is censorship, no association restricted
(``senses.OTHER_SENSES``, ``label_tables.OTHER_SENSE_VETOED``). hrds-violations: a release
called for, promised or not made, a report "released", a car "overturned" are no ``positive``; an
attack on democracy or press freedom "under attack" is no physical ``attack``; a life-threatening
injury, a threat to strike, a "security threat" threaten no one."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import OTHER_SENSE_VETOED, UNNAMED_VETOED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import OTHER_PREFIX, UNNAMED_PREFIX
from civicspace.classify.schema import InputDoc
from civicspace.classify.senses import other_sense_keys, unnamed_keys

LAWYERS = "targets:lawyers"
HRD = "targets:hrd"
THREATS = "violations:threats_intimidation"
ASSOCIATION = "violations:association_restriction"
POSITIVE = "violations:positive"
ATTACK = "violations:attack"


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
        # hrds-violations: a release asked for or not made, a report "released", cars
        # overturned; an attack on an idea, "under attack"; a danger, a strike threatened
        (POSITIVE, "Three bloggers held since March must be freed at once, the group said."),
        (POSITIVE, "The strikers demanded that their union leader be released unconditionally."),
        (POSITIVE, "Two weeks on, the police have still not released the reporter."),
        (POSITIVE, "A rights group released a report on the jailing of journalists."),
        (POSITIVE, "Students overturned a police van outside the campus."),
        (POSITIVE, "The regime quashed dissent after the students' rally."),
        (ATTACK, "Lawyers called the new decree an attack on press freedom."),
        (ATTACK, "Journalism is under attack in the region, the editors' forum warned."),
        (THREATS, "One of the marchers suffered life-threatening injuries."),
        (THREATS, "Teachers threatened to go on strike if the union leader stays in jail."),
        (THREATS, "Officials cited a security threat when they banned the rally."),
    ],
)
def test_an_act_told_in_another_sense_is_marked(label: str, text: str) -> None:
    """A law "threatening" a freedom threatens no one; a media closure is censorship; a release
    asked for is none (hrds-violations)."""
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
        # hrds-violations (sentences written for the test)
        (POSITIVE, "The court released the two activists on bail on Tuesday."),
        (POSITIVE, "The editor was freed after nine days in custody."),
        # one cue outside the phrases keeps the act
        (POSITIVE, "Rights groups said he must be freed; on Friday he was released."),
        (ATTACK, "A mob attacked the reporters outside the court."),
        (ATTACK, "The union's office came under attack overnight."),
        (THREATS, "The activist received death threats after the broadcast."),
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
        # hrds-violations (test_other_sense_acts.py)
        (OTHER_SENSE_VETOED, OTHER_PREFIX, POSITIVE),
        (OTHER_SENSE_VETOED, OTHER_PREFIX, ATTACK),
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
