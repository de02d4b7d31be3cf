"""What every pipeline run must leave: one outcome per input, one coding per document and coder
version, at most one incident per document, and every incident document in an incident."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.demo import corpus_path
from civicspace.sources.registry import SourceSpec, add_source
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument
from civicspace.store.models import Document
from tests.support.loopback import LoopbackServer


def pipeline_state(engine: Engine) -> dict[str, Any]:
    """Counts that a rerun must not change, after checking the invariants."""
    with Session(engine) as s:
        keys = s.execute(select(Document.input_key, func.count()).group_by(Document.input_key))
        assert all(n == 1 for _k, n in keys), "an input recorded twice"
        codings = s.execute(
            select(Coding.document_id, Coding.coder, Coding.coder_version, func.count()).group_by(
                Coding.document_id, Coding.coder, Coding.coder_version
            )
        ).all()
        assert all(row[3] == 1 for row in codings), "a document coded twice by one coder"
        stored = set(s.scalars(select(Document.id).where(Document.outcome == "stored")))
        coded = {row[0] for row in codings}
        assert stored == coded, f"stored but not coded: {sorted(stored - coded)[:10]}"
        members = s.execute(
            select(IncidentDocument.document_id, func.count()).group_by(
                IncidentDocument.document_id
            )
        ).all()
        assert all(n == 1 for _d, n in members), "a document in two incidents"
        incident_docs = set(
            s.scalars(select(Coding.document_id).where(Coding.is_incident.is_(True)))
        )
        in_incident = {d for d, _n in members}
        assert incident_docs <= in_incident, (
            f"incident documents left out: {sorted(incident_docs - in_incident)[:10]}"
        )
        return {
            "documents": s.scalar(select(func.count(Document.id))),
            "stored": len(stored),
            "codings": len(codings),
            "memberships": len(members),
            "incidents": s.scalar(select(func.count(Incident.id))),
        }


def demo_feed(server: LoopbackServer) -> str:
    """A feed on ``server`` listing the demo corpus's HTML pages (served beside it); its URL."""
    server.serve_directory("a", corpus_path())
    items = "".join(
        f"<item><title>{p.stem}</title><link>{server.url('/a/' + p.name)}</link></item>"
        for p in sorted(corpus_path().glob("*.html"))
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>demo</title>{items}</channel></rss>'
    server.add("/feed.xml", body.encode(), headers={"Content-Type": "application/rss+xml"})
    return server.url("/feed.xml")


def add_feed_source(engine: Engine, url: str) -> int:
    with Session(engine) as s:
        source = add_source(s, SourceSpec(url=url, kind="feed"))
        s.commit()
        return source.id
