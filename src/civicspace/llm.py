"""An OpenAI-compatible chat API (Ollama, vLLM, llama.cpp's server), shared by every caller.

The coder's LLM backend (``classify.backends.llm``) and the listen theme namer
(``listen.namer``) both send ``POST {base_url}/chat/completions`` through :class:`ChatClient`
(``temperature`` 0, JSON mode, a bearer token when a key is set), read the JSON object in the
reply with :func:`json_object`, and keep validated answers on disk in an :class:`AnswerCache`
keyed by :func:`cache_key` (SHA-256 of model, prompt version and input), so a rerun costs no
calls. Transport failures and replies that are not chat completions raise ``FetchError``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from civicspace.errors import ConfigError, FetchError

A = TypeVar("A", bound=BaseModel)


class ChatClient:
    """One model on one server; ``calls`` counts the requests sent."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout: float = 120.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = client or httpx.Client(timeout=timeout, headers=headers)
        self.calls = 0

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant's reply to ``messages`` (temperature 0, JSON mode)."""
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
        self.calls += 1
        try:
            r = self.client.post(f"{self.base_url}/chat/completions", json=body)
            r.raise_for_status()
            data = r.json()
            return str(data["choices"][0]["message"]["content"])
        except httpx.HTTPError as exc:
            raise FetchError(f"LLM server {self.base_url}: {exc}") from exc
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise FetchError(f"LLM server {self.base_url}: not an OpenAI chat response") from exc


def json_object(content: str) -> Any:
    """The JSON object in a reply, tolerating a code fence or text around it."""
    content = content.strip()
    if content.startswith("```"):
        content = content.strip("`")
        content = content[content.find("{") :]
    start, end = content.find("{"), content.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the answer")
    return json.loads(content[start : end + 1])


def cache_key(*parts: object) -> str:
    """SHA-256 of the JSON of ``parts`` (model, prompt version, the input)."""
    payload = json.dumps(parts, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnswerCache:
    """Validated answers as JSON files under ``root`` (None: no cache)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def _path(self, key: str) -> Path | None:
        return self.root / key[:2] / f"{key}.json" if self.root else None

    def get(self, key: str, model: type[A]) -> A | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            return model.model_validate_json(path.read_text("utf-8"))
        except ValidationError:
            return None

    def put(self, key: str, answer: BaseModel) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(answer.model_dump_json(), "utf-8")
        tmp.replace(path)


def check_server(base_url: str, timeout: float = 5.0) -> list[str]:
    """Model ids the server offers (``GET /models``); raises ConfigError when unreachable."""
    try:
        r = httpx.get(f"{base_url.rstrip('/')}/models", timeout=timeout)
        r.raise_for_status()
        return [m["id"] for m in r.json().get("data", [])]
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        raise ConfigError(f"no OpenAI-compatible server at {base_url}: {exc}") from exc


__all__ = ["AnswerCache", "ChatClient", "cache_key", "check_server", "json_object"]
