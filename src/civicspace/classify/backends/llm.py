"""The LLM backend: any OpenAI-compatible chat API (Ollama, vLLM, llama.cpp's server).

Each document the cheap pass keeps goes to ``POST {base_url}/chat/completions`` with the
prompts of :mod:`civicspace.classify.backends.prompts` through the shared client of
:mod:`civicspace.llm` (``temperature`` 0, JSON mode). The
answer is validated against :class:`LLMAnswer`; ids outside the codebook are dropped, evidence
quotes that do not occur verbatim in the text are dropped, and an unusable answer gets one
repair round. Valid answers are cached on disk by the SHA-256 of (model, prompt version,
document), so a rerun costs no calls. Documents the default coder's cheap pass rejects are not
sent (setting ``CIVICSPACE_CODER_PREFILTER``, on by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import httpx
from pydantic import BaseModel, Field, ValidationError, field_validator

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.backends.prompts import (
    PROMPT_VERSION,
    repair_prompt,
    system_prompt,
    user_prompt,
)
from civicspace.classify.geo import country_code
from civicspace.classify.schema import (
    Coding,
    Evidence,
    InputDoc,
    Label,
    PairEnd,
    PairJudgement,
    Person,
    verify_evidence,
)
from civicspace.codebook import load_codebook
from civicspace.errors import FetchError
from civicspace.llm import AnswerCache, ChatClient, cache_key, check_server, json_object
from civicspace.settings import Settings


class LLMPerson(BaseModel):
    name: str
    role: str = "victim"
    kind: str = "person"


class LLMPairEnd(BaseModel):
    id: str
    quote: str = ""


class LLMPair(BaseModel):
    """The act, the civic target it was done to (None: no target named), and how sure."""

    act: LLMPairEnd
    target: LLMPairEnd | None = None
    p: float | None = Field(default=None, ge=0.0, le=1.0)


class LLMAnswer(BaseModel):
    """The JSON object the model must return."""

    is_incident: bool
    score: float = Field(default=0.5, ge=0.0, le=1.0)
    violations: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    perpetrators: list[str] = Field(default_factory=list)
    freedoms: list[str] = Field(default_factory=list)
    country: str | None = None
    place: str | None = None
    event_date: date | None = None
    gendered: bool = False
    persons: list[LLMPerson] = Field(default_factory=list)
    evidence: dict[str, str] = Field(default_factory=dict)
    pair: LLMPair | None = None

    @field_validator("event_date", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        if isinstance(v, str):
            v = v.strip()
            if not v or v.lower() in ("null", "none", "unknown"):
                return None
            return v[:10]
        return v


class LLMCoder:
    """Codes with a chat model; see the module docstring."""

    name = "civicspace-llm"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout: float = 120.0,
        cache_dir: Path | None = None,
        prefilter: DefaultCoder | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.chat = ChatClient(base_url, model, api_key=api_key, timeout=timeout, client=client)
        self.base_url, self.model = self.chat.base_url, model
        self.version = f"{PROMPT_VERSION}+{model}"
        self.cache_dir, self.cache = cache_dir, AnswerCache(cache_dir)
        self.prefilter = prefilter

    @property
    def calls(self) -> int:
        return self.chat.calls

    @classmethod
    def from_settings(cls, s: Settings) -> LLMCoder:
        prefilter = DefaultCoder(s.coder_model_path) if s.coder_prefilter else None
        key = s.coder_llm_api_key.get_secret_value() if s.coder_llm_api_key else ""
        return cls(
            s.coder_llm_base_url,
            s.coder_llm_model,
            api_key=key,
            timeout=s.coder_llm_timeout,
            cache_dir=s.coder_llm_cache_dir,
            prefilter=prefilter,
        )

    def code(self, docs: Sequence[InputDoc]) -> list[Coding]:
        p: Sequence[float] = [1.0] * len(docs)
        kept: Sequence[bool] = [True] * len(docs)
        if self.prefilter is not None:
            _prepared, p_arr, kept_arr = self.prefilter.screen(docs)
            p, kept = [float(x) for x in p_arr], [bool(x) for x in kept_arr]
        out = []
        for i, doc in enumerate(docs):
            if not kept[i]:
                out.append(
                    Coding(
                        id=doc.id,
                        is_incident=False,
                        score=round(float(p[i]), 4),
                        language=doc.lang,
                        coder=self.name,
                        coder_version=self.version,
                    )
                )
                continue
            out.append(self._to_coding(doc, self.ask(doc)))
        return out

    # --- the call, its cache, its validation ---------------------------------------------
    def cache_key(self, doc: InputDoc) -> str:
        return cache_key(
            self.model,
            PROMPT_VERSION,
            doc.title,
            doc.text,
            doc.published.isoformat() if doc.published else None,
            doc.lang,
            doc.source_country,
        )

    def ask(self, doc: InputDoc) -> LLMAnswer:
        key = self.cache_key(doc)
        cached = self.cache.get(key, LLMAnswer)
        if cached is not None:
            return cached
        messages = [
            {"role": "system", "content": system_prompt()},
            {"role": "user", "content": user_prompt(doc)},
        ]
        error = ""
        for _attempt in range(2):
            content = self.chat.complete(messages)
            try:
                answer = LLMAnswer.model_validate(json_object(content))
            except (ValueError, ValidationError) as exc:
                error = str(exc)
                messages += [
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": repair_prompt(error)},
                ]
                continue
            self.cache.put(key, answer)
            return answer
        raise FetchError(
            f"the model gave no usable answer for document {doc.id}: {error[:200]}", retryable=False
        )

    def _to_coding(self, doc: InputDoc, a: LLMAnswer) -> Coding:
        cb = load_codebook()
        labels: dict[str, list[Label]] = {}
        for kind in ("violations", "targets", "perpetrators", "freedoms"):
            valid = set(cb.ids(kind))
            ids = (
                [i for i in dict.fromkeys(getattr(a, kind)) if i in valid] if a.is_incident else []
            )
            labels[kind] = [Label(id=i, p=round(a.score, 4)) for i in ids]
        evidence = _locate(doc, a.evidence)
        persons = [
            Person(name=p.name, role=p.role, kind=p.kind)  # type: ignore[arg-type]
            for p in a.persons
            if p.role in ("victim", "perpetrator")
            and p.kind in ("person", "organisation")
            and p.name
            and (p.name in doc.text or p.name in (doc.title or ""))
        ]
        if not a.is_incident:
            persons = []
        coding = Coding(
            id=doc.id,
            is_incident=a.is_incident,
            score=round(a.score, 4),
            country=country_code(a.country) if a.country and a.is_incident else None,
            place=a.place if a.is_incident else None,
            gendered=a.gendered and a.is_incident,
            event_date=a.event_date if a.is_incident else None,
            persons=persons,
            evidence=evidence,
            language=doc.lang,
            coder=self.name,
            coder_version=self.version,
            pair=_pair(doc, a) if a.is_incident else None,
            **labels,
        )
        return verify_evidence(coding, doc)


def _locate(doc: InputDoc, quotes: dict[str, str]) -> dict[str, Evidence]:
    """Evidence for quotes that occur verbatim in the title or text; the rest is dropped."""
    out: dict[str, Evidence] = {}
    for key, quote in quotes.items():
        quote = (quote or "").strip()
        if not quote:
            continue
        for field, source in (("text", doc.text), ("title", doc.title or "")):
            pos = source.find(quote)
            if pos >= 0:
                out[key] = Evidence(
                    quote=quote,
                    field="title" if field == "title" else "text",
                    start=pos,
                    end=pos + len(quote),
                )
                break
    return out


def _pair(doc: InputDoc, a: LLMAnswer) -> PairJudgement | None:
    """The answer's pair, with codebook ids and quotes found in the text; else None."""
    cb = load_codebook()
    if a.pair is None or a.pair.act.id not in set(cb.ids("violations")):
        return None
    act = _end(doc, a.pair.act)
    if act is None:
        return None
    target = None
    if a.pair.target is not None and a.pair.target.id in set(cb.ids("targets")):
        target = _end(doc, a.pair.target)
    p = a.pair.p if a.pair.p is not None else a.score
    return PairJudgement(act=act, target=target, p=round(p, 4))


def _end(doc: InputDoc, end: LLMPairEnd) -> PairEnd | None:
    found = _locate(doc, {end.id: end.quote}).get(end.id)
    if found is None:
        return None
    return PairEnd(id=end.id, **found.model_dump())


__all__ = ["LLMAnswer", "LLMCoder", "check_server"]
