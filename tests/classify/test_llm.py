"""The LLM backend against a small OpenAI-compatible server of our own on 127.0.0.1.

The server is real HTTP (``http.server`` in a thread): no mock of the HTTP client. It answers
like Ollama or vLLM would, including a broken answer the coder has to repair.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from civicspace.classify.backends.llm import LLMCoder, check_server
from civicspace.classify.schema import InputDoc
from civicspace.errors import FetchError

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


class Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, object]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.endswith("/models"):
            self._send(200, {"object": "list", "data": [{"id": "tiny-test-model"}]})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.requests.append(body)
        assert self.path.endswith("/chat/completions")
        user = body["messages"][1]["content"]
        if "Hopeless" in user:
            content = "I cannot answer in JSON, sorry."
        elif "Broken" in user and len(body["messages"]) == 2:
            content = '{"is_incident": "perhaps"'  # invalid: the coder must ask again
        elif "Broken" in user:
            content = json.dumps({"is_incident": False, "score": 0.1})
        else:
            content = "```json\n" + json.dumps(GOOD) + "\n```"
        self._send(
            200,
            {
                "id": "x",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
            },
        )


def sent_prompt(request: dict[str, object]) -> str:
    messages = request["messages"]
    assert isinstance(messages, list)
    return str(messages[0]["content"])


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_codes_validates_and_caches(server: str, tmp_path: Path) -> None:
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
    assert '"pair"' in sent_prompt(Handler.requests[0])
    assert c.coder == "civicspace-llm" and c.coder_version.endswith("tiny-test-model")
    sent = Handler.requests[0]
    assert sent["temperature"] == 0 and sent["response_format"] == {"type": "json_object"}
    assert "arrest_detention" in sent["messages"][0]["content"]  # codebook ids in the prompt
    # the same document again: answered from the cache, no new call
    calls = len(Handler.requests)
    again = LLMCoder(server, "tiny-test-model", cache_dir=tmp_path / "cache").code([INCIDENT])[0]
    assert again == c.model_copy(update={}) and len(Handler.requests) == calls


def test_repairs_an_invalid_answer(server: str, tmp_path: Path) -> None:
    coder = LLMCoder(server, "tiny-test-model", cache_dir=tmp_path)
    c = coder.code([BROKEN])[0]
    assert not c.is_incident and coder.calls == 2
    assert len(Handler.requests[-1]["messages"]) == 4  # the bad answer and the repair request


def test_gives_up_with_an_item_error(server: str, tmp_path: Path) -> None:
    coder = LLMCoder(server, "tiny-test-model", cache_dir=tmp_path)
    with pytest.raises(FetchError):
        coder.code([HOPELESS])


def test_unreachable_server_is_a_fetch_error(tmp_path: Path) -> None:
    coder = LLMCoder("http://127.0.0.1:9/v1", "m", cache_dir=tmp_path, timeout=2)
    with pytest.raises(FetchError):
        coder.code([INCIDENT])
