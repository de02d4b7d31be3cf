"""The queue: order, filters, pages, its JSON twin; the evidence highlighted in each source."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput
from civicspace.review.highlights import key_label, segments
from civicspace.review.queue import PAGE_SIZE, QueueFilters, queue
from civicspace.settings import Settings
from civicspace.store.base import utcnow
from civicspace.store.incidents import Incident
from civicspace.store.models import Document, Source
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.review import fast_hashes, make_users, seed_incidents

__all__ = ["fast_hashes"]


def ids(engine: Engine, **kw: Any) -> list[int]:
    with Session(engine) as s:
        return [r.incident.id for r in queue(s, QueueFilters(**kw)).rows]


def test_order_filters_and_pages(engine: Engine) -> None:
    a, b, c, d = seed_incidents(engine)
    # same day: most confident first (0.93, 0.88, 0.71, 0.64)
    assert ids(engine) == [a, d, b, c]
    assert ids(engine, sort="confidence") == [a, d, b, c]
    assert ids(engine, country="KE") == [a, b]
    assert ids(engine, country="ken") == [a, b]  # alpha-3 accepted
    assert ids(engine, violation="censorship") == [d]
    assert ids(engine, violation="arrest_detention", target="students_academics") == [a, b]
    assert ids(engine, target="journalists") == [d, c]
    assert ids(engine, language="es") == [c]
    assert ids(engine, source="news3.example") == [c]
    with Session(engine) as s:
        s.add(Source(id=7, name="Radio Watch", url="https://radio.example/feed"))
        s.flush()
        s.execute(update(Incident).where(Incident.id == d).values(state="accepted"))
        s.execute(update(Document).where(Document.title.like("Radio%")).values(source_id=7))
        s.commit()
    assert ids(engine, state="accepted", source="radio watch") == [d]
    assert ids(engine, state="accepted", source="7") == [d]
    assert d not in ids(engine)  # decided: out of the open queue
    assert ids(engine, source="100%_") == []  # LIKE wildcards are literal
    for bad in ({"violation": "nope"}, {"country": "XX"}, {"state": "gone"}, {"sort": "x"}):
        with pytest.raises(InvalidInput), Session(engine) as s:
            queue(s, QueueFilters(**bad))
    # a newer day comes first whatever the confidence
    with Session(engine) as s:
        s.execute(
            update(Incident).where(Incident.id == c).values(created_at=utcnow() + timedelta(days=1))
        )
        s.commit()
    assert ids(engine) == [c, a, b]
    assert ids(engine, sort="confidence") == [a, b, c]
    seed_incidents(engine, copies=PAGE_SIZE // 4 + 1)
    with Session(engine) as s:
        first = queue(s, QueueFilters())
        second = queue(s, QueueFilters(page=2))
    assert first.total == second.total == 3 + 4 * (PAGE_SIZE // 4 + 1)
    assert len(first.rows) == PAGE_SIZE and first.pages == 2
    assert not {r.incident.id for r in first.rows} & {r.incident.id for r in second.rows}


def test_evidence_segments_hold_the_text_and_check_quotes() -> None:
    text = "Police arrested ten people. Officers beat them. Nothing else."
    evidence = {
        "violations:arrest_detention": {"quote": "Police arrested ten people.", "field": "text",
                                        "start": 0, "end": 27},
        "violations:excessive_force": {"quote": "Officers beat them.", "field": "text",
                                       "start": 3, "end": 9},  # wrong offsets: found by quote
        "targets:hrd": {"quote": "ten people", "field": "text", "start": 16, "end": 26},
        "country": {"quote": "not in the text", "field": "text", "start": 0, "end": 5},
        "is_incident": {"quote": "Headline", "field": "title", "start": 0, "end": 8},
    }  # fmt: skip
    parts = segments(text, "text", evidence)
    assert "".join(p.text for p in parts) == text
    marked = [(p.text, p.keys) for p in parts if p.keys]
    assert marked == [
        ("Police arrested ", ("violations:arrest_detention",)),
        ("ten people", ("targets:hrd", "violations:arrest_detention")),
        (".", ("violations:arrest_detention",)),
        ("Officers beat them.", ("violations:excessive_force",)),
    ]
    assert next(p.keys for p in segments("Headline here", "title", evidence)) == ("is_incident",)
    assert key_label("violations:arrest_detention") == "Violation: Arrest and detention"
    assert key_label("event_date") == "Date"


@pytest.fixture
def app(engine: Engine, settings: Settings, fast_hashes: None) -> FastAPI:
    make_users(engine)
    return create_app(settings, engine)


def test_queue_page_and_json_twin(engine: Engine, app: FastAPI) -> None:
    a, b, c, d = seed_incidents(engine)
    client, _ = login(app, "viewer")
    page = client.get("/desk/queue", params={"country": "KE"})
    assert page.status_code == 200
    assert page.text.index(f"/desk/incidents/{a}") < page.text.index(f"/desk/incidents/{b}")
    assert f"/desk/incidents/{d}" not in page.text
    data = client.get("/desk/queue.json", params={"violation": "censorship"}).json()
    assert [row["id"] for row in data["incidents"]] == [d]
    assert data["total"] == 1 and data["incidents"][0]["sources"] == ["news4.example"]
    assert client.get("/desk/queue", params={"violation": "<script>"}).status_code == 422
    review = client.get(f"/desk/incidents/{a}")
    assert review.status_code == 200
    assert '<mark title="Violation: Arrest and detention">Police detained twelve' in review.text
    assert 'name="violations" value="killing"' in review.text  # every codebook choice
    assert "disabled" in review.text  # a viewer reads, does not edit
    twin = client.get(f"/desk/incidents/{a}.json").json()
    assert twin["sources"][0]["evidence"]["violations:excessive_force"]["quote"].startswith(
        "Officers"
    )
    assert client.get("/desk/incidents/999999").status_code == 404
    assert c
