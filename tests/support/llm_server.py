"""A small OpenAI-compatible chat server of our own on 127.0.0.1, for the LLM callers' tests.

Real HTTP (``http.server`` in a thread): no mock of the HTTP client. ``GET /v1/models`` lists
one model; ``POST /v1/chat/completions`` answers with what the test's ``reply`` function makes
of the request body, as Ollama or vLLM would wrap it. Every request body is kept in
``requests``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "tiny-test-model"
Reply = Callable[[dict[str, Any]], str]


@dataclass
class LLMServer:
    base_url: str
    reply: Reply
    requests: list[dict[str, Any]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

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
            self._send(200, {"object": "list", "data": [{"id": MODEL}]})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        state = self.server.state
        state.requests.append(body)
        if not self.path.endswith("/chat/completions"):
            self._send(404, {"error": "not found"})
            return
        content = state.reply(body)
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


class _Server(ThreadingHTTPServer):
    state: LLMServer


@contextmanager
def serve_llm(reply: Reply) -> Iterator[LLMServer]:
    """A running server whose chat answers are ``reply(request_body)``."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.state = LLMServer(f"http://127.0.0.1:{httpd.server_address[1]}/v1", reply)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.shutdown()
        httpd.server_close()
