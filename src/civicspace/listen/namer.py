"""Theme namers: who writes a theme's statement once its claims are chosen.

- ``extract`` (the default, no namer object): the theme's most central claim, real text.
- ``llm`` (:class:`LLMNamer`): an OpenAI-compatible chat model (the coder's server, through
  :mod:`civicspace.llm`) reads the theme's most central claims and proposes a short key point.
  It only names: which contributions support a theme and which claims are quoted stay our
  code's choice, verbatim. Its answer is validated (:class:`NameAnswer`, then
  :func:`label_problem`): anything that is not one short statement, or that holds text in
  quotation marks that is not in the theme's claims, is rejected and the extractive statement
  kept. Answers are cached on disk by the SHA-256 of (model, prompt version, question, claims),
  rejected ones too, so a rerun costs no calls and gives the same names.

Each request ends in one outcome, counted in ``outcomes``: ``named`` (the model's statement is
used), ``rejected`` (not a short statement, or an invented quote), ``unusable`` (no valid JSON
after one repair round) or ``error`` (the server failed; after the first failure the namer
stops calling and keeps extractive statements). Analysts' renames are never sent or replaced:
callers skip renamed themes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field, ValidationError, field_validator

from civicspace.errors import FetchError, InvalidInput
from civicspace.listen.prompts import MAX_CLAIMS, PROMPT_VERSION, SYSTEM, repair_prompt, user_prompt
from civicspace.llm import AnswerCache, ChatClient, cache_key, json_object
from civicspace.settings import Settings

MAX_CHARS = 120
MAX_WORDS = 18
MIN_WORDS = 2
NAMERS = ("extract", "llm")

# quotation marks that open and close a quote (a lone ' is an apostrophe, not a quote)
_QUOTES = re.compile(
    r'"([^"]+)"|“([^”]+)”|„([^“”]+)[“”]|«\s?([^»]+?)\s?»|‹([^›]+)›|「([^」]+)」|『([^』]+)』'
    r"|‘([^’]+)’|(?:^|(?<=\s))'([^']+)'(?=\s|$|[.,;:!?])"
)
_MARKS = '"“”„«»‹›「」『』'
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+|\d+")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S|[。！？]\S")
_PREFIX = re.compile(r"^\s*(?:[-*#>•]|\d+[.)]\s|(?:label|theme|key point|statement)\s*:)", re.I)


class NameAnswer(BaseModel):
    """The JSON object the model must return."""

    label: str = Field(min_length=1, max_length=1000)

    @field_validator("label")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()


@dataclass(frozen=True)
class NameRequest:
    question: str | None
    claims: Sequence[str]  # the theme's claims, most central first
    label: str  # the extractive statement, kept when the model's is rejected


@dataclass(frozen=True)
class Naming:
    label: str
    by: str | None  # the namer's version when its statement is used; None: extractive
    outcome: str


class ThemeNamer(Protocol):
    outcomes: Counter[str]

    @property
    def version(self) -> str: ...

    def name(self, request: NameRequest) -> Naming: ...


def _words(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + (cjk + 1) // 2


def _norm(text: str) -> str:
    return " ".join(text.split())


def label_problem(label: str, claims: Sequence[str]) -> str | None:
    """Why ``label`` is not a short statement faithful to ``claims`` (None: it is)."""
    if "\n" in label.strip():
        return "more than one line"
    text = _norm(label)
    if not text:
        return "empty"
    if len(text) > MAX_CHARS or _words(text) > MAX_WORDS:
        return f"longer than {MAX_WORDS} words or {MAX_CHARS} characters"
    if _words(text) < MIN_WORDS:
        return "not a statement (one word)"
    if _PREFIX.match(text):
        return "a list item, heading or prefix, not a statement"
    if text.rstrip().endswith(("?", "？")):
        return "a question, not a statement"
    if _SENTENCE_BREAK.search(text.rstrip(".!。！ ")):
        return "more than one sentence"
    corpus = [_norm(c) for c in claims]
    quoted = [next(g for g in m.groups() if g) for m in _QUOTES.finditer(text)]
    for q in quoted:
        if not any(_norm(q) in c for c in corpus):
            return "a quote that is not in the contributions"
    rest = _QUOTES.sub(" ", text)
    if any(mark in rest for mark in _MARKS):
        return "an unbalanced quotation mark"
    return None


@dataclass
class LLMNamer:
    """Names themes with a chat model; see the module docstring."""

    chat: ChatClient
    cache: AnswerCache
    outcomes: Counter[str] = field(default_factory=Counter)
    broken: str | None = None  # the first server failure; no call is made after it

    @property
    def version(self) -> str:
        return f"{PROMPT_VERSION}+{self.chat.model}"[:64]

    @classmethod
    def from_settings(cls, s: Settings) -> LLMNamer:
        key = s.coder_llm_api_key.get_secret_value() if s.coder_llm_api_key else ""
        chat = ChatClient(
            s.listen_llm_base_url or s.coder_llm_base_url,
            s.listen_llm_model or s.coder_llm_model,
            api_key=key,
            timeout=s.coder_llm_timeout,
        )
        return cls(chat, AnswerCache(Path(s.coder_llm_cache_dir) / "listen"))

    def key(self, request: NameRequest) -> str:
        claims = [_norm(c) for c in request.claims[:MAX_CLAIMS]]
        return cache_key(self.chat.model, PROMPT_VERSION, request.question, claims)

    def name(self, request: NameRequest) -> Naming:
        answer, outcome = self._answer(request)
        if answer is not None:
            if label_problem(answer.label, request.claims) is None:
                outcome = "named"
                self.outcomes[outcome] += 1
                return Naming(_norm(answer.label), self.version, outcome)
            outcome = "rejected"
        self.outcomes[outcome] += 1
        return Naming(request.label, None, outcome)

    def _answer(self, request: NameRequest) -> tuple[NameAnswer | None, str]:
        key = self.key(request)
        cached = self.cache.get(key, NameAnswer)
        if cached is not None:
            return cached, "cached"
        if self.broken is not None:
            return None, "error"
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": user_prompt(request.question, list(request.claims))},
        ]
        for _attempt in range(2):
            try:
                content = self.chat.complete(messages)
            except FetchError as exc:
                self.broken = str(exc)
                return None, "error"
            try:
                answer = NameAnswer.model_validate(json_object(content))
            except (ValueError, ValidationError) as exc:
                messages += [
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": repair_prompt(str(exc))},
                ]
                continue
            self.cache.put(key, answer)
            return answer, "answered"
        return None, "unusable"


def get_namer(kind: str, settings: Settings) -> ThemeNamer | None:
    """The namer called ``kind`` (``extract``: None, the claims name themes)."""
    if kind not in NAMERS:
        raise InvalidInput(f"the namer must be one of {', '.join(NAMERS)}")
    return LLMNamer.from_settings(settings) if kind == "llm" else None


__all__ = ["NAMERS", "LLMNamer", "NameAnswer", "NameRequest", "Naming", "get_namer"]
