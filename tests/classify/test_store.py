"""Database mode: every stored document coded once per coder version, immutably, resumably."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.run import classify_stored, pending_count
from civicspace.classify.schema import Coding as CodingRecord
from civicspace.classify.schema import InputDoc
from civicspace.store.coding import Coding
from civicspace.store.models import Document, Source

TEXTS = [
    (
        "Police arrest journalists in Nairobi",
        "Police in Nairobi, Kenya arrested three journalists covering a teachers' protest on Tuesday "
        "and fired tear gas at the crowd.",
    ),
    ("Team wins the cup", "The home side won the cup final 2-0 in front of a full stadium."),
    ("Shares rise", "Shares in the bank rose 3% after it reported higher quarterly profits."),
]


def _seed(engine: Engine) -> None:
    with Session(engine) as session:
        src = Source(name="Nation", url="https://example.org/feed", country="KE")
        session.add(src)
        session.flush()
        for i, (title, text) in enumerate(TEXTS):
            session.add(
                Document(
                    input_key=f"{i:064d}",
                    origin="feed",
                    outcome="stored",
                    title=title,
                    text=text,
                    language="en",
                    source_id=src.id,
                    published=datetime(2024, 5, 9, tzinfo=UTC),
                )
            )
        session.add(
            Document(
                input_key="x" * 64,
                origin="feed",
                outcome="duplicate",
                title="dup",
                text="Police arrested journalists.",
            )
        )
        session.commit()


class _Renamed:
    """The default coder under another version: what a retrained coder looks like."""

    name = "civicspace-default"
    version = "test-next"

    def __init__(self, base: DefaultCoder) -> None:
        self.base = base

    def code(self, docs: Sequence[InputDoc]) -> list[CodingRecord]:
        return [
            c.model_copy(update={"coder_version": self.version, "is_incident": False})
            for c in self.base.code(docs)
        ]


def test_codes_stored_documents_once_per_version(engine: Engine) -> None:
    _seed(engine)
    coder = DefaultCoder()
    assert pending_count(engine, coder) == 3  # the duplicate is not coded
    seen: list[tuple[int, int]] = []
    report = classify_stored(engine, coder, batch_size=2, on_batch=lambda d, i: seen.append((d, i)))
    assert report["coded"] == 3 and report["incidents"] >= 1
    assert seen[-1][0] == 3 and len(seen) == 2  # two batches, two commits
    with Session(engine) as session:
        rows = session.scalars(select(Coding).order_by(Coding.document_id)).all()
        assert len(rows) == 3
        first = rows[0]
        assert first.is_incident and first.country == "KE"
        assert {"id", "p"} <= set(first.labels["violations"][0])
        assert first.evidence["is_incident"]["quote"]
        assert first.pair is not None and first.pair["act"]["quote"] and 0 <= first.pair["p"] <= 1
        assert rows[1].pair is None or rows[1].is_incident
        created = first.created_at
    # a rerun codes nothing: idempotent
    assert classify_stored(engine, coder)["coded"] == 0
    # a new version adds codings beside the old ones and never touches them
    assert classify_stored(engine, _Renamed(coder))["coded"] == 3  # type: ignore[arg-type]
    with Session(engine) as session:
        assert session.scalar(select(func.count(Coding.id))) == 6
        old = session.scalars(
            select(Coding).where(
                Coding.coder_version == coder.version, Coding.document_id == first.document_id
            )
        ).one()
        assert old.is_incident and old.created_at == created


def test_limit_and_resume(engine: Engine) -> None:
    _seed(engine)
    coder = DefaultCoder()
    assert classify_stored(engine, coder, limit=1)["coded"] == 1
    assert pending_count(engine, coder) == 2
    assert classify_stored(engine, coder)["coded"] == 2


def test_cli_database_mode(cli_env: str) -> None:
    import json

    import typer
    from typer.testing import CliRunner

    from civicspace.cli.classify import register
    from civicspace.store import get_engine

    engine = get_engine()
    from civicspace.store import upgrade

    upgrade(engine)
    _seed(engine)
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["classify", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["coded"] == 3
    again = CliRunner().invoke(app, ["classify"])
    assert json.loads(again.stdout.strip().splitlines()[-1])["coded"] == 0
