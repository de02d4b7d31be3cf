"""Methodology v2: the worked examples of docs/ratings.md, coverage rules, hysteresis, and
``compute --as-of`` using only what was published by the day rated (both backends)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.ratings.adjust import final_score
from civicspace.ratings.compute import compute_all
from civicspace.ratings.indices.store import IndexReading, import_index
from civicspace.ratings.method import load_method
from civicspace.ratings.structural import blend, structural_score
from civicspace.store.incidents import Incident

V2 = load_method("2")


def _reading(source: str, edition: str, year: int, **values: float) -> IndexReading:
    return IndexReading(source, edition, date(2024, 6, 1), year, "licence", "citation", values)


# docs/ratings.md, "Worked example (v2)"
KENYA = {
    "vdem": _reading("vdem", "v14", 2023, v2xcs_ccsi=0.70, v2x_freexp_altinf=0.60),
    "fiw": _reading("fiw", "2024", 2023, E1=3, E2=3, E3=2, D1=2, D4=3),
    "rsf": _reading("rsf", "2024", 2023, score=53.22),
}


def test_v2_is_the_default_and_v1_keeps_its_hash() -> None:
    assert load_method().version == "2"
    assert load_method("1").sha256.startswith("733687d02e4a")
    assert V2.structural is not None and set(V2.structural.freedoms) == {
        "association",
        "peaceful_assembly",
        "expression",
    }


@pytest.mark.parametrize(
    ("scale", "percent", "value"),
    [
        ("fh_cl_ratings", 62.5, 53.7778),  # E2+E3 = 5 of 8
        ("fh_cl_ratings", 75.0, 63.2222),  # E1 = 3 of 4
        ("fh_cl_ratings", 88.3333333, 81.0),  # CL rating 1 begins where open begins
        ("rsf_2022", 53.22, 38.6267),  # "difficult" (40-55) → repressed (21-41)
        ("rsf_2013", 53.22, 29.22),  # the old thresholds (45, 65) put it elsewhere
        ("vdem_ccsi_linked", 70.0, 43.2517),  # between the linked knots 68.13 → 41, 84.74 → 61
        ("vdem_freexp_linked", 60.0, 42.9711),
    ],
)
def test_scales(scale: str, percent: float, value: float) -> None:
    assert V2.structural is not None
    assert V2.structural.rescale(scale, percent) == pytest.approx(value, abs=1e-4)


def test_worked_example_structural() -> None:
    s = structural_score(V2, KENYA)
    assert s is not None and s.missing == []
    f = s.freedoms
    assert f["association"]["value"] == pytest.approx(48.5147)
    assert f["peaceful_assembly"]["value"] == pytest.approx(53.2369)
    assert f["expression"]["value"] == pytest.approx(44.9098)
    assert s.value == pytest.approx(48.8871, abs=1e-4)
    assert V2.band_for(s.value) == "obstructed"
    rsf = f["expression"]["components"][2]
    assert (rsf["scale"], rsf["edition"], rsf["rescaled"]) == ("rsf_2022", "2024", 38.6267)
    # the v1 live adjustment on top: incidents A–E with 200 reports give −5.153125
    assert final_score(s.value, -5.153125) == 43.73


def test_worked_example_coverage_rules() -> None:
    # a micro-state without V-Dem: Freedom House and RSF alone
    no_vdem = structural_score(V2, {k: v for k, v in KENYA.items() if k != "vdem"})
    assert no_vdem is not None
    assert no_vdem.freedoms["association"]["value"] == pytest.approx(53.7778)
    assert no_vdem.freedoms["expression"]["value"] == pytest.approx(46.2022)
    assert no_vdem.value == pytest.approx((53.7778 + 63.2222 + 46.2022) / 3, abs=1e-4)
    assert no_vdem.missing == [
        "association.vdem_ccsi",
        "peaceful_assembly.vdem_ccsi",
        "expression.vdem_freexp",
    ]
    # RSF alone: only expression, and the structural score is that freedom
    rsf_only = structural_score(V2, {"rsf": KENYA["rsf"]})
    assert rsf_only is not None and rsf_only.value == pytest.approx(38.6267)
    assert {"association", "peaceful_assembly"} <= set(rsf_only.missing)
    assert structural_score(V2, {}) is None
    # an index without every variable a component sums does not count
    partial = {"fiw": _reading("fiw", "2024", 2023, E1=3, E2=3)}
    assert structural_score(V2, partial).freedoms.keys() == {"peaceful_assembly"}  # type: ignore[union-attr]
    # the organisation's own inputs: a quarter of the base when both exist
    assert blend(60.0, 80.0, 0.25) == 65.0
    assert blend(None, 80.0, 0.25) == 80.0 and blend(60.0, None, 0.25) == 60.0


def test_hysteresis_series() -> None:
    scores = [60.07, 61.5, 63.2, 62.0, 58.5, 59.5, 18.0]
    assert V2.band_series(scores) == [
        "obstructed",
        "obstructed",  # 61.5 is narrowed, but not 2 points past 61
        "narrowed",
        "narrowed",  # 62.0 stays: not 2 points below 61
        "obstructed",  # 58.5 < 59
        "obstructed",
        "closed",
    ]


VDEM = "country_name,country_text_id,year,v2xcs_ccsi,v2x_freexp_altinf\nKenya,KEN,2023,0.70,0.60\n"
FIW = (
    "Country/Territory,C/T,Edition,Status,D1,D4,E1,E2,E3,Total\n"
    "Kenya,c,2023,PF,1,2,2,2,2,48\n"
    "Kenya,c,2024,PF,2,3,3,3,2,52\n"
)
RSF = "iso3,score,rank,year\nKEN,51.15,116,2023\nKEN,53.22,102,2024\n"


def _indices(tmp_path: Path, session: Session) -> None:
    for source, name, text in (
        ("vdem", "vdem_v14.csv", VDEM),
        ("fiw", "fiw.csv", FIW),
        ("rsf", "rsf.csv", RSF),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        import_index(session, source, path)


def test_as_of_uses_only_what_was_published(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        _indices(tmp_path, session)
        session.add(
            Incident(
                title="journalist killed",
                country="KE",
                start_date=date(2024, 6, 10),
                violations=["killing"],
                targets=["journalists"],
                verification="verified",
                state="published",
                published_at=datetime(2024, 6, 20, 12, tzinfo=UTC),
                extra={"fatalities": 1},
            )
        )
        session.commit()

        def sources(day: date) -> dict[str, str]:
            report = compute_all(session, V2, day, store=False)
            (row,) = report.results
            freedoms = row["explanation"]["base"]["structural"]["freedoms"]
            return {
                c["source"]: c["edition"] for f in freedoms.values() for c in f["components"]
            } | {
                "score": row["score"],
                "incidents": len(
                    [c for c in row["explanation"]["adjustment"]["contributions"] if c["counted"]]
                ),
            }

        early = sources(date(2024, 1, 15))  # FH 2023 (March 2023), RSF 2023 (May 2023)
        assert (early["fiw"], early["rsf"], "vdem" in early) == ("2023", "2023", False)
        spring = sources(date(2024, 4, 1))  # FH 2024 (Feb), V-Dem v14 (March), RSF still 2023
        assert (spring["fiw"], spring["rsf"], spring["vdem"]) == ("2024", "2023", "v14")
        summer = sources(date(2024, 6, 15))  # RSF 2024 (May); the incident not yet published
        assert (summer["rsf"], summer["incidents"]) == ("2024", 0)
        assert summer["score"] == pytest.approx(48.89)  # the worked example's structural score
        later = sources(date(2024, 6, 20))
        assert later["incidents"] == 1 and later["score"] < summer["score"]
        before_any = compute_all(session, V2, date(2013, 1, 1), store=False)
        assert before_any.results == [{"country": "KE", "outcome": "no-base"}]


runner = CliRunner()


def test_cli_compute_as_of_json(cli_env: str, tmp_path: Path) -> None:
    from civicspace.cli import app

    for source, name, text in (
        ("vdem", "vdem_v14.csv", VDEM),
        ("fiw", "fiw.csv", FIW),
        ("rsf", "rsf.csv", RSF),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["ratings", "import-index", source, str(path)])
        assert result.exit_code == 0, result.output
    out = tmp_path / "scores.json"
    args = ["ratings", "compute", "--as-of", "2024-06-15", "--json", str(out), "--no-alerts"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["methodology"]["version"] == "2" and data["stored"] is True
    (ke,) = data["countries"]
    assert (ke["country"], ke["score"], ke["band"], ke["outcome"]) == (
        "KE",
        48.89,
        "obstructed",
        "computed",
    )
    assert ke["proposed_change"]["to_band"] == "obstructed"  # a first rating goes to the panel
    vdem = ke["explanation"]["base"]["structural"]["freedoms"]["association"]["components"][0]
    assert (vdem["source"], vdem["edition"], vdem["published_on"], vdem["licence"]) == (
        "vdem",
        "v14",
        "2024-03-31",
        "CC BY-SA 4.0",
    )
    result = runner.invoke(app, ["ratings", "compute", "--as-of", "2024-13-01"])
    assert result.exit_code != 0 and "not a date" in str(result.exception)
