"""``civicspace listen``: synthesis of contributions into themes."""

from __future__ import annotations

import json
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from civicspace.cli.common import console, fail, open_store, output_stream

app = typer.Typer(help="Listen: themes, key points and quotes from many contributions.")

NAMER_HELP = (
    "Who writes theme statements: extract (a claim) or llm (a short key point from the chat "
    "server of CIVICSPACE_CODER_LLM_*; quotes stay verbatim). Default: CIVICSPACE_LISTEN_NAMER."
)


class Namer(StrEnum):
    extract = "extract"
    llm = "llm"


def _namer(kind: Namer | None) -> Any:
    """The chosen theme namer (None: the claims name themes)."""
    from civicspace.listen.namer import get_namer
    from civicspace.settings import get_settings

    settings = get_settings()
    return get_namer(str(kind or settings.listen_namer), settings)


def _naming_note(namer: Any) -> str:
    if namer is None:
        return ""
    counts = ", ".join(f"{n} {k}" for k, n in sorted(namer.outcomes.items()))
    note = f"; statements by {namer.version}: {counts or 'none asked'}"
    return note + (f" (server failed: {namer.broken})" if namer.broken else "")


@app.command("themes")
def themes_command(
    input: Path = typer.Option(
        ..., "--input", "-i", help='JSON Lines: {"id", "text", "question"?, "lang"?, "country"?}.'
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write the themes JSON (default: stdout)."
    ),
    max_themes: int = typer.Option(12, "--max-themes", min=1, help="Most themes per question."),
    min_support: int = typer.Option(
        2, "--min-support", min=1, help="Fewest contributions a theme needs."
    ),
    refine: bool = typer.Option(
        False, "--refine", help="Let the trained key point matcher decide who supports a theme."
    ),
    threshold: float = typer.Option(
        0.5, "--threshold", min=0.0, max=1.0, help="Matcher score a claim needs with --refine."
    ),
    multilingual: bool = typer.Option(
        True,
        "--multilingual/--no-multilingual",
        help="Cluster a question in several languages on multilingual sentence vectors.",
    ),
    namer: Namer | None = typer.Option(None, "--namer", help=NAMER_HELP),
) -> None:
    """Find themes (with sub-themes, key points and verbatim quotes), one set per question."""
    from civicspace.listen.jsonl import read_contributions
    from civicspace.listen.themes import ThemeOptions, find_themes

    start = time.perf_counter()
    contributions = read_contributions(input)
    chosen = _namer(namer)
    report = find_themes(
        contributions,
        ThemeOptions(
            max_themes=max_themes,
            min_support=min_support,
            refine=refine,
            match_threshold=threshold,
            multilingual=multilingual,
        ),
        namer=chosen,
    )
    with output_stream(output) as fh:
        json.dump(report.as_dict(), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    console.print(
        escape(
            f"{len(report.themes)} themes from {len(contributions)} contributions "
            f"({len(report.unassigned)} unassigned) in {time.perf_counter() - start:.1f}s"
            + _naming_note(chosen)
        ),
        highlight=False,
        soft_wrap=True,
    )


@app.command("import")
def import_command(
    files: list[Path] = typer.Argument(
        ..., help="Contributions: .txt, .md, .docx, .pdf (one each) or .jsonl (one a line)."
    ),
    project: str = typer.Option(..., "--project", "-p", help="The project (created if new)."),
    type: str = typer.Option(
        "essay", "--type", help="interview, essay, dialogue or comment (JSON Lines may say)."
    ),
    country: str | None = typer.Option(None, "--country", help="ISO code of the contributors."),
    language: str | None = typer.Option(None, "--lang", help="Language code (else guessed)."),
    consent: bool = typer.Option(
        False, "--consent", help="The contributors consented (required unless each line says)."
    ),
    named: bool = typer.Option(
        False, "--named", help="Show the contributors' names (default: anonymous)."
    ),
    author: str | None = typer.Option(None, "--author", help="The author, with --named."),
    question: str | None = typer.Option(None, "--question", help="What they answered."),
    recompute: bool = typer.Option(
        True, "--recompute/--no-recompute", help="Place the new claims in themes afterwards."
    ),
    namer: Namer | None = typer.Option(None, "--namer", help=NAMER_HELP),
) -> None:
    """Take contributions into a project and bring its themes up to date (edits kept)."""
    from sqlalchemy.orm import Session

    from civicspace.countries import parse_code
    from civicspace.errors import CivicspaceError, InvalidInput
    from civicspace.listen import batch, edits, synthesis
    from civicspace.listen.intake import ContributionType

    try:
        if type not in ContributionType.__members__:
            raise InvalidInput(f"--type must be one of {', '.join(ContributionType)}")
        if author and not named:
            raise InvalidInput("--author needs --named (contributions are anonymous by default)")
        defaults = batch.Defaults(
            type=ContributionType(type),
            country=parse_code(country) if country else None,
            language=language,
            consent=consent,
            anonymous=not named,
            author=author,
            question=question,
        )
        subs = [s for f in files for s in batch.read_file(f, defaults)]
        with Session(open_store()) as db:
            p = synthesis.ensure_project(db, project)
            added = sum(synthesis.add_submission(db, p, s, q)[1] for s, q in subs)
            message = f"{added} new contributions ({len(subs) - added} already there) in {p.slug}"
            if recompute:
                chosen = _namer(namer)
                result = synthesis.recompute(db, p, namer=chosen)
                edits.log_recompute(db, p, "cli", result.as_dict())
                message += _result_note(result) + _naming_note(chosen)
            db.commit()
    except CivicspaceError as exc:
        fail(exc)
    console.print(escape(message), highlight=False, soft_wrap=True)


def _result_note(result: Any) -> str:
    return (
        f"; {result.new_claims} new claims: {result.placed} placed in themes, "
        f"{result.new_themes} new themes, {result.unassigned} claims in no theme"
    )


@app.command("recompute")
def recompute_command(
    project: str = typer.Option(..., "--project", "-p", help="The project's name or slug."),
    namer: Namer | None = typer.Option(None, "--namer", help=NAMER_HELP),
) -> None:
    """Bring a stored project's themes up to date (per question, analysts' edits kept) and
    rewrite the statements nobody renamed with the chosen namer."""
    from sqlalchemy.orm import Session

    from civicspace.errors import CivicspaceError
    from civicspace.listen import edits, synthesis

    try:
        with Session(open_store()) as db:
            p = synthesis.get_project(db, synthesis.slugify(project))
            chosen = _namer(namer)
            result = synthesis.recompute(db, p, namer=chosen)
            edits.log_recompute(db, p, "cli", result.as_dict())
            slug = p.slug
            db.commit()
    except CivicspaceError as exc:
        fail(exc)
    console.print(
        escape(slug + _result_note(result) + _naming_note(chosen)),
        highlight=False,
        soft_wrap=True,
    )


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    json = "json"


@app.command("report")
def report_command(
    project: str = typer.Option(..., "--project", "-p", help="The project's name or slug."),
    format: ReportFormat = typer.Option(ReportFormat.html, "--format", "-f"),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the report."),
) -> None:
    """Write a project's report (themes, quotes, contributions, breakdowns) as HTML, PDF or JSON."""
    from sqlalchemy.orm import Session

    from civicspace.errors import CivicspaceError
    from civicspace.listen.report import build_report
    from civicspace.listen.synthesis import get_project, slugify
    from civicspace.settings import get_settings
    from civicspace.web.listen.render import report_file_html, report_pdf, theme_incidents

    try:
        with Session(open_store()) as db:
            p = get_project(db, slugify(project))
            view = build_report(db, p, public=True)
            incidents = theme_incidents(db, view)
        base = get_settings().site_url
        if format is ReportFormat.pdf:
            output.write_bytes(report_pdf(view, incidents, base))
        elif format is ReportFormat.html:
            output.write_text(report_file_html(view, incidents, base), encoding="utf-8")
        else:
            output.write_text(
                json.dumps(view.as_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
    except CivicspaceError as exc:
        fail(exc)
    except OSError as exc:
        console.print(f"[red]error:[/] cannot write {output}: {exc.strerror}")
        raise typer.Exit(1) from exc
    console.print(
        f"{view.totals['themes']} themes, {len(view.contributions)} contributions → {output}"
    )
