"""Smears and surveillance (smear-surv, docs/coder-journal.md): strong cues say who is labelled, whose
phone or account is reached; the bare smear words that also mean mud or brands are weak, so the
rare-label rule no longer fires on them; a smear told past the lead fires the rule when it shares
a sentence with a civic target."""

from __future__ import annotations

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.lexicon import count_hits, lower_preserving, multilexicon
from civicspace.classify.schema import InputDoc


def _strong(text: str, lang: str) -> set[str]:
    _, hits = multilexicon().find(lower_preserving(text), lang)
    return set(count_hits(hits)[1])


@pytest.mark.parametrize(
    ("lang", "text", "key"),
    [
        (
            "en",
            "The army red-tagged seven rights defenders in Manila.",
            "violations:smear_campaign",
        ),
        ("en", "Union leaders were labelled as terrorists.", "violations:smear_campaign"),
        ("en", "Beijing was quick to label him a traitor.", "violations:smear_campaign"),
        (
            "en",
            "Pro-government accounts smeared the protest movement.",
            "violations:smear_campaign",
        ),
        ("en", "Agents hacked into the email of an opposition MP.", "violations:surveillance"),
        ("en", "The lawyer remains under constant surveillance.", "violations:surveillance"),
        ("en", "A phone-tapping operation was run against critics.", "violations:surveillance"),
        (
            "es",
            "Mientras los golpeaban, los tildaban de guerrilleros.",
            "violations:smear_campaign",
        ),
        ("es", "Denunció chuzadas contra periodistas.", "violations:surveillance"),
    ],
)
def test_strong_smear_and_surveillance_cues(lang: str, text: str, key: str) -> None:
    assert key in _strong(text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "key"),
    [
        (
            "en",
            "The minister said the resignations were a move to smear the presidency.",
            "violations:smear_campaign",
        ),
        ("en", "Photographs smeared with mud lay in the debris.", "violations:smear_campaign"),
        (
            "en",
            "Coca-Cola will let retailers stock rival drinks in its branded coolers.",
            "violations:smear_campaign",
        ),
        (
            "es",
            "La policía reforzó la vigilancia en el centro de la ciudad.",
            "violations:surveillance",
        ),
    ],
)
def test_words_with_other_meanings_are_weak(lang: str, text: str, key: str) -> None:
    assert key not in _strong(text, lang)


# surveil-two: "+" a strong English surveillance cue (whose phone, account or movements), "-" a
# bare word with other meanings (machetes, footage, epidemics, school security), weak
SURVEIL_TWO = """
+ Hackers hacked his phone and read his messages.
+ The editor said he was followed by agents for weeks.
+ He was placed under surveillance after the march.
- A local leader was hacked to death by assailants.
- Surveillance footage shows the attacker.
- Dozens of contacts are under surveillance for Ebola.
- Parents should watch for people spying on buses.
"""


@pytest.mark.parametrize("line", SURVEIL_TWO.strip().splitlines())
def test_surveillance_cues_second_pass(line: str) -> None:
    sign, text = line.split(" ", 1)
    assert ("violations:surveillance" in _strong(text, "en")) == (sign == "+")


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


CODED = [
    (
        InputDoc(
            id="sm",
            title="Rights defenders red-tagged, then arrested",
            text="Police red-tagged seven human rights defenders in Manila and arrested them on "
            "Thursday, the rights group Karapatan said.",
            lang="en",
        ),
        "smear_campaign",
    ),
    (
        InputDoc(
            id="su",
            title="Activists' accounts hacked",
            text="Security agents hacked into the email accounts of opposition activists in Kampala "
            "and tapped their phones, their lawyer said.",
            lang="en",
        ),
        "surveillance",
    ),
]


@pytest.mark.parametrize(("doc", "label"), CODED, ids=lambda x: getattr(x, "id", x))
def test_coder_codes_the_new_cues(coder: DefaultCoder, doc: InputDoc, label: str) -> None:
    c = coder.code([doc])[0]
    assert c.is_incident
    assert label in c.ids("violations")


LEAD = (
    "Police in Harare arrested eleven members of the Zimbabwe Congress of Trade Unions on "
    "Monday as they gathered to protest over unpaid wages, their lawyer said. The union had "
    "called the protest after months of talks with the ministry of labour broke down, and its "
    "members had marched peacefully through the city centre before police moved in. Witnesses "
    "said officers used batons on several of the marchers and loaded them into trucks. The "
    "lawyer said the eleven were being held at Harare Central police station and had not been "
    "told what they were charged with. Relatives waited outside the station into the evening "
    "and were turned away by officers at the gate. "
)


@pytest.mark.parametrize(
    ("tail", "label", "fires"),
    [
        ("State media called the union leaders traitors.", "smear_campaign", True),
        (
            "The minister called the resignation of his deputy an act of a traitor.",
            "smear_campaign",
            False,
        ),
        # surveil-two: surveillance is in ``model.FULL_TEXT_RULES`` too
        (
            "Since then the union leaders have been under constant surveillance.",
            "surveillance",
            True,
        ),
        ("Surveillance footage of the station was shown to reporters.", "surveillance", False),
    ],
)
def test_a_rare_label_past_the_lead_fires_when_it_names_a_target(
    coder: DefaultCoder, tail: str, label: str, fires: bool
) -> None:
    assert len(LEAD) > 600  # past what the heads read
    doc = InputDoc(
        id="far", title="Zimbabwe police arrest union members", text=LEAD + tail, lang="en"
    )
    c = coder.code([doc])[0]
    assert c.is_incident
    assert (label in c.ids("violations")) == fires
