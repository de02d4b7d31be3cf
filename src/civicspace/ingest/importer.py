"""``civicspace import``: bulk import of local files and folders, offline."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.ingest.files import iter_items
from civicspace.ingest.process import Limits
from civicspace.ingest.runner import OnRecord, RunReport, run_items
from civicspace.settings import Settings, get_settings
from civicspace.store.db import get_engine


def import_paths(
    paths: list[Path],
    *,
    engine: Engine | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
    on_record: OnRecord | None = None,
) -> RunReport:
    """Import every supported file under ``paths``; rerunning resumes where a run stopped."""
    settings = settings or get_settings()
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        return run_items(
            session,
            iter_items(paths, settings.fetch_max_bytes),
            limits=Limits(settings.min_text_chars, settings.max_text_chars),
            near_threshold=settings.near_duplicate_threshold,
            workers=settings.import_workers if workers is None else workers,
            on_record=on_record,
        )
