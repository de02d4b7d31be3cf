"""Country, third pass: foreign parties named by a demonym, villages of 1,000+ after a place or a
list word, seas named with a country, Colombian peoples as cues (docs/coder-journal.md, "Country, third
pass (country-three)"). Sentences written for these tests."""

from __future__ import annotations

from civicspace.classify.geo import gazetteer


def test_a_demonym_naming_an_outside_party_does_not_vote() -> None:
    g = gazetteer()
    text = "Well over 200 protesters gathered to block a Chinese firm from accessing a road."
    assert g.detect(text).country is None
    text = "Protesters raided a Somali-owned hotel in Mwingi before police dispersed them."
    # "Somali" is also Somalia's name in other languages: the coder passes the language
    assert g.detect(text, lang="en").country == "KE"
    # the demonym of the people who act where they are still votes
    assert g.detect("Kenyan students protested over fees.").country == "KE"


def test_a_village_after_a_list_word_places_the_note() -> None:
    g = gazetteer()
    text = "Residents of Mwatate, Voi and Wundanyi held demonstrations over the resettlement."
    assert g.detect(text).country == "KE"
    text = "Two protesters died of bullet wounds when police opened fire in Surkhet district."
    assert g.detect(text).country == "NP"


def test_a_sea_named_with_a_country_votes_for_none() -> None:
    g = gazetteer()
    text = "Fishermen protested on the Indian Ocean coast after police seized their boats."
    assert g.detect(text).country is None
    assert g.detect("Fishermen protested in Mombasa on the Indian Ocean coast.").country == "KE"


def test_colombian_peoples_are_cues_in_title_case_only() -> None:
    g = gazetteer()
    text = "Fue asesinado por desconocidos. Secretario del Cabildo Nasa de Pueblo Nuevo"
    assert g.detect(text, lang="es").country == "CO"
    assert g.detect("The NASA engineers were arrested at a protest.").country is None
    text = "Dos sujetos le dispararon. Miembro de la Asociación Veredal de Víctimas."
    assert g.detect(text, lang="es").country == "CO"


def test_a_half_vote_decides_when_it_leads_alone() -> None:
    g = gazetteer()
    # Chuka, a Kenyan town of 15,000+ whose vote is 0.5: enough where nothing else is named
    text = "Chuka University students violently protest disputed school elections."
    assert g.detect(text, lang="en").country == "KE"
    # Punjab, half India's and half Pakistan's, decides nothing
    text = "Farmers marched to a Punjab minister s residence and were stopped by police."
    assert g.detect(text, lang="en").country is None


def test_a_half_vote_for_another_country_than_the_outlets_decides_nothing() -> None:
    # a lone sub-1 lead (here a village whose name is a word) decides where no outlet country is
    # known, and not against a known outlet's country (a same-event pair of the clustering gold)
    g = gazetteer()
    title, text = "HSBC sells its stake", "The shares were sold by HSBC Bank to Vivendi."
    alone = g.detect(text, title)
    assert alone.country is not None and alone.votes[alone.country] < 1.0
    assert g.detect(text, title, "ES").country is None
