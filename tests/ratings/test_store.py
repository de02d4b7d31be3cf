"""Ratings on SQLite and PostgreSQL: base import, compute, the panel, history across methodology
versions, the watchlist, ACLED import, CLI."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.acled.importer import import_acled
from civicspace.errors import Conflict, InvalidInput
from civicspace.ratings import export, panel, watchlist
from civicspace.ratings.base import base_score, import_base_csv
from civicspace.ratings.compute import compute_all, public_rating, register_method, score_country
from civicspace.ratings.method import load_method
from civicspace.ratings.panel import Forbidden
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.incidents import Incident, IncidentRevision
from civicspace.store.migrate import downgrade, head_revision, upgrade
from civicspace.store.ratings import AcledEvent, BandChange, PublicRating, RatingScore

METHOD = load_method("1")
DAY = date(2025, 6, 30)
BASE_CSV = """country,year,input,value,source,note
KE,2025,partner_assessment,60,Partner review 2025,
KEN,2025,press_freedom_index,70,RSF 2025,
Kenya,2025,political_terror_scale,3,PTS 2024,carried
UG,2025,inhouse_assessment,30,In-house,
"""


def _write(tmp_path: Path, text: str, name: str = "base.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _incident(
    session: Session, country: str, day: date, violations: list[str], **kw: object
) -> Incident:
    inc = Incident(
        title=f"{violations[0]} in {country}",
        country=country,
        start_date=day,
        violations=violations,
        targets=kw.pop("targets", []),
        verification=kw.pop("verification", "verified"),
        state=kw.pop("state", "published"),
        published_at=datetime.now(UTC),
        **kw,
    )
    session.add(inc)
    session.flush()
    return inc


def _user(
    session: Session, name: str, role: str = "editor", rights: list[str] | None = None
) -> User:
    user = User(username=name, password_hash="x", role=role, rights=rights or [])
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def rated(engine: Engine, tmp_path: Path) -> Iterator[Session]:
    """KE and UG with base inputs (KE base 60, UG base 30)."""
    with Session(engine, expire_on_commit=False) as session:
        import_base_csv(_write(tmp_path, BASE_CSV), session, METHOD)
        session.commit()
        yield session
        session.rollback()


def test_migration_downgrades_and_upgrades(engine: Engine) -> None:
    from sqlalchemy import inspect

    assert downgrade(engine, "0003_incidents") == "0003_incidents"
    assert "rating_band_changes" not in inspect(engine).get_table_names()
    assert upgrade(engine, "0004_ratings") == "0004_ratings"
    assert "rating_band_changes" in inspect(engine).get_table_names()
    assert upgrade(engine) == head_revision(engine)


def test_base_import_and_score(rated: Session, tmp_path: Path) -> None:
    ke = base_score(rated, "KE", 2025, METHOD)
    assert ke is not None and ke.value == pytest.approx(60.0)
    assert {i["input"]: i["effective_weight"] for i in ke.inputs}[
        "partner_assessment"
    ] == pytest.approx(0.5385, abs=1e-4)
    # carried forward up to three years
    assert base_score(rated, "KE", 2028, METHOD) is not None
    assert base_score(rated, "KE", 2029, METHOD) is None
    # a re-import updates values in place
    result = import_base_csv(
        _write(tmp_path, "country,year,input,value\nKE,2025,partner_assessment,70\n", "b2.csv"),
        rated,
        METHOD,
    )
    assert (result.inserted, result.updated) == (0, 1)


def test_base_import_bad_rows_import_nothing(rated: Session, tmp_path: Path) -> None:
    bad = _write(
        tmp_path,
        "country,year,input,value\n"
        "KE,2024,partner_assessment,61\n"
        "Atlantis,2024,partner_assessment,50\n"
        "KE,year,partner_assessment,50\n"
        "KE,2024,freedom_vibes,50\n"
        "KE,2024,political_terror_scale,9\n"
        "KE,2024,press_freedom_index,n/a\n"
        "KE,2024,partner_assessment,62\n"
        "KE,2024,,\n",
        "bad.csv",
    )
    with pytest.raises(InvalidInput) as err:
        import_base_csv(bad, rated, METHOD)
    message = str(err.value)
    for expected in (
        "7 bad row(s), nothing imported",
        "line 3: unknown country 'Atlantis'",
        "line 4: year 'year' is not a whole number",
        "line 5: unknown input 'freedom_vibes'",
        "line 6: value 9 outside 1-5 for input 'political_terror_scale'",
        "line 7: value 'n/a' is not a number",
        "line 8: duplicate of line 2",
        "line 9: missing input, value",
    ):
        assert expected in message
    rated.rollback()
    assert base_score(rated, "KE", 2024, METHOD) is None
    with pytest.raises(InvalidInput, match="header lacks"):
        import_base_csv(_write(tmp_path, "country,year\nKE,2024\n", "h.csv"), rated, METHOD)


def test_compute_panel_only_approved_changes_are_public(rated: Session) -> None:
    _incident(
        rated,
        "KE",
        date(2025, 6, 30),
        ["killing"],
        targets=["journalists"],
        extra={"fatalities": 1},
    )
    _incident(rated, "KE", date(2025, 6, 1), ["censorship"], state="proposed")  # not published
    report = compute_all(rated, METHOD, DAY)
    assert report.outcomes == {"computed": 2}
    ke = rated.scalar(select(RatingScore).where(RatingScore.country == "KE"))
    assert ke is not None and ke.methodology_version == "1"
    # 60 − 0.5 × 18.75 (one verified journalist killed today, 1 fatality) = 50.625
    assert ke.score == 50.62 or ke.score == 50.63
    assert ke.band == "obstructed"
    assert [c["incident"] for c in ke.explanation["adjustment"]["contributions"]] == [
        ke.explanation["adjustment"]["contributions"][0]["incident"]
    ]
    assert len(report.proposed) == 2  # first ratings: KE obstructed, UG repressed
    assert export.public_rows(rated, Settings()) == []  # nothing public before the panel

    member = _user(rated, "ana", rights=["panel"])
    outsider = _user(rated, "bo")
    change_ke, change_ug = (rated.get(BandChange, i) for i in report.proposed)
    assert change_ke is not None and change_ug is not None
    with pytest.raises(Forbidden):
        panel.decide(rated, change_ke.id, outsider, True, "looks right")
    with pytest.raises(InvalidInput):
        panel.decide(rated, change_ke.id, member, True, "  ")
    decision = panel.decide(rated, change_ke.id, member, True, "consistent with partner reports")
    assert decision.public is not None and decision.public.band == "obstructed"
    with pytest.raises(Conflict):
        panel.decide(rated, change_ke.id, member, False, "changed my mind")
    rejected = panel.decide(rated, change_ug.id, member, False, "base input outdated")
    assert rejected.public is None and rejected.change.status == "rejected"
    rated.commit()

    rows = export.public_rows(rated, Settings())
    assert [(r["country"], r["band"]) for r in rows] == [("KE", "obstructed")]
    assert "score" not in rows[0]
    assert export.public_rows(rated, Settings(publish_scores=True))[0]["score"] == ke.score
    assert public_rating(rated, "UG") is None
    assert [c.id for c in panel.queue(rated)] == []


def test_same_band_refresh_and_superseded_proposals(rated: Session) -> None:
    member = _user(rated, "ana", rights=["panel"])
    first = compute_all(rated, METHOD, DAY, ["KE"])
    panel.decide(rated, first.proposed[0], member, True, "initial rating")
    # a minor incident later: same band, the public score is refreshed without the panel
    _incident(rated, "KE", date(2025, 7, 1), ["smear_campaign"], verification="reported")
    second = compute_all(rated, METHOD, date(2025, 7, 1), ["KE"])
    assert second.proposed == [] and second.refreshed == ["KE"]
    pub = public_rating(rated, "KE")
    assert pub is not None and pub.basis == "same-band" and pub.score < 60
    # a severe burst proposes a change; when the score recovers, the proposal is superseded
    for _ in range(4):  # 4 × 10 × 1.25 × 0.5 = 25 points: 59.25 → 34.25, past 41 − 2
        _incident(rated, "KE", date(2025, 7, 2), ["killing"], targets=["hrd"])
    third = compute_all(rated, METHOD, date(2025, 7, 2), ["KE"])
    assert len(third.proposed) == 1
    change = rated.get(BandChange, third.proposed[0])
    assert change is not None
    assert (change.from_band, change.to_band) == ("obstructed", "repressed")
    compute_all(rated, METHOD, date(2028, 1, 1), ["KE"])  # incidents out of the window
    rated.refresh(change)
    assert change.status == "superseded"


def test_changing_the_method_never_rewrites_history(rated: Session, tmp_path: Path) -> None:
    member = _user(rated, "ana", rights=["panel"])
    _incident(rated, "KE", date(2025, 6, 1), ["arrest_detention"], targets=["journalists"])
    report = compute_all(rated, METHOD, DAY, ["KE"])
    panel.decide(rated, report.proposed[0], member, True, "initial")
    rated.commit()
    published = [
        (p.id, p.band, p.score, p.methodology_version) for p in rated.scalars(select(PublicRating))
    ]
    v1_scores = [
        (s.id, s.score, json.dumps(s.explanation, sort_keys=True))
        for s in rated.scalars(select(RatingScore))
    ]

    # the same version with a different content is refused
    data = yaml.safe_load(
        (Path(__file__).parents[2] / "src/civicspace/ratings/methodology/v1.yaml").read_text()
    )
    data["adjustment"]["severity_overrides"] = {"arrest_detention": 9}
    changed = tmp_path / "v1-changed.yaml"
    changed.write_text(yaml.safe_dump(data))
    with pytest.raises(InvalidInput, match="give the changed method a new version"):
        register_method(rated, load_method(path=changed))
    # as version 2 it computes new rows beside the old ones
    data["version"] = "2"
    v2_path = tmp_path / "v2.yaml"
    v2_path.write_text(yaml.safe_dump(data))
    v2 = load_method(path=v2_path)
    compute_all(rated, v2, DAY, ["KE"])
    rated.commit()
    assert [
        (p.id, p.band, p.score, p.methodology_version)
        for p in rated.scalars(
            select(PublicRating).where(PublicRating.id.in_([x[0] for x in published]))
        )
    ] == published
    assert [
        (s.id, s.score, json.dumps(s.explanation, sort_keys=True))
        for s in rated.scalars(select(RatingScore).where(RatingScore.methodology_version == "1"))
    ] == v1_scores
    scores = {
        s.methodology_version: s.score
        for s in rated.scalars(select(RatingScore).where(RatingScore.country == "KE"))
    }
    assert scores["2"] < scores["1"]  # arrests weigh more under v2
    # a rerun of v1 on the same day keeps the row the panel decided on
    again = compute_all(rated, METHOD, DAY, ["KE"])
    assert again.outcomes == {"kept": 1}


def test_adding_a_severe_incident_in_the_store_never_raises_the_score(rated: Session) -> None:
    _incident(rated, "KE", date(2025, 5, 1), ["censorship"], verification="reported")
    before = score_country(rated, "KE", DAY, METHOD)
    _incident(rated, "KE", date(2024, 1, 1), ["disappearance"], targets=["hrd"])
    after = score_country(rated, "KE", DAY, METHOD)
    assert before is not None and after is not None and after.score <= before.score


def test_watchlist_propose_curate_publish(rated: Session) -> None:
    editor = _user(rated, "ed", role="editor")
    viewer = _user(rated, "vi", role="viewer")
    compute_all(rated, METHOD, date(2025, 3, 1))
    for _ in range(2):
        _incident(rated, "KE", date(2025, 5, 20), ["excessive_force"], targets=["protesters"])
    compute_all(rated, METHOD, date(2025, 6, 1))
    proposed = watchlist.propose(rated, METHOD, date(2025, 6, 1))
    assert [e.country for e in proposed] == ["KE"]
    entry = proposed[0]
    assert entry.decline >= METHOD.watchlist.min_decline
    assert entry.reason.startswith("Score fell") and "excessive_force" in entry.reason
    assert watchlist.propose(rated, METHOD, date(2025, 6, 1)) == []  # one open entry per country
    with pytest.raises(Forbidden):
        watchlist.curate(rated, entry.id, viewer, True)
    watchlist.curate(rated, entry.id, editor, True, "Police violence against protests in May.")
    assert [(e.country, e.reason) for e in watchlist.published(rated)] == [
        ("KE", "Police violence against protests in May.")
    ]
    watchlist.curate(rated, entry.id, editor, False)
    assert watchlist.published(rated) == []


def _acled_sample(shared_data: Path, tmp_path: Path, rows: int = 400) -> Path:
    """The first rows of a real ACLED extract, copied to a temporary file (never the repo)."""
    source = shared_data / "acled_extracts" / "acled_kenya_2019-2020_Carol0128.csv"
    out = tmp_path / "acled_sample.csv"
    with (
        source.open(newline="", encoding="utf-8") as src,
        out.open("w", newline="", encoding="utf-8") as dst,
    ):
        reader = csv.reader(src)
        writer = csv.writer(dst)
        for i, row in enumerate(reader):
            if i > rows:
                break
            writer.writerow(row)
    return out


def test_acled_import_is_idempotent_and_mapped(
    engine: Engine, shared_data: Path, tmp_path: Path
) -> None:
    from civicspace.acled.mapping import map_event

    sample = _acled_sample(shared_data, tmp_path)
    with sample.open(newline="", encoding="utf-8") as fh:
        expected = sum(
            1
            for r in csv.DictReader(fh)
            if map_event({k.lower(): v for k, v in r.items()}).is_incident
        )
    with Session(engine) as session:
        first = import_acled(sample, session, state="published")
        session.commit()
        assert first.outcomes["incident"] == expected > 0
        assert sum(first.outcomes.values()) == 400
        second = import_acled(sample, session, state="published")
        session.commit()
        assert second.outcomes == {"duplicate": 400}
        incidents = session.scalars(select(Incident)).all()
        assert len(incidents) == expected
        assert {i.provenance for i in incidents} == {"acled"}
        # published through the privacy gate; what it holds back stays accepted
        held = first.outcomes["held-by-privacy-gate"]
        assert sum(i.state == "published" for i in incidents) == expected - held > 0
        assert sum(i.state == "accepted" for i in incidents) == held
        assert all(i.summary is None for i in incidents)  # ACLED's notes never go public
        assert all((i.public_title is not None) == (i.state == "published") for i in incidents)
        assert {i.verification for i in incidents} == {"reported"}
        assert all(
            i.country == "KE" and i.extra and i.extra["acled"]["event_id"].startswith("KEN")
            for i in incidents
        )
        # imported, then published or held: two revisions each
        assert session.scalar(select(func.count()).select_from(IncidentRevision)) == 2 * expected
        assert session.scalar(select(func.count()).select_from(AcledEvent)) == 400
        # the ACLED incidents rate Kenya; non-incident records count as coverage
        result = score_country(session, "KE", date(2019, 12, 31), METHOD, neutral_base=100)
        assert result is not None and result.adjustment.coverage_reports > 0 and result.score < 100


def test_acled_import_never_publishes_by_default(engine: Engine, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,location,notes\n"
        "KEN1,2020-01-05,Protests,Excessive force against protesters,Protesters (Kenya),"
        "Police Forces of Kenya (2013-),Kenya,Nairobi,"
        "Police fired tear gas at protesters; Jane Wanjiru (+254 722 123456) was beaten.\n",
        "acled.csv",
    )
    with Session(engine) as session:
        report = import_acled(path, session)
        session.commit()
        incident = session.scalars(select(Incident)).one()
    assert report.outcomes["incident"] == 1
    assert incident.state == "accepted" and incident.public_title is None
    assert incident.summary is None and incident.extra["acled"]["notes"].startswith("Police")


def test_acled_import_rejects_other_files(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session, pytest.raises(InvalidInput, match="not an ACLED export"):
        import_acled(_write(tmp_path, "a,b\n1,2\n", "x.csv"), session)


runner = CliRunner()


def test_cli_import_compute_decide_export(cli_env: str, tmp_path: Path) -> None:
    from civicspace.cli import app

    base = _write(tmp_path, BASE_CSV)
    result = runner.invoke(app, ["ratings", "import", str(base)])
    assert result.exit_code == 0, result.output
    bad = _write(tmp_path, "country,year,input,value\nKE,2025,partner_assessment,101\n", "bad.csv")
    result = runner.invoke(app, ["ratings", "import", str(bad)])
    assert result.exit_code != 0
    result = runner.invoke(app, ["ratings", "compute", "--as-of", "2025-06-30", "--no-alerts"])
    assert result.exit_code == 0, result.output
    assert "2 band change(s) proposed" in result.output
    result = runner.invoke(
        app, ["ratings", "export", "--scores", "--format", "json", "-o", str(tmp_path / "s.json")]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "s.json").read_text())
    # the default methodology is v2; without index values its base is the organisation's own
    # inputs alone, so the bands are v1's
    assert {(s["country"], s["band"], s["methodology_version"]) for s in scores} == {
        ("KE", "obstructed", "2"),
        ("UG", "repressed", "2"),
    }
    from civicspace.store import get_engine

    with Session(get_engine()) as session:
        _user(session, "ana", rights=["panel"])
        session.commit()
        change = session.scalar(select(BandChange).where(BandChange.country == "KE"))
        assert change is not None
    result = runner.invoke(
        app, ["ratings", "decide", str(change.id), "--approve", "--reason", "ok", "--user", "ana"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["ratings", "export", "--format", "csv", "-o", str(tmp_path / "p.csv")]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "p.csv").open()))
    assert [(r["country"], r["band"]) for r in rows] == [("KE", "obstructed")]
