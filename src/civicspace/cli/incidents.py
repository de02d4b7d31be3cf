"""``civicspace incidents``: build incidents from coded documents, export them."""

from __future__ import annotations

import typer

app = typer.Typer(help="Incidents: one event from many reports.", no_args_is_help=True)
