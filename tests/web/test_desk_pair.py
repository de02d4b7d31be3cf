"""The desk's incident page shows the coder's pair judgement: the act and its sentence, the civic
target and its sentence (or that there is none), p with a plain reading, the sentences
highlighted in the document, everything escaped, the words in the reader's language."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.settings import Settings
from civicspace.store.coding import Coding
from civicspace.store.incidents import IncidentDocument
from civicspace.store.models import Document
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.review import fast_hashes, make_users, seed_incidents

__all__ = ["fast_hashes"]

ACT = "Police detained twelve students on Monday during a sit-in at the university in Harbourtown."
TARGET = "The students were released without charge the next morning."


@pytest.fixture
def world(engine: Engine, settings: Settings, fast_hashes: None) -> dict[str, Any]:
    ids = seed_incidents(engine)
    make_users(engine)
    return {"ids": ids, "app": create_app(settings, engine)}


def _set_pair(engine: Engine, incident_id: int, pair: dict[str, Any] | None) -> None:
    with Session(engine) as s:
        link = s.scalars(
            select(IncidentDocument).where(IncidentDocument.incident_id == incident_id)
        ).first()
        assert link is not None and link.coding_id is not None
        coding = s.get(Coding, link.coding_id)
        assert coding is not None
        coding.pair = pair
        s.commit()


def _end(id_: str, quote: str, text: str) -> dict[str, Any]:
    start = text.find(quote)
    return {"id": id_, "quote": quote, "field": "text", "start": max(start, 0),
            "end": max(start, 0) + len(quote)}  # fmt: skip


def _text(engine: Engine, incident_id: int) -> str:
    with Session(engine) as s:
        link = s.scalars(
            select(IncidentDocument).where(IncidentDocument.incident_id == incident_id)
        ).first()
        assert link is not None
        doc = s.get(Document, link.document_id)
        assert doc is not None
        return doc.text or ""


def _block(page: str) -> str:
    start = page.index('<section class="pair')
    return page[start : page.index("</section>", start)]


def test_pair_with_a_target(engine: Engine, world: dict[str, Any]) -> None:
    a = world["ids"][0]
    text = _text(engine, a)
    pair = {
        "act": _end("arrest_detention", ACT, text),
        "target": _end("students_academics", TARGET, text),
        "p": 0.934,
    }
    _set_pair(engine, a, pair)
    client, _ = login(world["app"], "viewer")
    page = client.get(f"/desk/incidents/{a}").text
    block = _block(page)
    assert "Act and target" in block
    assert "Arrest" in block and f'<q class="pair-act">{ACT}</q>' in block
    assert "Students" in block and f'<q class="pair-target">{TARGET}</q>' in block
    assert "0.93" in block and "likely the same event" in block and "check:" not in block
    # the act's and the target's sentences are highlighted in the document text
    assert f'Civic target (pair)">{TARGET}</mark>' in page
    assert "Act (pair)" in page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    # a low p asks the reviewer to check
    _set_pair(engine, a, {**pair, "p": 0.21})
    block = _block(client.get(f"/desk/incidents/{a}").text)
    assert "0.21" in block and "check: the act may not be done to this target" in block


def test_pair_without_a_target_escaped_and_translated(
    engine: Engine, world: dict[str, Any]
) -> None:
    a = world["ids"][3]  # the radio station taken off air: censorship, no civic target named
    hostile = "Regulators <script>alert(1)</script> took it off air."
    _set_pair(
        engine,
        a,
        {"act": {"id": "censorship", "quote": hostile, "field": "text", "start": 0, "end": 5},
         "target": None, "p": 0.8},
    )  # fmt: skip
    client, _ = login(world["app"], "viewer")
    page = client.get(f"/desk/incidents/{a}").text
    block = _block(page)
    assert "no civic target found" in block and "pair-target" not in block
    assert "<script>alert(1)</script>" not in page and escape(hostile, quote=False) in block
    assert "0.80" in block and "likely an incident with no named civic target" in block
    # a quote the text does not hold is shown, not highlighted
    assert "Act (pair)" not in page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    fr = _block(client.get(f"/desk/incidents/{a}?lang=fr").text)
    assert "Acte et cible" in fr and "aucune cible civique trouvée" in fr
    es = _block(client.get(f"/desk/incidents/{a}", headers={"accept-language": "es"}).text)
    assert "Acto y objetivo" in es and "no se encontró ningún objetivo cívico" in es


def test_no_pair_no_block(engine: Engine, world: dict[str, Any]) -> None:
    a = world["ids"][1]
    _set_pair(engine, a, None)
    client, _ = login(world["app"], "viewer")
    page = client.get(f"/desk/incidents/{a}").text
    assert '<section class="pair' not in page
