"""Migration 0017 on SQLite and PostgreSQL: themes stored before it take the question of their
claims' contributions (a sub-theme that of its theme)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, Table, select

from civicspace.store import make_engine
from civicspace.store.migrate import upgrade

Q1, Q2 = "What threatens your work?", "What would help you most?"


def test_existing_themes_take_their_question(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine, "0016_campaign_oauth_apps")
    meta = MetaData()
    tables = {
        name: Table(name, meta, autoload_with=engine)
        for name in ("listen_projects", "listen_contributions", "listen_themes", "listen_claims")
    }
    now = datetime(2026, 12, 4, tzinfo=UTC)
    theme = {"renamed": False, "edited": False, "violations": [], "targets": []}
    with engine.begin() as db:
        db.execute(
            tables["listen_projects"].insert(),
            [{"id": 1, "slug": "p", "title": "P", "status": "draft", "created_at": now,
              "updated_at": now}],
        )  # fmt: skip
        db.execute(
            tables["listen_contributions"].insert(),
            [
                {"id": n, "project_id": 1, "key": str(n) * 64, "type": "comment",
                 "text": f"Answer {n}.", "question": q, "consent": True, "anonymous": True,
                 "created_at": now}
                for n, q in ((1, Q1), (2, Q2))
            ],
        )  # fmt: skip
        db.execute(
            tables["listen_themes"].insert(),
            [
                {**theme, "id": 1, "project_id": 1, "parent_id": None, "label": "T1",
                 "position": 1, "codes_by": "coder", "created_at": now, "updated_at": now},
                {**theme, "id": 2, "project_id": 1, "parent_id": 1, "label": "S1",
                 "position": 1, "codes_by": "coder", "created_at": now, "updated_at": now},
                {**theme, "id": 3, "project_id": 1, "parent_id": None, "label": "T2",
                 "position": 2, "codes_by": "coder", "created_at": now, "updated_at": now},
                {**theme, "id": 4, "project_id": 1, "parent_id": None, "label": "empty",
                 "position": 3, "codes_by": "coder", "created_at": now, "updated_at": now},
            ],
        )  # fmt: skip
        db.execute(
            tables["listen_claims"].insert(),
            [
                {"id": 1, "project_id": 1, "contribution_id": 1, "start_offset": 0,
                 "end_offset": 10, "text": "Answer 1.", "theme_id": 2, "pinned": False,
                 "centrality": 1.0},
                {"id": 2, "project_id": 1, "contribution_id": 2, "start_offset": 0,
                 "end_offset": 10, "text": "Answer 2.", "theme_id": 3, "pinned": False,
                 "centrality": 1.0},
            ],
        )  # fmt: skip
    upgrade(engine)
    themes = Table("listen_themes", MetaData(), autoload_with=engine)
    with engine.connect() as db:
        rows = db.execute(select(themes.c.id, themes.c.question, themes.c.label_by)).all()
    assert sorted(rows) == [(1, Q1, None), (2, Q1, None), (3, Q2, None), (4, None, None)]
    engine.dispose()
