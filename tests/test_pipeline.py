"""The pipeline inline (one process): the stage table, each stage as a function of ids, and the
whole run on both backends; a rerun repeats nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from civicspace.cli import app as cli
from civicspace.demo import corpus_path
from civicspace.pipeline import (
    STAGES,
    Context,
    classify_documents,
    cluster_documents,
    import_files,
    ingest_source,
    run_inline,
    stage,
)
from civicspace.settings import Settings
from tests.support.loopback import LoopbackServer
from tests.support.pipeline_checks import add_feed_source, demo_feed, pipeline_state


def test_stages_are_named_once_in_order() -> None:
    names = [s.name for s in STAGES]
    assert len(names) == len(set(names))
    machine = [s.name for s in STAGES if s.kind == "machine"]
    assert machine == ["ingest", "classify", "cluster", "rate"]
    order = ["ingest", "classify", "cluster", "review", "publish", "rate"]
    assert [n for n in names if n in order] == order
    for s in STAGES:
        assert (s.run is not None) == (s.kind == "machine"), s.name
        assert s.next is None or s.next in names
    assert stage("cluster").lock == "cluster"
    assert stage("ingest").lock == "host:{host}"


def test_stages_are_functions_of_ids(engine: Engine, settings: Settings) -> None:
    ctx = Context(engine, settings)
    first = import_files(ctx, [corpus_path()])
    assert first.ids and first.counts["outcomes"]["stored"] == len(first.ids)
    again = import_files(ctx, [corpus_path()])  # a retried import hands on the same documents
    assert again.ids == first.ids and again.counts["recorded"] == 0
    coded = classify_documents(ctx, first.ids[:3])
    assert coded.counts["coded"] == 3
    assert set(coded.ids) <= set(first.ids[:3])
    assert classify_documents(ctx, first.ids[:3]).counts["coded"] == 0  # idempotent
    rest = classify_documents(ctx, first.ids[3:])
    clustered = cluster_documents(ctx, coded.ids + rest.ids)
    assert clustered.counts["pending"] == len(coded.ids) + len(rest.ids)
    assert clustered.ids
    assert cluster_documents(ctx).counts["pending"] == 0
    pipeline_state(engine)


def test_run_inline_twice_repeats_nothing(engine: Engine, settings: Settings) -> None:
    ctx = Context(engine, settings)
    report = run_inline(ctx, paths=[corpus_path()])
    assert set(report.stages) == {"ingest", "classify", "cluster", "review"}
    assert report.stages["review"]["last"]["awaiting_review"] > 0
    state = pipeline_state(engine)
    assert state["memberships"] > 0 and state["codings"] == state["stored"]
    again = run_inline(ctx, paths=[corpus_path()])
    assert again.stages["classify"]["last"]["coded"] == 0
    assert again.stages["cluster"]["last"]["pending"] == 0
    assert pipeline_state(engine) == state


@pytest.mark.usefixtures("loopback_only")
def test_run_inline_polls_due_sources(
    engine: Engine, settings: Settings, loopback: LoopbackServer
) -> None:
    source_id = add_feed_source(engine, demo_feed(loopback))
    ctx = Context(engine, settings)
    report = run_inline(ctx, poll=True)
    ingest = report.stages["ingest"]
    assert ingest["last"]["sources"] == 1 and ingest["last"]["failed_sources"] == 0
    assert ingest["handed_on"] == ingest["last"]["outcomes"]["stored"] > 0
    state = pipeline_state(engine)
    assert state["memberships"] > 0
    again = ingest_source(ctx, source_id)  # polled a moment ago: not due
    assert again.counts == {"skipped": "not due"} and again.ids == []
    run_inline(ctx, poll=True)
    assert pipeline_state(engine) == state


def test_run_inline_finishes_what_an_interrupted_run_left(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    ctx = Context(engine, settings)
    half = tmp_path / "half"
    half.mkdir()
    for p in sorted(corpus_path().glob("0[1-5]*")):
        shutil.copy(p, half / p.name)
    import_files(ctx, [half])  # ingested, never classified: a crash after the first stage
    run_inline(ctx, paths=[corpus_path()])
    assert pipeline_state(engine)["codings"] > 0


def test_cli_pipeline_run_and_worker_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from civicspace.settings import get_settings

    monkeypatch.setenv("CIVICSPACE_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        result = runner.invoke(cli, ["pipeline", "run", str(corpus_path())])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert report["stages"]["cluster"]["handed_on"] > 0
        worker = runner.invoke(cli, ["worker"])
        assert worker.exit_code != 0
        assert "needs PostgreSQL" in str(worker.exception)
        assert "pipeline run" in str(worker.exception)
        stages = runner.invoke(cli, ["pipeline", "stages"])
        assert stages.stdout.splitlines()[0].startswith("ingest")
    finally:
        get_settings.cache_clear()
