"""``civicspace listen``: synthesis of contributions into themes."""

from __future__ import annotations

import json
import time
from enum import StrEnum
from pathlib import Path

import typer

from civicspace.cli.common import console, fail, open_store, output_stream

app = typer.Typer(help="Listen: themes, key points and quotes from many contributions.")


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
) -> None:
    """Find themes (with sub-themes, key points and verbatim quotes), one set per question."""
    from civicspace.listen.jsonl import read_contributions
    from civicspace.listen.themes import ThemeOptions, find_themes

    start = time.perf_counter()
    contributions = read_contributions(input)
    report = find_themes(
        contributions,
        ThemeOptions(
            max_themes=max_themes,
            min_support=min_support,
            refine=refine,
            match_threshold=threshold,
            multilingual=multilingual,
        ),
    )
    with output_stream(output) as fh:
        json.dump(report.as_dict(), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    console.print(
        f"{len(report.themes)} themes from {len(contributions)} contributions "
        f"({len(report.unassigned)} unassigned) in {time.perf_counter() - start:.1f}s"
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
                result = synthesis.recompute(db, p)
                edits.log_recompute(db, p, "cli", result.as_dict())
                message += (
                    f"; {result.new_claims} new claims: {result.placed} placed in themes, "
                    f"{result.new_themes} new themes, {result.unassigned} claims in no theme"
                )
            db.commit()
    except CivicspaceError as exc:
        fail(exc)
    console.print(message)


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
