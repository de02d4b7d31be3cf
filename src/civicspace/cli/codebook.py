"""``civicspace codebook``: print the shared vocabulary."""

from __future__ import annotations

import json
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table

from civicspace.codebook import load_codebook


class CodebookFormat(StrEnum):
    text = "text"
    json = "json"


def show_codebook(fmt: CodebookFormat = typer.Option(CodebookFormat.text, "--format")) -> None:
    """Print the codebook (freedoms, violations, targets, perpetrators, verification, bands)."""
    book = load_codebook()
    if fmt is CodebookFormat.json:
        typer.echo(json.dumps(book.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    out = Console()
    out.print(f"[bold]civicspace codebook, version {book.version}[/]\n")
    out.print(book.incident_definition + "\n")
    for kind in ("freedoms", "violations", "targets", "perpetrators", "verification"):
        table = Table(title=kind.capitalize(), title_justify="left", show_lines=False)
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("label")
        if kind == "violations":
            table.add_column("severity", justify="right")
        table.add_column("meaning")
        for term in getattr(book, kind):
            row = [term.id, term.label]
            if kind == "violations":
                row.append(f"{term.severity:g}")
            table.add_row(*row, term.meaning)
        out.print(table)
    bands = Table(title="Bands (score 0–100)", title_justify="left")
    for col in ("id", "label", "min", "max"):
        bands.add_column(col)
    for band in book.bands:
        bands.add_row(band.id, band.label, f"{band.min:g}", f"{band.max:g}")
    out.print(bands)
    out.print(f"\n[bold]gendered[/]: {book.gendered.meaning}")


def register(app: typer.Typer) -> None:
    app.command("codebook")(show_codebook)
