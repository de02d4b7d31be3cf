"""Persons and organisations as victims or alleged perpetrators (a transparent heuristic)."""

from __future__ import annotations

from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.persons import extract_persons


def _roles(sentence: str, lang: str, places: set[str] | None = None) -> dict[str, str]:
    _, hits = multilexicon().find(lower_preserving(sentence), lang)
    spans = [(h.start, h.end) for h in hits if h.cue.kind == "violations" and not h.cue.weak]
    return {p.name: p.role for p in extract_persons([(sentence, spans)], places or set())}


def test_passive_victim_and_agent_perpetrator() -> None:
    roles = _roles("El periodista Luis Pérez fue detenido por agentes del SEBIN.", "es")
    assert roles == {"Luis Pérez": "victim", "SEBIN": "perpetrator"}


def test_role_words_sources_and_places_are_left_out() -> None:
    roles = _roles(
        "Reporter Jane Wanjiru was arrested outside the National Assembly, the Kenya Union of "
        "Journalists said.",
        "en",
    )
    assert roles == {"Jane Wanjiru": "victim"}


def test_active_perpetrator_before_the_cue() -> None:
    roles = _roles("Members of the Patriotic Front attacked opposition leader John Banda.", "en")
    assert roles.get("Patriotic Front") == "perpetrator"
    assert roles.get("John Banda") == "victim"


def test_sentences_without_a_violation_give_nobody() -> None:
    assert extract_persons([("Maria Silva won the election.", [])], set()) == []


def test_a_named_journalist_is_a_victim_wherever_the_violation_comes() -> None:
    # the registry once recorded detained journalists as alleged perpetrators
    roles = _roles(
        "Journalist Amina Okafor, who covered the evictions, spent three nights in detention.",
        "en",
    )
    assert roles.get("Amina Okafor") == "victim"
    roles = _roles("Amina Okafor, a reporter for the Daily Nation, was beaten by police.", "en")
    assert roles.get("Amina Okafor") == "victim"


def test_streets_and_areas_are_not_persons() -> None:
    # the registry once recorded two street addresses as persons
    roles = _roles("Police raided the office on Kenyatta Avenue and arrested Jane Wanjiru.", "en")
    assert "Kenyatta Avenue" not in roles
    assert roles.get("Jane Wanjiru") == "victim"
