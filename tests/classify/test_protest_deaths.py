"""recall-reports (docs/coder-journal.md "Short reports: deaths in a protest, measured, not
adopted"): a titled short report that tells people killed in a protest is kept whatever its pair
(``Rules.keeps_protest_deaths``, ``label_tables.TITLED_PROTEST_DEATHS_NOT_ADOPTED``); untitled
notes, grievances, self-immolations and the month "March" stay out. Off in the shipped rules, so
the coder's rules digest does not move."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import TITLED_PROTEST_DEATHS_NOT_ADOPTED
from civicspace.classify.schema import InputDoc

ON = replace(DEFAULT, titled_protest_deaths=TITLED_PROTEST_DEATHS_NOT_ADOPTED)


def test_the_rule_is_off_and_leaves_the_digest() -> None:
    assert not DEFAULT.titled_protest_deaths
    # off, the rule enters no digest: its settings move nothing (the coder version stays)
    assert replace(DEFAULT, titled_protest_deaths_from=0.123).digest() == DEFAULT.digest()
    assert ON.digest() != DEFAULT.digest()
    assert not DEFAULT.keeps_protest_deaths(0.9, "7 killed in Kenyan Muslim protest", True)


@pytest.mark.parametrize(
    "text",
    [
        "7 killed in Kenyan Muslim protest in support of radical cleric",
        "Three people were shot dead in demonstrations against the election body.",
        "At least 10 people have died during two days of protests in the capital.",
        "Two dead at opposition rally as police open fire",
    ],
)
def test_deaths_in_a_protest_are_told(text: str) -> None:
    assert ON.keeps_protest_deaths(0.1, text, titled=True)
    assert not ON.keeps_protest_deaths(0.1, text, titled=False)


@pytest.mark.parametrize(
    "text",
    [
        "Students protest the killing of their colleague.",
        "Hundreds rally after a man was killed in police custody, demanding justice.",
        "Around 100,000 Iraqis have been killed since the invasion in March 2003.",
        "Protesters killed in the city were mourned. Thousands joined a rally later.",
        "Flash floods have killed at least 38 people in the north.",
        "A monk died after he set himself alight in protest against the ban.",
    ],
)
def test_what_the_rule_leaves_alone(text: str) -> None:
    assert not ON.keeps_protest_deaths(0.9, text, titled=True)


def test_a_titled_snippet_is_kept_only_with_the_rule() -> None:
    doc = InputDoc(
        id="t1",
        title="7 killed in Kenyan Muslim protest in support of radical cleric",
        text=(
            "NAIROBI, Kenya (AP) - At least seven people were killed when police fired on about "
            "100 Muslim youth in the Kenyan capital who on Friday protested the arrest of a cleric."
        ),
        lang="en",
    )
    coder = DefaultCoder()
    shipped = coder.code([doc], full=False)[0]
    coder.label_rules = ON
    on = coder.code([doc], full=False)[0]
    assert not shipped.is_incident
    assert on.is_incident
