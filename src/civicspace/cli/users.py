"""``civicspace users``: accounts of the review desk."""

from __future__ import annotations

import typer

app = typer.Typer(help="Accounts of the review desk.", no_args_is_help=True)
