"""``civicspace listen``: synthesis of contributions into themes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

from civicspace.cli.common import console, output_stream

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
        ),
    )
    with output_stream(output) as fh:
        json.dump(report.as_dict(), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    console.print(
        f"{len(report.themes)} themes from {len(contributions)} contributions "
        f"({len(report.unassigned)} unassigned) in {time.perf_counter() - start:.1f}s"
    )
