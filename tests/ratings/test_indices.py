"""Index importers (V-Dem, Freedom House, RSF) on SQLite and PostgreSQL: the real files in
``../shared/data`` as they are, RSF's own per-year format, idempotent reimport, bad files."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.errors import InvalidInput
from civicspace.ratings.indices.parsed import ParsedIndex
from civicspace.ratings.indices.rsf import parse_rsf, repaired
from civicspace.ratings.indices.store import (
    import_index,
    parse_index,
    store_parsed,
    values_as_of,
)
from civicspace.ratings.indices.vdem import edition_from_path
from civicspace.store.rating_indices import IndexEdition, IndexValue

FILES = {
    "vdem": "vdem_demspaces_v14/dv_data_1968_on.csv",
    "fiw": "freedomhouse_fiw/All_data_FIW_2013-2024.xlsx",
    "rsf": "rsf_wpfi/rsf_wpfi_2013_2024_long.csv",
}


@pytest.fixture(scope="module")
def parsed_real() -> dict[str, tuple[Path, ParsedIndex]]:
    """The three real files parsed once (the workbook takes seconds)."""
    from tests.conftest import shared_data_dir

    data = shared_data_dir()
    if not all((data / f).is_file() for f in FILES.values()):
        pytest.skip(f"index files not found under {data} (set CIVICSPACE_DATA_DIR)")
    return {s: (data / f, parse_index(s, data / f)) for s, f in FILES.items()}


def test_real_files_parse_with_editions_and_countries(
    parsed_real: dict[str, tuple[Path, ParsedIndex]],
) -> None:
    _, vdem = parsed_real["vdem"]
    assert vdem.editions == ["v14"]
    years = {v.data_year for v in vdem.values}
    assert min(years) == 1968 and max(years) == 2023
    assert {v.country for v in vdem.values if v.data_year == 2023} >= {"NO", "KE", "XK", "US"}
    assert set(vdem.skipped) == {"DDR", "VDR", "YMD"}  # historical states
    no = {v.variable: v.value for v in vdem.values if v.country == "NO" and v.data_year == 2023}
    assert set(no) == {"v2xcs_ccsi", "v2x_freexp_altinf"}
    assert all(0 <= x <= 1 for x in no.values())

    _, fiw = parsed_real["fiw"]
    assert fiw.editions == [str(y) for y in range(2013, 2025)]
    af = {v.variable: v.value for v in fiw.values if v.country == "AF" and v.edition == "2024"}
    # edition 2024 describes 2023: Afghanistan Not Free, total 6, E1–E3 1 each
    assert {v.data_year for v in fiw.values if v.edition == "2024"} == {2023}
    assert (af["status"], af["Total"], af["E1"], af["E2"], af["E3"]) == (0.0, 6.0, 1, 1, 1)
    hk = [v for v in fiw.values if v.country == "HK" and v.variable == "territory"]
    assert hk and all(v.value == 1.0 for v in hk)  # a territory with its own ISO code
    assert "Tibet" in fiw.skipped and "Crimea" in fiw.skipped
    assert {"CG", "CD", "LC", "FM", "BN"} <= {v.country for v in fiw.values}

    _, rsf = parsed_real["rsf"]
    assert rsf.editions == [str(y) for y in range(2013, 2025)]
    fi = {(v.edition, v.variable): v.value for v in rsf.values if v.country == "FI"}
    assert fi[("2019", "score")] == 92.1  # 921 repaired as 92.1
    assert fi[("2013", "score")] == 93.62
    assert {"CTU", "XCD"} <= set(rsf.skipped)


def test_rsf_reimport_changes_nothing(
    engine: Engine, parsed_real: dict[str, tuple[Path, ParsedIndex]]
) -> None:
    path, parsed = parsed_real["rsf"]
    with Session(engine) as session:
        first = store_parsed(session, parsed, path)
        session.commit()
        again = store_parsed(session, parsed, path)
        session.commit()
        assert (first.inserted, first.updated) == (4270, 0)
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4270)
        editions = session.scalars(select(IndexEdition).order_by(IndexEdition.edition)).all()
        assert [e.edition for e in editions] == [str(y) for y in range(2013, 2025)]
        assert all(e.licence.startswith("© Reporters sans frontières") for e in editions)
        assert editions[-1].published_on == date(2024, 5, 31)
        assert session.scalar(select(func.count()).select_from(IndexValue)) == 4270


@pytest.mark.slow
def test_import_is_idempotent_and_keeps_provenance(
    engine: Engine, parsed_real: dict[str, tuple[Path, ParsedIndex]]
) -> None:
    with Session(engine) as session:
        first = {s: store_parsed(session, p, path) for s, (path, p) in parsed_real.items()}
        session.commit()
        again = {s: store_parsed(session, p, path) for s, (path, p) in parsed_real.items()}
        session.commit()
        assert all(r.inserted > 1000 and r.updated == 0 for r in first.values())
        assert all(r.inserted == 0 and r.updated == 0 for r in again.values())
        assert again["rsf"].unchanged == first["rsf"].inserted
        total = session.scalar(select(func.count()).select_from(IndexValue))
        assert total == sum(r.inserted for r in first.values())
        v14 = session.scalar(select(IndexEdition).where(IndexEdition.source == "vdem"))
        assert v14 is not None
        assert (v14.edition, v14.published_on, v14.licence) == (
            "v14",
            date(2024, 3, 31),
            "CC BY-SA 4.0",
        )
        assert v14.sha256 and v14.source_file == "dv_data_1968_on.csv"
        fh = session.scalar(
            select(IndexEdition).where(IndexEdition.source == "fiw", IndexEdition.edition == "2024")
        )
        assert fh is not None and "Freedom House" in fh.licence
        # a value is usable only from its edition's publication date on
        before = values_as_of(session, date(2024, 3, 30), 4, ["KE"])["KE"]
        after = values_as_of(session, date(2024, 3, 31), 4, ["KE"])["KE"]
        assert "vdem" not in before and after["vdem"].data_year == 2023
        assert before["fiw"].edition == "2024" and before["fiw"].data_year == 2023
        assert before["rsf"].edition == "2023"
        assert values_as_of(session, date(2024, 5, 31), 4, ["KE"])["KE"]["rsf"].values[
            "score"
        ] == pytest.approx(53.22)


RSF_2024 = (
    "ISO;Score 2024;Rank;Political Context;Zone;Country_EN;Year (N)\n"
    "NOR;91,89;1;95,2;UE Balkans;Norway;2024\n"
    "KEN;53,22;102;48,1;Afrique;Kenya;2024\n"
    "CTU;56,72;90;50;UE Balkans;Northern Cyprus;2024\n"
    "PRK;20,66;177;10;Asie-Pacifique;North Korea;2024\n"
)
RSF_2019_OLD_SCALE = (
    "ISO;Rank N;EN_country;Score N;Zone\nNOR;1;Norway;7,82;UE\nKEN;100;Kenya;32,44;Afrique\n"
)


def test_rsf_official_per_year_files(tmp_path: Path) -> None:
    path = tmp_path / "2024.csv"
    path.write_bytes(RSF_2024.encode("cp1252"))
    parsed = parse_rsf(path)
    scores = {v.country: v.value for v in parsed.values if v.variable == "score"}
    assert parsed.editions == ["2024"] and scores == {"NO": 91.89, "KE": 53.22, "KP": 20.66}
    assert {v.data_year for v in parsed.values} == {2023}
    assert parsed.skipped == {"CTU": 1}
    old = tmp_path / "2019.csv"
    old.write_text(RSF_2019_OLD_SCALE, encoding="utf-8")
    parsed = parse_rsf(old)  # 0 = best on the old scale: turned into 100 − score
    assert {v.country: v.value for v in parsed.values if v.variable == "score"} == {
        "NO": 92.18,
        "KE": 67.56,
    }
    assert parsed.editions == ["2019"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "long.csv",
            "iso3,score,rank,score_raw_int,year\nFIN,9.21,1,921,2019\n",
            "not the decimal-comma repair",
        ),
        (
            "order.csv",
            "iso3,score,rank,year\nFIN,92.1,1,2019\nNOR,9.2,2,2019\nSWE,90.0,3,2019\n",
            re.escape("SWE (rank 3) scores 90, above NOR"),
        ),
        ("junk.csv", "a,b\n1,2\n", "not an RSF index file"),
        ("noyear.csv", "ISO;Score;Rank\nNOR;91,2;1\n", "cannot tell the RSF edition"),
        ("range.csv", "iso3,score,rank,year\nFIN,192.1,1,2019\n", "outside 0-100"),
    ],
)
def test_rsf_bad_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        parse_rsf(path)


def test_rsf_repair_rule() -> None:
    assert (repaired(9216), repaired(921), repaired(67)) == (92.16, 92.1, 67)


@pytest.mark.parametrize(
    ("source", "name", "text", "message"),
    [
        ("vdem", "x_v14.csv", "year,country_text_id,v2xcs_ccsi\n2020,NOR,1.7\n", "outside 0-1"),
        ("vdem", "x.csv", "year,country_text_id,v2xcs_ccsi\n2020,NOR,0.7\n", "give --edition"),
        ("vdem", "y_v14.csv", "year,country_text_id,foo\n2020,NOR,0.7\n", "none of the V-Dem"),
        ("vdem", "z_v14.csv", "a,b\n1,2\n", "not a V-Dem country-year CSV"),
        (
            "fiw",
            "f.csv",
            "Country/Territory,Edition,Status,D1,D4,E1,E2,E3\nKenya,2024,PF,2,3,5,2,2\n",
            "E1 5 outside 0-4",
        ),
        (
            "fiw",
            "g.csv",
            "Country/Territory,Edition,Status,D1,D4,E1,E2,E3\nKenya,2024,Free,2,3,3,2,2\n",
            "status 'Free'",
        ),
        ("fiw", "h.csv", "Country,Year\nKenya,2024\n", "no Freedom in the World table"),
        ("fiw", "i.xlsx", "this is not a workbook", "not a readable .xlsx"),
        ("vdem", "missing_v14.csv", None, "no such file"),
    ],
)
def test_bad_files_are_refused_whole(
    engine: Engine, tmp_path: Path, source: str, name: str, text: str | None, message: str
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with Session(engine) as session:
        with pytest.raises(InvalidInput, match=message):
            import_index(session, source, path)
        assert session.scalar(select(func.count()).select_from(IndexValue)) == 0


def test_unknown_edition_needs_a_publication_date(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "V-Dem-CY-Core-v9.csv"
    path.write_text("country_name,country_text_id,year,v2xcs_ccsi\nNorway,NOR,2018,0.96\n")
    assert edition_from_path(path) == "v9"
    with Session(engine) as session:
        with pytest.raises(InvalidInput, match="give --published"):
            import_index(session, "vdem", path)
        report = import_index(session, "vdem", path, published=date(2019, 3, 31))
        assert (report.editions, report.inserted) == (["v9"], 1)


runner = CliRunner()


def test_cli_import_index(cli_env: str, tmp_path: Path) -> None:
    from civicspace.cli import app

    path = tmp_path / "2024.csv"
    path.write_bytes(RSF_2024.encode("cp1252"))
    result = runner.invoke(app, ["ratings", "import-index", "rsf", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 countries, 6 new values" in result.output and "CTU" in result.output
    result = runner.invoke(app, ["ratings", "import-index", "rsf", str(path)])
    assert "0 new values, 0 updated, 6 unchanged" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing here\n")
    result = runner.invoke(app, ["ratings", "import-index", "rsf", str(bad)])
    assert result.exit_code != 0 and "not an RSF index file" in str(result.exception)
    result = runner.invoke(app, ["ratings", "import-index", "polity", str(bad)])
    assert result.exit_code != 0 and "unknown index 'polity'" in str(result.exception)
