"""``civicspace incidents import``: bring existing incident datasets (ACLED) in."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy.orm import Session

from civicspace.acled.importer import import_acled
from civicspace.cli.common import console, open_store
from civicspace.errors import InvalidInput
from civicspace.settings import get_settings

FORMATS = ("acled",)


def register(incidents_app: typer.Typer) -> None:
    """Add the import command to the ``incidents`` group."""

    @incidents_app.command("import")
    def import_incidents(
        path: Path = typer.Argument(..., exists=True, dir_okay=False, help="Dataset file."),
        fmt: str = typer.Option(..., "--format", help="Dataset format: acled (CSV export)."),
        state: str | None = typer.Option(
            None, help="State of imported incidents (default: CIVICSPACE_ACLED_IMPORT_STATE)."
        ),
        verification: str | None = typer.Option(
            None, help="Verification (default: CIVICSPACE_ACLED_IMPORT_VERIFICATION)."
        ),
    ) -> None:
        """Import an incident dataset, mapped onto the codebook (idempotent on the event id)."""
        if fmt not in FORMATS:
            raise InvalidInput(f"--format must be one of {FORMATS}")
        settings = get_settings()
        with Session(open_store()) as session:
            report = import_acled(
                path,
                session,
                state=state or settings.acled_import_state,
                verification=verification or settings.acled_import_verification,
            )
            session.commit()
        console.print(f"{path.name}: {dict(sorted(report.outcomes.items()))}")
        for line in report.bad_rows[:10]:
            console.print(f"[yellow]bad row[/] {line}")
