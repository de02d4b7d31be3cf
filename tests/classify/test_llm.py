"""The LLM backend against a small OpenAI-compatible server of our own on 127.0.0.1.

The server (``tests.support.llm_server``) is real HTTP: no mock of the HTTP client. It answers
like Ollama or vLLM would, including a broken answer the coder has to repair.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from civicspace.classify.backends.llm import LLMCoder, check_server
from civicspace.classify.schema import InputDoc
from civicspace.errors import FetchError
from tests.support.llm_server import LLMServer, serve_llm

INCIDENT = InputDoc(
    id="1",
    title="Journalist detained in Istanbul",
    text="Police detained the journalist Ayşe Demir in Istanbul on Monday. "
    "She was released after questioning.",
    published=date(2024, 5, 9),
)
BROKEN = InputDoc(id="2", title="Broken", text="This one makes the model answer badly first.")
HOPELESS = InputDoc(id="3", title="Hopeless", text="The model never answers this one properly.")

GOOD = {
    "is_incident": True,
    "score": 0.93,
    "violations": ["arrest_detention", "not_a_codebook_id"],
    "targets": ["journalists"],
    "perpetrators": ["police"],
    "freedoms": ["expression"],
    "country": "Turkey",
    "place": "Istanbul",
    "event_date": "2024-05-06",
    "gendered": False,
    "persons": [
        {"name": "Ayşe Demir", "role": "victim", "kind": "person"},
        {"name": "Invented Person", "role": "victim", "kind": "person"},
    ],
    "evidence": {
        "is_incident": "Police detained the journalist Ayşe Demir in Istanbul on Monday.",
        "violations:arrest_detention": "a sentence the text does not contain",
    },
    "pair": {
        "act": {"id": "arrest_detention", "quote": "Police detained the journalist Ayşe Demir"},
        "target": {"id": "journalists", "quote": "a target sentence the text does not contain"},
        "p": 0.9,
    },
}


def _reply(body: dict[str, Any]) -> str:
    user = body["messages"][1]["content"]
    if "Hopeless" in user:
        return "I cannot answer in JSON, sorry."
    if "Broken" in user and len(body["messages"]) == 2:
        return '{"is_incident": "perhaps"'  # invalid: the coder must ask again
    if "Broken" in user:
        return json.dumps({"is_incident": False, "score": 0.1})
    return "```json\n" + json.dumps(GOOD) + "\n```"


@pytest.fixture
def llm() -> Iterator[LLMServer]:
    with serve_llm(_reply) as state:
        yield state


@pytest.fixture
def server(llm: LLMServer) -> str:
    return llm.base_url


def test_codes_validates_and_caches(llm: LLMServer, server: str, tmp_path: Path) -> None:
    coder = LLMCoder(server, "tiny-test-model", cache_dir=tmp_path / "cache")
    assert check_server(server) == ["tiny-test-model"]
    c = coder.code([INCIDENT])[0]
    assert c.is_incident and c.score == 0.93
    assert c.ids("violations") == ["arrest_detention"]  # the invented id is dropped
    assert c.country == "TR" and c.event_date == date(2024, 5, 6)
    assert [p.name for p in c.persons] == ["Ayşe Demir"]  # a name not in the text is dropped
    assert set(c.evidence) == {"is_incident"}  # the quote that is not in the text is dropped
    ev = c.evidence["is_incident"]
    assert INCIDENT.text[ev.start : ev.end] == ev.quote
    # the pair: the act found verbatim, the target whose quote is not in the text dropped
    assert c.pair is not None and c.pair.act.id == "arrest_detention" and c.pair.p == 0.9
    assert INCIDENT.text[c.pair.act.start : c.pair.act.end] == c.pair.act.quote
    assert c.pair.target is None
    assert c.coder == "civicspace-llm" and c.coder_version.endswith("tiny-test-model")
    sent = llm.requests[0]
    assert '"pair"' in sent["messages"][0]["content"]  # the prompt asks for the pair
    assert sent["temperature"] == 0 and sent["response_format"] == {"type": "json_object"}
    assert "arrest_detention" in sent["messages"][0]["content"]  # codebook ids in the prompt
    # the same document again: answered from the cache, no new call
    calls = len(llm.requests)
    again = LLMCoder(server, "tiny-test-model", cache_dir=tmp_path / "cache").code([INCIDENT])[0]
    assert again == c.model_copy(update={}) and len(llm.requests) == calls


def test_repairs_an_invalid_answer(llm: LLMServer, server: str, tmp_path: Path) -> None:
    coder = LLMCoder(server, "tiny-test-model", cache_dir=tmp_path)
    c = coder.code([BROKEN])[0]
    assert not c.is_incident and coder.calls == 2
    assert len(llm.requests[-1]["messages"]) == 4  # the bad answer and the repair request


def test_gives_up_with_an_item_error(server: str, tmp_path: Path) -> None:
    coder = LLMCoder(server, "tiny-test-model", cache_dir=tmp_path)
    with pytest.raises(FetchError):
        coder.code([HOPELESS])


def test_unreachable_server_is_a_fetch_error(tmp_path: Path) -> None:
    coder = LLMCoder("http://127.0.0.1:9/v1", "m", cache_dir=tmp_path, timeout=2)
    with pytest.raises(FetchError):
        coder.code([INCIDENT])
