"""Missions from ``government_contacts``: the mission of X in Y, addresses where known."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicspace.errors import ConfigError, InvalidInput, NotFound
from civicspace.letters import LetterRequest, find_mission
from civicspace.letters.contacts import load
from civicspace.settings import Settings


@pytest.fixture
def contacts(shared_data: Path) -> Path:
    folder = shared_data / "government_contacts"
    if not (folder / "database_of_embassies.csv").is_file():
        pytest.skip(f"government_contacts not found in {shared_data}")
    return folder


def test_the_directory_holds_the_missions(contacts: Path) -> None:
    directory = load(contacts)
    assert len(directory.missions) + directory.skipped == 9852
    assert len(directory.missions) > 9700  # rows whose states match an ISO code
    assert not [m for m in directory.missions if m.sender == m.host]
    assert directory.between("CD", "BE")  # spelt "Democratic Republic of the Congo" there
    in_paris = directory.between("KE", "FR")
    assert in_paris[0].type == "embassy"
    assert in_paris[0].city == "Paris"
    assert directory.get(in_paris[0].qid) == in_paris[0]
    with pytest.raises(NotFound):
        directory.get("Q0")


def test_embassies_first(contacts: Path) -> None:
    missions = load(contacts).between("JP", "US")
    assert missions[0].type == "embassy"
    assert len(missions) > 1
    ranks = [m.type == "embassy" for m in missions]
    assert ranks == sorted(ranks, reverse=True)


def test_street_addresses_from_the_smaller_lists(contacts: Path) -> None:
    directory = load(contacts)
    us_in_kenya = directory.between("US", "KE")[0]
    assert "Nairobi" in us_in_kenya.address_in("en")
    in_seoul = [m for m in directory.missions if m.host == "KR" and m.address]
    assert len(in_seoul) > 50
    assert any("서울" in m.address_in("ko") for m in in_seoul)


def test_find_mission_for_a_request(contacts: Path) -> None:
    settings = Settings(data_dir=contacts.parent)
    request = LetterRequest(recipient="mission", country="KE", host="FR")
    mission = find_mission(request, settings)
    assert mission is not None and mission.host == "FR"
    named = request.model_copy(update={"mission": mission.qid})
    assert find_mission(named, settings) == mission
    other = request.model_copy(update={"country": "GH", "mission": mission.qid})
    with pytest.raises(InvalidInput, match="does not represent"):
        find_mission(other, settings)
    with pytest.raises(NotFound, match="no mission of KE in AQ"):
        find_mission(request.model_copy(update={"host": "AQ"}), settings)


def test_absent_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"database_of_embassies\.csv is missing"):
        load(tmp_path)
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(ConfigError, match="CIVICSPACE_LETTERS_CONTACTS_DIR"):
        find_mission(LetterRequest(recipient="mission", country="KE", host="FR"), settings)
    assert find_mission(LetterRequest(), settings) is None  # no mission, no data needed
