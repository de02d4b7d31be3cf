"""Real incident reports mapped onto the codebook (training/mappings.yaml): labels, unknown
kinds, and splits by time, country and source file, never at random."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from pathlib import Path

from civicspace.classify.features import text_windows
from civicspace.codebook import load_codebook
from civicspace.training.datasets import load_examples
from civicspace.training.devset import gold_line
from civicspace.training.real_sets import (
    identity_targets,
    load_colombia,
    load_hrdsattack,
    load_mass_mobilization,
    load_ml4p,
    mappings,
)


def test_every_mapped_label_is_a_codebook_id() -> None:
    cb = load_codebook()
    m = mappings()
    violations = set(cb.ids("violations"))
    targets = set(cb.ids("targets"))
    assert {v for vs in m["hrdsattack"]["violations"].values() for v in vs} <= violations
    assert {t for ts in m["hrdsattack"]["targets"].values() for t in ts} <= targets
    assert {v for vs in m["mass_mobilization"]["violations"].values() for v in vs} <= violations
    mm_targets = m["mass_mobilization"]["identity_targets"].values()
    assert {t for ts in mm_targets for t in ts} <= targets
    assert set(m["mass_mobilization"]["identity_not"]) <= targets
    assert set(m["mass_mobilization"]["identity_patterns"]) <= targets
    ml4p = m["ml4p_peace_machine"]
    assert set(ml4p["violations"].values()) | set(ml4p["form_violations"].values()) <= violations
    col = m["colombia_lideres_sociales"]
    assert {t for ts in col["type_targets"].values() for t in ts} <= targets


def test_hrdsattack_whole_articles_split_by_time(shared_data: Path) -> None:
    items = list(load_hrdsattack(shared_data))
    assert len(items) == 500
    cut = date.fromisoformat(mappings()["hrdsattack"]["split"]["heldout_published_from"])
    for e in items:
        assert e.published is not None
        assert (e.split == "dev") == (e.published >= cut)
    assert Counter(e.split for e in items)["dev"] > 150
    assert sum(len(e.text) for e in items) / len(items) > 3000  # whole articles, no tags
    assert not any("<p>" in e.text for e in items)
    other_only = [e for e in items if e.is_incident and "violations" in e.unknown]
    assert other_only and all(e.violations == () for e in other_only)
    assert any("whrd" in e.targets and "hrd" in e.targets for e in items)


def test_mass_mobilization_split_by_time_and_country(shared_data: Path) -> None:
    m = mappings()["mass_mobilization"]["split"]
    items = list(load_mass_mobilization(shared_data))
    by_country: dict[str, set[str]] = {}
    for e in items:
        by_country.setdefault(e.group, set()).add(e.split)
        if e.published and e.published.year >= m["heldout_years_from"]:
            assert e.split == "dev"
        if e.is_incident:
            assert "protesters" in e.targets and e.freedoms == ("peaceful_assembly",)
            assert "perpetrators" in e.unknown
            assert set(e.violations) - {"protest_disruption"}  # a dispersal alone is left out
        else:
            assert set(e.extra["responses"].split(",")) - {""} <= {"accomodation", "ignore"}
    for country in m["heldout_countries"]:
        assert by_country[f"mm:{country}"] == {"dev"}, country
    assert 0.2 < sum(bool(e.is_incident) for e in items) / len(items) < 0.6


def test_mass_mobilization_force_named_is_excessive_force(shared_data: Path) -> None:
    """Tear gas, water cannon, rubber bullets … in the note: the codebook's excessive_force, on
    the training and the held-out split alike (mm-dispersal, docs/coder-journal.md)."""
    from civicspace.training.real_sets import _force_named

    forced = mappings()["mass_mobilization"]["force_named"]["violations"]
    assert forced == ["excessive_force"]
    assert _force_named("police fired tear gas and water cannons to disperse them")
    assert _force_named("riot police baton-charged the students")
    assert not _force_named("protesters beat drums; police dispersed the crowd")
    items = list(load_mass_mobilization(shared_data))
    named = [e for e in items if e.is_incident and e.rule.endswith("force named")]
    assert all("excessive_force" in e.violations and _force_named(e.text) for e in named)
    by_split = Counter(e.split for e in named)
    assert by_split["train"] > 150 and by_split["dev"] > 50


def test_mass_mobilization_identity_read_by_the_codebook() -> None:
    """``protesteridentity`` mapped as the codebook reads it (mm-targets, docs/coder-journal.md): a party
    named is political opposition, a union that is a party or a student body is no trade union,
    striking groups are unionists; the substring keys still apply."""
    assert identity_targets("Musavat Party") == {"protesters", "political_opposition"}
    assert identity_targets("azadliq bloc") == {"protesters", "political_opposition"}
    assert identity_targets("anarchists, leftists, black bloc") == {"protesters"}
    assert identity_targets("union for change upc") == {"protesters", "political_opposition"}
    assert identity_targets("university students, student union") == {
        "protesters",
        "students_academics",
    }
    assert "trade_unionists" in identity_targets("national union of free trade unions")
    assert "trade_unionists" in identity_targets("striking educators")
    assert "trade_unionists" not in identity_targets("nepali congress workers")
    assert identity_targets("students, professors") == {"protesters", "students_academics"}
    assert identity_targets("workers") == {"protesters", "trade_unionists"}
    assert identity_targets("") == {"protesters"}


def test_mass_mobilization_parties_named_otherwise_and_politicians_supporters() -> None:
    """mm-targets-two: a party named without "party" (a front, a congress, communists, democrats,
    "movement for democratic change", a party's name) and the supporters of a politician are
    political opposition; a union congress, a communist-led union, the government's supporters
    are not; parties called "union" are no trade unions."""
    opposition = {"protesters", "political_opposition"}
    for identity in (
        "movement for democratic change",
        "belarus popular front",
        "nepali congress",
        "communists",
        "social democrats",
        "supporters of etienne tshisekedi",
        "aristide supporters",
        "other russia",
        "detained mp s supporters",
    ):
        assert identity_targets(identity) == opposition, identity
    for identity in ("irish congress of trade unions", "train drivers, communist led cgt union"):
        assert "political_opposition" not in identity_targets(identity), identity
    assert identity_targets("supporters of the government") == {"protesters"}
    assert identity_targets("anti communist demonstrators") == {"protesters"}
    assert identity_targets("police candidates") == {"protesters"}
    assert identity_targets("union of democratic forces, opposition supporters") == opposition
    assert identity_targets("the union of the forces of change") == opposition
    assert identity_targets("loyalists, unionists, orange order") == {"protesters"}
    assert "trade_unionists" in identity_targets("solidarity union members")


def test_mass_mobilization_dispersal_alone_with_force_and_no_riot(shared_data: Path) -> None:
    """A dispersal alone is an incident (excessive_force + protest_disruption, the mapped targets)
    when the note names force and tells no riot; otherwise it stays left out (mm-force-events)."""
    from civicspace.training.real_sets import _force_named, _riot_told

    assert mappings()["mass_mobilization"]["force_alone"]["violations"] == [
        "excessive_force",
        "protest_disruption",
    ]
    assert _riot_told("riot police fired tear gas; rioters set fire to two cars")
    assert _riot_told("youths threw stones at police, who fired tear gas")
    assert _riot_told("demonstrators looted shops")
    assert _riot_told("protesters fought running battles with the police")
    assert not _riot_told("riot police fired tear gas to disperse students")
    assert not _riot_told("anti riot squad used water cannon on the marchers")
    assert not _riot_told("protesters set tyres on fire to block the road; tear gas followed")
    items = list(load_mass_mobilization(shared_data))
    alone = [
        e
        for e in items
        if set(e.extra["responses"].split(",")) - {"accomodation", "ignore"} == {"crowd dispersal"}
    ]
    kept = [e for e in alone if e.is_incident]
    assert all(
        e.rule.endswith("force named, dispersal alone")
        and {"excessive_force", "protest_disruption"} == set(e.violations)
        and "protesters" in e.targets
        and e.freedoms == ("peaceful_assembly",)
        and _force_named(e.text)
        and not _riot_told(e.text)
        for e in kept
    )
    by_split = Counter(e.split for e in kept)
    assert by_split["train"] > 200 and by_split["dev"] > 100
    # the others (no force named, or a riot told) stay left out: none is a non-incident
    assert len(kept) == len(alone)
    every = {e.id: e for e in load_mass_mobilization(shared_data, keep_all=True)}
    left = [
        e
        for e in every.values()
        if e.is_incident is None
        and set(e.extra["responses"].split(",")) - {"accomodation", "ignore"} == {"crowd dispersal"}
    ]
    assert any(_force_named(e.text) and _riot_told(e.text) for e in left)
    assert any(not _force_named(e.text) for e in left)
    assert not any(_force_named(e.text) and not _riot_told(e.text) for e in left)


def test_mass_mobilization_acts_the_note_never_tells_are_dropped() -> None:
    """An arrest, a killing or force MM's responses give and the note tells in no word is dropped
    when another violation stays (mm-violations-two: the codebook codes what the text reports);
    a word of the act in any sense keeps it, and the incident itself is never revisited."""
    from civicspace.training.real_sets import told_violations

    acts = {"arrest_detention", "killing", "excessive_force", "protest_disruption"}
    quiet = "protests were against government plans to privatize social security."
    pair = {"arrest_detention", "killing"}
    assert told_violations(pair | {"excessive_force"}, quiet + " tear gas") == {"excessive_force"}
    assert told_violations(pair, quiet) == pair
    # a dispersal alone is left out by the mapping: dropping does not make one
    assert told_violations(acts, quiet) == acts
    assert told_violations(set(), quiet) == set()
    told = {
        "police rounded 90 protesters up and whipped them": {"arrest_detention", "excessive_force"},
        "dozens were held overnight; one man died of his wounds": acts - {"protest_disruption"},
        "a demonstration against the jailing of a dissident": {"arrest_detention"},
        "troops fired tear gas at the marchers": {"excessive_force"},
    }
    for note, kept in told.items():
        assert told_violations(acts - {"protest_disruption"}, note) == kept, note
    # dispersals are never dropped: a note telling force or arrests at a protest implies one
    assert "protest_disruption" not in mappings()["mass_mobilization"]["untold"]


def test_mass_mobilization_untold_acts_on_both_splits(shared_data: Path) -> None:
    from civicspace.training.real_sets import told_violations

    items = [e for e in load_mass_mobilization(shared_data) if e.is_incident]
    dropped = [e for e in items if e.rule.endswith("untold acts dropped")]
    assert all(
        e.violations and told_violations(set(e.violations), e.text) == set(e.violations)
        for e in items
    )
    by_split = Counter(e.split for e in dropped)
    assert by_split["train"] > 150 and by_split["dev"] > 30


def test_ml4p_split_by_source_file_and_targets_required(shared_data: Path) -> None:
    held = set(mappings()["ml4p_peace_machine"]["split"]["heldout_files"])
    items = list(load_ml4p(shared_data))
    for e in items:
        assert (e.split == "dev") == (e.group.removeprefix("ml4p:") in held)
        laws = ("legalchangeassembly", "legalchangengo", "legalchangespeech")
        if e.is_incident and e.extra["category"] not in laws:
            assert e.targets, e.id  # a violation needs a civic target named in the text
    cats = Counter(e.extra["category"] for e in items if e.is_incident is False)
    assert {"coup", "disaster", "protest"} <= set(cats)


def test_colombia_deduplicated_spanish_killings_split_by_time(shared_data: Path) -> None:
    items = list(load_colombia(shared_data))
    assert len({e.text for e in items}) == len(items) < 121
    assert all(
        e.lang == "es" and e.violations == ("killing",) and "hrd" in e.targets for e in items
    )
    assert {e.split for e in items} == {"train", "dev"}
    dev_first = min(e.event_date for e in items if e.split == "dev" and e.event_date)
    train_last = max(e.event_date for e in items if e.split == "train" and e.event_date)
    assert train_last < dev_first


def test_gold_lines_leave_out_undecided_kinds(shared_data: Path) -> None:
    items = [e for e in load_examples(shared_data, ("colombia",), split="dev")]
    line = gold_line(items[0])
    assert line["violations"] == ["killing"] and "perpetrators" not in line
    assert "gendered" not in line


def test_windows_cover_a_long_text_within_the_featurizer_length() -> None:
    body = " ".join(f"word{i}" for i in range(2000))
    windows = text_windows("Title", body, 600, 8)
    assert len(windows) == 8 and windows[0].startswith("Title.\nword0 ")
    assert all(len(w) <= 600 for w in windows[1:])
    assert all(w.startswith("Title.\n") for w in windows)
    # consecutive windows overlap: the last word of one occurs in the next
    for a, b in itertools.pairwise(windows[1:]):
        assert a.split()[-2] in b
    assert text_windows("T", "short text", 600, 8) == ["T.\nshort text"]
