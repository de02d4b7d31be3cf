"""``civicspace classify``, ``civicspace eval`` and ``civicspace train``: the coder's commands."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from civicspace.cli.common import console

if TYPE_CHECKING:
    from civicspace.classify.base import Coder

BACKEND_HELP = (
    "Coder backend: default, embedding, multilingual or llm "
    "(default: setting CIVICSPACE_CODER_BACKEND)."
)


def classify_command(
    input: Path | None = typer.Option(
        None, "--input", "-i", help="JSON Lines to code without a database ('-' for stdin)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write the codings (default: stdout)."
    ),
    backend: str | None = typer.Option(None, "--backend", help=BACKEND_HELP),
    batch_size: int = typer.Option(500, "--batch-size", help="Documents per batch and commit."),
    limit: int | None = typer.Option(
        None, "--limit", help="Code at most this many stored documents."
    ),
) -> None:
    """Code every stored document the current coder version has not coded, or a JSONL file."""
    from civicspace.classify.coder import get_coder
    from civicspace.classify.schema import read_jsonl, write_jsonl

    coder = get_coder(backend)
    if input is None:
        _classify_store(coder, batch_size, limit)
        return
    start = time.perf_counter()
    fh_in = sys.stdin if str(input) == "-" else input.open(encoding="utf-8")
    fh_out = sys.stdout if output is None else output.open("w", encoding="utf-8")
    n = incidents = 0
    try:
        batch = []
        for doc in read_jsonl(fh_in):
            batch.append(doc)
            if len(batch) >= batch_size:
                codings = coder.code(batch)
                incidents += sum(c.is_incident for c in codings)
                n += write_jsonl(codings, fh_out)
                batch = []
        if batch:
            codings = coder.code(batch)
            incidents += sum(c.is_incident for c in codings)
            n += write_jsonl(codings, fh_out)
    finally:
        if fh_in is not sys.stdin:
            fh_in.close()
        if fh_out is not sys.stdout:
            fh_out.close()
    seconds = time.perf_counter() - start
    console.print(
        f"coded {n} documents ({incidents} incidents) with {coder.name} "
        f"{coder.version} in {seconds:.1f} s"
    )


def _classify_store(coder: Coder, batch_size: int, limit: int | None) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from civicspace.classify.run import classify_stored, pending_count
    from civicspace.cli.common import open_store

    engine = open_store()
    total = pending_count(engine, coder)
    if limit is not None:
        total = min(total, limit)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("coding", total=total)
        report = classify_stored(
            engine,
            coder,
            batch_size=batch_size,
            limit=limit,
            on_batch=lambda done, inc: progress.update(
                task, completed=done, description=f"coding: {inc} incidents"
            ),
        )
    typer.echo(json.dumps(report))


def eval_command(
    gold: list[Path] = typer.Option([], "--gold", help="Gold JSON Lines (repeatable)."),
    dev: bool = typer.Option(False, "--dev", help="Score the dev split of ../shared/data."),
    backend: str | None = typer.Option(None, "--backend", help=BACKEND_HELP),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the report as JSON."),
) -> None:
    """Print precision, recall and F1 per label and overall against gold codings."""
    from civicspace.classify.coder import get_coder
    from civicspace.classify.schema import read_gold
    from civicspace.errors import InvalidInput
    from civicspace.training.evaluate import evaluate, format_report, gold_inputs

    if not gold and not dev:
        raise InvalidInput("give --gold FILE (repeatable) or --dev")
    coder = get_coder(backend)
    reports = {}
    for path in gold:
        lines = read_gold(path)
        reports[str(path)] = evaluate(lines, coder.code(gold_inputs(lines)))
    if dev:
        from civicspace.settings import get_settings
        from civicspace.training.devset import dev_report

        data_dir = get_settings().data_dir
        if not data_dir.is_dir():
            raise InvalidInput(f"no shared data at {data_dir} (set CIVICSPACE_DATA_DIR)")
        reports.update(dev_report(coder, data_dir))
    for name, report in reports.items():
        typer.echo(format_report(report, f"== {name} ({coder.name} {coder.version})"))
        typer.echo("")
    if json_out is not None:
        json_out.write_text(
            json.dumps({k: r.as_dict() for k, r in reports.items()}, indent=2, default=str) + "\n",
            "utf-8",
        )


def train_command(
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Shared data (default: setting)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Artifact to write (default: the package's; required with --from-desk)."
    ),
    export_dev: Path | None = typer.Option(
        None, "--export-dev", help="Also write the dev split as gold JSON Lines to this folder."
    ),
    from_desk: bool = typer.Option(
        False, "--from-desk", help="Add reviewers' decisions on the desk and report what changed."
    ),
    base: Path | None = typer.Option(
        None, "--base", help="With --from-desk: the artifact compared against (default: in use)."
    ),
    sets: str | None = typer.Option(
        None,
        "--sets",
        help="With --from-desk: comma-separated sets to train on ('none': the desk alone).",
    ),
    max_per_set: int | None = typer.Option(
        None, "--max-per-set", min=1, help="With --from-desk: a seeded sample of each set."
    ),
    desk_weight: float = typer.Option(
        3.0, "--desk-weight", min=0.0, help="With --from-desk: weight of each desk example."
    ),
    holdout: float = typer.Option(
        0.2,
        "--holdout",
        min=0.0,
        max=0.9,
        help="With --from-desk: share of the latest decided incidents held out.",
    ),
    report: Path | None = typer.Option(
        None, "--report", help="With --from-desk: also write the report as JSON."
    ),
    force: bool = typer.Option(
        False, "--force", help="With --from-desk: replace an existing --out file."
    ),
) -> None:
    """Train the default coder from ../shared/data and write its artifact."""
    from civicspace.errors import InvalidInput
    from civicspace.settings import get_settings
    from civicspace.training.devset import export_dev as write_dev
    from civicspace.training.train import default_artifact, train

    folder = data_dir or get_settings().data_dir
    if from_desk:
        _train_from_desk(folder, out, base, sets, max_per_set, desk_weight, holdout, report, force)
        return
    if not folder.is_dir():
        raise InvalidInput(f"no shared data at {folder} (set CIVICSPACE_DATA_DIR or --data-dir)")
    target = out or default_artifact()
    train(folder, target, log=lambda m: console.print(m))
    if export_dev is not None:
        counts = write_dev(folder, export_dev)
        console.print(f"dev gold written to {export_dev}: {counts}")


def _train_from_desk(
    folder: Path,
    out: Path | None,
    base: Path | None,
    sets: str | None,
    max_per_set: int | None,
    desk_weight: float,
    holdout: float,
    report: Path | None,
    force: bool,
) -> None:
    from sqlalchemy.orm import Session

    from civicspace.cli.common import open_store
    from civicspace.errors import InvalidInput
    from civicspace.settings import get_settings
    from civicspace.training.desk import format_comparison, retrain_from_desk
    from civicspace.training.train import TRAIN_SOURCES, default_artifact

    if out is None:
        raise InvalidInput("--from-desk needs --out PATH (the shipped artifact is never replaced)")
    target = out.resolve()
    if target == default_artifact().resolve():
        raise InvalidInput(f"{out} is the shipped default artifact: choose another --out")
    if not target.parent.is_dir():
        raise InvalidInput(f"no folder {out.parent} for --out")
    if target.exists() and not force:
        raise InvalidInput(f"{out} exists: pass --force to replace it")
    base = base or get_settings().coder_model_path
    if base is not None and not base.is_file():
        raise InvalidInput(f"no artifact at {base} (--base)")
    if base is not None and base.resolve() == target:
        raise InvalidInput("--base and --out are the same file")
    if report is not None and not report.resolve().parent.is_dir():
        raise InvalidInput(f"no folder {report.parent} for --report")
    if sets is None:
        sources: tuple[str, ...] = TRAIN_SOURCES
    elif sets.strip().lower() == "none":
        sources = ()
    else:
        sources = tuple(s.strip() for s in sets.split(",") if s.strip())
        unknown = [s for s in sources if s not in TRAIN_SOURCES]
        if unknown:
            raise InvalidInput(
                f"unknown set {unknown[0]!r}; choose among {', '.join(TRAIN_SOURCES)} or none"
            )
    if sources and not folder.is_dir():
        raise InvalidInput(f"no shared data at {folder} (set CIVICSPACE_DATA_DIR or --sets none)")
    with Session(open_store()) as session:
        result = retrain_from_desk(
            session,
            folder,
            target,
            base=base,
            sources=sources,
            max_per_source=max_per_set,
            desk_weight=desk_weight,
            holdout=holdout,
            log=lambda m: console.print(m),
        )
    typer.echo(format_comparison(result))
    if report is not None:
        report.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


def register(app: typer.Typer) -> None:
    """Add ``classify``, ``eval`` and ``train`` to the root command."""
    app.command("classify")(classify_command)
    app.command("eval")(eval_command)
    app.command("train")(train_command)


if __name__ == "__main__":  # ``python -m civicspace.cli.classify eval --dev`` works on its own too
    from civicspace.cli.common import fail
    from civicspace.errors import CivicspaceError

    standalone = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False)
    register(standalone)
    try:
        standalone()
    except CivicspaceError as exc:
        fail(exc)
