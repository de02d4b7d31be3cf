"""Country, tenth pass (on since the merge; measured held out with no loss): a name written
before an admin unit only one country has is that country's unit ("Raipura upazila"); a country
name that is another country's subdivision is the subdivision after a place of that country
("Atlanta, Georgia") or where it is called a city or a state; national forces, parties and
parliaments as place cues (docs/coder-journal.md, "Country, tenth pass (country-ten)").
Sentences written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify import geo
from civicspace.classify.geo import Gazetteer, _subdivision_country_names, gazetteer


def test_on_by_default_and_in_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    assert geo._UNIT_NAMES and geo._SUBDIVISION_COUNTRY_NAMES and geo._TEN_CUES
    before = geo.gazetteer_digest.__wrapped__()
    monkeypatch.setattr(geo, "_UNIT_NAMES", False)
    assert geo.gazetteer_digest.__wrapped__() != before


def test_the_subdivisions_named_like_countries() -> None:
    names = _subdivision_country_names()
    assert names["georgia"] == frozenset({"US"})
    assert names["niger"] == frozenset({"NG"})
    assert "kenya" not in names


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a town's name another country's city has, before a unit only Bangladesh has
        ("Two groups of party supporters clashed in Raipura upazila on Sunday.", "BD"),
        # a place of the country, then its state named like a country
        ("Hundreds of nurses protested outside a hospital in Atlanta, Georgia.", "US"),
        ("Police dispersed a crowd of traders in Suleja (Niger) with tear gas.", "NG"),
        ("Soldiers beat a driver in the northern city of Mali, and residents rioted.", "GN"),
        ("Hundreds marched in the state of Georgia against the new voting law.", "US"),
        # the country itself: after its own capital, or with no place of the other before it
        ("Police detained opposition supporters in Tbilisi, Georgia, on Friday.", "GE"),
        ("Journalists were arrested in Georgia and Armenia during the protests.", "GE"),
        ("Protesters were shot dead in Niger during a march against the tax.", "NE"),
    ],
)
def test_the_unit_or_the_state_decides(
    monkeypatch: pytest.MonkeyPatch, text: str, country: str
) -> None:
    monkeypatch.setattr(geo, "_UNIT_NAMES", True)
    monkeypatch.setattr(geo, "_SUBDIVISION_COUNTRY_NAMES", True)
    assert gazetteer().detect(text, lang="en").country == country


def test_off_the_names_are_read_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo, "_UNIT_NAMES", False)
    monkeypatch.setattr(geo, "_SUBDIVISION_COUNTRY_NAMES", False)
    g = gazetteer()
    assert g.detect("Nurses protested in Atlanta, Georgia.", lang="en").country == "GE"
    text = "Two groups of party supporters clashed in Raipura upazila on Sunday."
    assert g.detect(text, lang="en").country == "IN"


def test_national_forces_as_cues(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo, "_TEN_CUES", True)
    g = Gazetteer(with_cities=False)
    text = "Carabineros fired tear gas at students marching against the fare rise."
    assert g.detect(text, lang="en").country == "CL"
    assert g.detect("ESMAD officers beat a protester during the strike.").country == "CO"
    # a cue in capitals is written so
    assert g.detect("Omon fired at the crowd.").country is None
    monkeypatch.setattr(geo, "_TEN_CUES", False)
    assert Gazetteer(with_cities=False).detect(text, lang="en").country is None
