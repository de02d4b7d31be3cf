"""Country, eighth pass (docs/coder.md, "Country, eighth pass (country-eight)"): a country's
capital written as a place votes a country name's weight, not where a capitalised word stands
next to it or where it speaks for its government; Bucharest's "Sector 1" to "Sector 6" are no
place. Sentences written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify.geo import _is_capital_place, gazetteer


def _capital_mention(text: str, name: str) -> bool:
    """Whether some city mention of ``name`` counts as its country's capital written as a place."""
    found = [m for m in gazetteer().mentions(text) if text[m.start : m.end] == name]
    assert found
    return any(m.kind == "city" and _is_capital_place(text, m) for m in found)


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("Journalists were ejected from the hall in Nairobi after a protest.", "Nairobi", True),
        ("In Nairobi Thursday, police fired tear gas at traders.", "Nairobi", True),
        ("Robert Barasa, a campaigner for Governor Ken Lusaka, was shot dead.", "Lusaka", False),
        ("Trinamul alleged that Kabul Sheikh, 27, was murdered by goons.", "Kabul", False),
        ("Tehran has denied involvement in the killing of the activist.", "Tehran", False),
        ("The talks stalled over Tehran's nuclear deal with world powers.", "Tehran", False),
    ],
)
def test_a_capital_is_a_place_unless_a_name_or_its_government(
    text: str, name: str, place: bool
) -> None:
    assert _capital_mention(text, name) is place


def test_a_capital_outvotes_a_country_named_as_an_outside_party() -> None:
    text = (
        "Traders of Burma Market, Nairobi used flaming tyres to block Jogoo Road in a demo "
        "against alleged land grabbing."
    )
    assert gazetteer().detect(text).country == "KE"


def test_a_planned_citys_sector_is_no_place_of_romania() -> None:
    text = (
        "Computer teachers were stopped by police near the Bella Vista Chowk in Sector 5 "
        "while marching to the DC office in Sector 1."
    )
    r = gazetteer().detect(text)
    assert "RO" not in r.votes
