"""publish: aggregates kept by triggers, full-text search, an index-served incident-date order

Revision ID: 0008_publish_speed
Revises: 0007_privacy_gate

- ``incidents.sort_date`` (generated: ``coalesce(start_date, '0001-01-01')``) with indexes on
  ``(state, sort_date, id)`` and ``(country, state, sort_date, id)``.
- ``publish_counts`` counters of published incidents, kept equal to a full recomputation by
  triggers in the same transaction as every change to ``incidents`` (row triggers on SQLite;
  statement triggers with transition tables on PostgreSQL, so a bulk ``COPY`` or ``UPDATE`` is one
  grouped upsert), and backfilled here.
- Full-text search over the public version of published titles and summaries (never the working
  text: a private word finds nothing): SQLite FTS5 ``fts_incidents`` (external
  content: the view ``fts_incidents_source``; unicode61, diacritics removed), kept by triggers;
  PostgreSQL ``search_vector`` (generated ``tsvector``, 'simple' configuration after accent
  folding) with a partial GIN index. Both are backfilled.
"""

# ruff: noqa: S608  (SQL text built from constants of this file only: no input reaches it)
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from civicspace.store.publish import FOLD_FROM, FOLD_TO

revision = "0008_publish_speed"
down_revision = "0007_privacy_gate"
branch_labels = None
depends_on = None

PUBLISHED = "state = 'published' AND published_at IS NOT NULL"


def _published(alias: str) -> str:
    return f"{alias}.state = 'published' AND {alias}.published_at IS NOT NULL"


KINDS = ("violations", "targets", "perpetrators")
SORT_INDEXES = {
    "ix_incidents_state_sort_date": ["state", "sort_date", "id"],
    "ix_incidents_country_state_sort_date": ["country", "state", "sort_date", "id"],
}
ROW_COLUMNS = (
    "id",
    "country",
    "state",
    "published_at",
    "start_date",
    "violations",
    "targets",
    "perpetrators",
    "gendered",
    "verification",
)


# --- counters: the cells one published incident adds ---------------------------------------


def _sqlite_cells(src: str) -> str:
    """SELECT (country, dim, key) once per cell of every published row of ``src`` (SQLite).

    Triggers accept no CTE and no LATERAL, so the scopes ('' and the country) are a UNION and
    each JSON list is exploded with ``json_each`` (DISTINCT per incident)."""
    pub = f"(SELECT * FROM {src} WHERE {PUBLISHED})"
    scoped = (
        f"(SELECT '' AS scope, * FROM {pub} UNION ALL "
        f"SELECT country AS scope, * FROM {pub} WHERE country IS NOT NULL)"
    )

    def arr(col: str) -> str:
        return f"CASE WHEN json_type(s.{col}) = 'array' THEN s.{col} ELSE '[]' END"

    whrd = f"EXISTS (SELECT 1 FROM json_each({arr('targets')}) WHERE value = 'whrd')"
    parts = [
        f"SELECT s.scope AS country, 'total' AS dim, '' AS key FROM {scoped} s",
        f"SELECT s.scope, 'month', substr(coalesce(s.start_date, s.published_at), 1, 7) "
        f"FROM {scoped} s",
        f"SELECT s.scope, 'verification', s.verification FROM {scoped} s",
        f"SELECT s.scope, 'lens', 'against_whrds' FROM {scoped} s WHERE {whrd}",
        f"SELECT s.scope, 'lens', 'gendered' FROM {scoped} s WHERE s.gendered",
        f"SELECT s.scope, 'lens', 'either' FROM {scoped} s WHERE s.gendered OR {whrd}",
        "SELECT scope, 'lens_violations', value FROM (SELECT DISTINCT s.id, s.scope, j.value "
        f"FROM {scoped} s, json_each({arr('violations')}) j WHERE s.gendered OR {whrd})",
    ]
    parts += [
        f"SELECT scope, '{kind}', value FROM (SELECT DISTINCT s.id, s.scope, j.value "
        f"FROM {scoped} s, json_each({arr(kind)}) j)"
        for kind in KINDS
    ]
    return " UNION ALL ".join(parts)


def _sqlite_apply(src: str, sign: int) -> str:
    return (
        "INSERT INTO publish_counts (country, dim, key, n) "
        f"SELECT country, dim, key, {sign} * count(*) FROM ({_sqlite_cells(src)}) WHERE 1 "
        "GROUP BY country, dim, key "
        "ON CONFLICT (country, dim, key) DO UPDATE SET n = n + excluded.n"
    )


def _sqlite_row(alias: str) -> str:
    return "(SELECT " + ", ".join(f"{alias}.{c} AS {c}" for c in ROW_COLUMNS) + ")"


def _pg_cells(src: str) -> str:
    """SELECT (country, dim, key) once per cell of every published row of ``src`` (PostgreSQL)."""

    def arr(col: str) -> str:
        return f"CASE WHEN jsonb_typeof(r.{col}) = 'array' THEN r.{col} ELSE '[]'::jsonb END"

    whrd = "(jsonb_typeof(r.targets) = 'array' AND r.targets ? 'whrd')"
    month = "to_char(coalesce(r.start_date, (r.published_at AT TIME ZONE 'UTC')::date), 'YYYY-MM')"
    cells = [
        "SELECT 'total'::text, ''::text",
        f"SELECT 'month', {month}",
        "SELECT 'verification', r.verification::text",
        f"SELECT 'lens', 'against_whrds' WHERE {whrd}",
        "SELECT 'lens', 'gendered' WHERE r.gendered",
        f"SELECT 'lens', 'either' WHERE r.gendered OR {whrd}",
        "SELECT 'lens_violations', v FROM (SELECT DISTINCT jsonb_array_elements_text("
        f"{arr('violations')}) AS v) t WHERE r.gendered OR {whrd}",
    ]
    cells += [
        f"SELECT '{kind}', v FROM (SELECT DISTINCT jsonb_array_elements_text({arr(kind)}) AS v) t"
        for kind in KINDS
    ]
    return (
        f"SELECT s.scope AS country, c.dim, c.key FROM {src} r "
        "CROSS JOIN LATERAL (SELECT ''::text UNION ALL "
        "SELECT r.country::text WHERE r.country IS NOT NULL) s(scope) "
        f"CROSS JOIN LATERAL ({' UNION ALL '.join(cells)}) c(dim, key) "
        f"WHERE {_published('r')}"
    )


def _pg_function(name: str, deltas: list[tuple[str, int]]) -> str:
    """A statement trigger function: one grouped upsert of the transition tables' deltas, under
    one transaction-level advisory lock (concurrent publishers never deadlock on the counters)."""
    union = " UNION ALL ".join(
        f"SELECT country, dim, key, {sign} AS d FROM ({_pg_cells(src)}) x" for src, sign in deltas
    )
    touched = " OR ".join(
        f"EXISTS (SELECT 1 FROM {src} WHERE {PUBLISHED})" for src, _sign in deltas
    )
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF {touched} THEN
    PERFORM pg_advisory_xact_lock(hashtext('civicspace.publish_counts'));
    INSERT INTO publish_counts AS pc (country, dim, key, n)
    SELECT country, dim, key, sum(d) FROM ({union}) y
    GROUP BY country, dim, key HAVING sum(d) <> 0 ORDER BY country, dim, key
    ON CONFLICT (country, dim, key) DO UPDATE SET n = pc.n + excluded.n;
  END IF;
  RETURN NULL;
END $$"""


PG_TRIGGERS = {
    "publish_counts_insert": ("INSERT", "NEW TABLE AS new_rows", [("new_rows", 1)]),
    "publish_counts_update": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        [("old_rows", -1), ("new_rows", 1)],
    ),
    "publish_counts_delete": ("DELETE", "OLD TABLE AS old_rows", [("old_rows", -1)]),
}
SQLITE_TRIGGERS = {
    "publish_counts_insert": f"AFTER INSERT ON incidents WHEN {_published('new')} BEGIN "
    f"{_sqlite_apply(_sqlite_row('new'), 1)}; END",
    "publish_counts_delete": f"AFTER DELETE ON incidents WHEN {_published('old')} BEGIN "
    f"{_sqlite_apply(_sqlite_row('old'), -1)}; END",
    "publish_counts_update": "AFTER UPDATE OF "
    + ", ".join(c for c in ROW_COLUMNS if c != "id")
    + f" ON incidents WHEN ({_published('old')}) OR ({_published('new')}) BEGIN "
    f"{_sqlite_apply(_sqlite_row('old'), -1)}; {_sqlite_apply(_sqlite_row('new'), 1)}; END",
    "fts_incidents_insert": f"AFTER INSERT ON incidents WHEN {_published('new')} BEGIN "
    "INSERT INTO fts_incidents (rowid, title, summary) "
    "VALUES (new.id, new.public_title, new.public_summary); END",
    "fts_incidents_delete": f"AFTER DELETE ON incidents WHEN {_published('old')} BEGIN "
    "INSERT INTO fts_incidents (fts_incidents, rowid, title, summary) "
    "VALUES ('delete', old.id, old.public_title, old.public_summary); END",
    "fts_incidents_update": "AFTER UPDATE OF public_title, public_summary, state, published_at "
    "ON incidents "
    f"WHEN ({_published('old')}) OR ({_published('new')}) BEGIN "
    "INSERT INTO fts_incidents (fts_incidents, rowid, title, summary) "
    f"SELECT 'delete', old.id, old.public_title, old.public_summary WHERE {_published('old')}; "
    "INSERT INTO fts_incidents (rowid, title, summary) "
    f"SELECT new.id, new.public_title, new.public_summary WHERE {_published('new')}; END",
}


def _search_vector() -> str:
    """Words are runs of letters and digits (as SQLite's unicode61 and the query side split
    them), Latin accents folded, then lower-cased by the 'simple' configuration. ``translate``
    with ~500 letters costs ~1 ms on a 250-character text, so ASCII text (octet length equal to
    character length) skips it."""
    text = "(coalesce(public_title, '') || ' ' || coalesce(public_summary, ''))"
    folded = (
        f"CASE WHEN octet_length({text}) = char_length({text}) THEN {text} "
        f"ELSE translate({text}, '{FOLD_FROM}', '{FOLD_TO}') END"
    )
    return f"to_tsvector('simple'::regconfig, regexp_replace({folded}, '[^[:alnum:]]+', ' ', 'g'))"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("incidents") as batch_op:
        batch_op.add_column(
            sa.Column(
                "sort_date",
                sa.Date(),
                # SQLite adds only VIRTUAL columns in place; PostgreSQL indexes only STORED ones
                sa.Computed(
                    "coalesce(start_date, '0001-01-01')",
                    persisted=True if dialect == "postgresql" else None,
                ),
                nullable=True,
            )
        )
        for name, columns in SORT_INDEXES.items():
            batch_op.create_index(name, columns)
    op.create_table(
        "publish_counts",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("country", "dim", "key", name=op.f("pk_publish_counts")),
    )
    if dialect == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()
    # planner statistics for the new indexes and column: without them SQLite takes an index it
    # knows nothing about for every ``state = ?`` (a scan of every published row)
    op.execute("ANALYZE incidents")
    op.execute("ANALYZE publish_counts")


def _upgrade_sqlite() -> None:
    op.execute(
        "INSERT INTO publish_counts (country, dim, key, n) SELECT country, dim, key, count(*) "
        f"FROM ({_sqlite_cells('incidents')}) WHERE 1 GROUP BY country, dim, key"
    )
    op.execute(
        "CREATE VIEW fts_incidents_source AS "
        "SELECT id, public_title AS title, public_summary AS summary FROM incidents "
        f"WHERE {PUBLISHED}"
    )
    op.execute(
        "CREATE VIRTUAL TABLE fts_incidents USING fts5(title, summary, "
        "content='fts_incidents_source', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO fts_incidents (fts_incidents) VALUES ('rebuild')")
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def _upgrade_postgresql() -> None:
    op.execute(
        "INSERT INTO publish_counts (country, dim, key, n) SELECT country, dim, key, count(*) "
        f"FROM ({_pg_cells('incidents')}) x GROUP BY country, dim, key"
    )
    for name, (event, referencing, deltas) in PG_TRIGGERS.items():
        op.execute(_pg_function(name, deltas))
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON incidents REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    op.execute(
        "CREATE FUNCTION publish_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN DELETE FROM publish_counts; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER publish_counts_truncate AFTER TRUNCATE ON incidents "
        "FOR EACH STATEMENT EXECUTE FUNCTION publish_counts_truncate()"
    )
    op.add_column(
        "incidents",
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(_search_vector(), persisted=True),
            nullable=True,
        ),
    )
    op.execute(
        "CREATE INDEX ix_incidents_search_vector ON incidents USING gin (search_vector) "
        "WHERE state = 'published'"
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX ix_incidents_search_vector")
        op.drop_column("incidents", "search_vector")
        for name in (*PG_TRIGGERS, "publish_counts_truncate"):
            op.execute(f"DROP TRIGGER {name} ON incidents")
            op.execute(f"DROP FUNCTION {name}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE fts_incidents")
        op.execute("DROP VIEW fts_incidents_source")
    op.drop_table("publish_counts")
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="incidents")
    op.drop_column("incidents", "sort_date")  # plain ALTER (SQLite ≥ 3.35): no table copy
