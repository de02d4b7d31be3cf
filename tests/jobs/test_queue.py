"""The job queue on PostgreSQL: the pipeline as jobs, failures retried with backoff then kept
as failed, and failed jobs listed and retried from the CLI and the desk (editors only)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from civicspace.cli import app as cli
from civicspace.demo import corpus_path
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.jobs import admin
from civicspace.jobs.worker import run_worker
from civicspace.settings import Settings, get_settings
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.loopback import LoopbackServer
from tests.support.pipeline_checks import add_feed_source, demo_feed, pipeline_state
from tests.support.review import fast_hashes, make_users

__all__ = ["fast_hashes"]
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture
def queue_settings(settings: Settings, engine: Engine) -> Settings:
    """Settings for quick jobs: one retry with no wait, then failed."""
    quick = settings.model_copy(update={"jobs_retries": 1, "jobs_backoff_seconds": 0})
    assert admin.apply_schema(engine) is True
    assert admin.apply_schema(engine) is False  # idempotent
    return quick


def test_pipeline_as_jobs(engine: Engine, queue_settings: Settings) -> None:
    ids = admin.enqueue_imports(
        queue_settings.model_copy(update={"jobs_import_batch": 4}), [corpus_path()]
    )
    assert len(ids) == 3  # 11 files, 4 a job
    run_worker(queue_settings, wait=False)
    assert admin.counts(engine).keys() == {"succeeded"}
    tasks = {j.task for j in admin.list_jobs(engine)}
    assert {"civicspace.import_files", "civicspace.classify", "civicspace.cluster"} <= tasks
    state = pipeline_state(engine)
    assert state["stored"] > 0 and state["memberships"] > 0
    # the same files again: recorded already, nothing new anywhere
    admin.enqueue_imports(queue_settings, [corpus_path()])
    run_worker(queue_settings, wait=False)
    assert pipeline_state(engine) == state


@pytest.mark.usefixtures("loopback_only")
def test_polling_as_jobs(
    engine: Engine, queue_settings: Settings, loopback: LoopbackServer
) -> None:
    source_id = add_feed_source(engine, demo_feed(loopback))
    admin.enqueue_poll(queue_settings)
    with pytest.raises(Conflict):  # one poll waits in the queue at a time
        admin.enqueue_poll(queue_settings)
    run_worker(queue_settings, wait=False)
    assert admin.counts(engine).keys() == {"succeeded"}
    jobs = admin.list_jobs(engine)
    (ingest,) = [j for j in jobs if j.task == "civicspace.ingest_source"]
    assert ingest.args == {"source_id": source_id}
    assert (ingest.lock, ingest.queueing_lock) == ("host:127.0.0.1", f"source:{source_id}")
    assert {"civicspace.classify", "civicspace.cluster"} <= {j.task for j in jobs}
    state = pipeline_state(engine)
    assert state["stored"] > 0 and state["memberships"] > 0


def _failing_import(engine: Engine, settings: Settings, tmp_path: Path) -> tuple[int, Path]:
    folder = tmp_path / "corpus"
    shutil.copytree(corpus_path(), folder)
    admin.enqueue_imports(settings, [folder])
    moved = tmp_path / "away.html"
    shutil.move(folder / "01-en.html", moved)  # a worker cannot read a file it was given
    run_worker(settings, wait=False)
    failed = admin.list_jobs(engine, "failed")
    assert [j.task for j in failed] == ["civicspace.import_files"]
    assert failed[0].attempts == 2  # run twice: once, then one retry; then kept as failed
    shutil.move(moved, folder / "01-en.html")
    return failed[0].id, folder


def test_failed_job_listed_and_retried_from_the_cli(
    engine: Engine, queue_settings: Settings, cli_env: str, tmp_path: Path
) -> None:
    job_id, _folder = _failing_import(engine, queue_settings, tmp_path)
    runner = CliRunner()
    listed = runner.invoke(cli, ["jobs", "list", "--failed"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith(f"{job_id}\tfailed\tcivicspace.import_files")
    not_failed = runner.invoke(cli, ["jobs", "retry", "999999"])
    assert isinstance(not_failed.exception, NotFound)
    assert isinstance(runner.invoke(cli, ["jobs", "retry"]).exception, InvalidInput)
    retried = runner.invoke(cli, ["jobs", "retry", "--all-failed"])
    assert retried.exit_code == 0, retried.output
    assert admin.list_jobs(engine, "failed") == []
    get_settings.cache_clear()
    run_worker(queue_settings, wait=False)
    assert admin.counts(engine).keys() == {"succeeded"}
    assert pipeline_state(engine)["stored"] > 0


def test_failed_jobs_in_the_desk(
    engine: Engine, queue_settings: Settings, tmp_path: Path, fast_hashes: None
) -> None:
    job_id, _folder = _failing_import(engine, queue_settings, tmp_path)
    make_users(engine)
    web = create_app(queue_settings, engine)
    viewer, viewer_csrf = login(web, "viewer")
    assert viewer.get("/desk/jobs").status_code == 403
    assert (
        viewer.post(f"/desk/jobs/{job_id}/retry", data={"csrf_token": viewer_csrf}).status_code
        == 403
    )
    editor, csrf = login(web, "editor")
    page = editor.get("/desk/jobs")
    assert page.status_code == 200
    assert f'action="/desk/jobs/{job_id}/retry"' in page.text
    listed = editor.get("/desk/jobs", headers={"accept": "application/json"}).json()
    assert [j["id"] for j in listed["failed"]] == [job_id]
    assert editor.post(f"/desk/jobs/{job_id}/retry", data={}).status_code == 403  # no CSRF token
    assert admin.list_jobs(engine, "failed")[0].id == job_id
    done = editor.post(f"/desk/jobs/{job_id}/retry", data={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"] == "/desk/jobs?retried=1"
    assert admin.list_jobs(engine, "failed") == []
    assert "1 job(s) back in the queue" in editor.get(done.headers["location"]).text


def test_cli_queue_commands(engine: Engine, queue_settings: Settings, cli_env: str) -> None:
    runner = CliRunner()
    schema = runner.invoke(cli, ["jobs", "schema"])
    assert schema.exit_code == 0 and "already in place" in schema.output
    queued = runner.invoke(cli, ["jobs", "import", str(corpus_path())])
    assert queued.exit_code == 0 and "queued 1 import job(s)" in queued.output
    listed = runner.invoke(cli, ["jobs", "list", "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["task"], r["status"]) for r in rows] == [("civicspace.import_files", "todo")]
    assert rows[0]["args"]["paths"][0].startswith(str(corpus_path()))
    assert "poll job" in runner.invoke(cli, ["jobs", "poll"]).output
