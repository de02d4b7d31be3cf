"""``civicspace incidents import``: bring existing incident datasets (ACLED) in."""

from __future__ import annotations

import typer


def register(incidents_app: typer.Typer) -> None:
    """Add the import command to the ``incidents`` group."""
    del incidents_app
