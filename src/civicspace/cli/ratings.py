"""``civicspace ratings``: country scores and bands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Country civic-space ratings: scores, bands, history.", no_args_is_help=True)
