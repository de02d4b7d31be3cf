"""Every prompt the LLM backend sends, in one place, versioned.

Change a prompt and bump :data:`PROMPT_VERSION`: it is part of the coder version (so codings
made with different prompts never mix) and of the cache key.
"""

from __future__ import annotations

import json

from civicspace.classify.schema import InputDoc
from civicspace.codebook import load_codebook

PROMPT_VERSION = "p2"
MAX_DOC_CHARS = 6000


def _terms(kind: str) -> str:
    cb = load_codebook()
    terms = getattr(cb, kind)
    return "\n".join(f"- {t.id}: {t.meaning or t.label}" for t in terms if not t.retired)


def system_prompt() -> str:
    cb = load_codebook()
    return f"""You code news for civil-society monitors of the freedoms of association, peaceful
assembly and expression. Definition of an incident: {cb.incident_definition}

Use only these ids.
Violations:
{_terms("violations")}
Targets:
{_terms("targets")}
Perpetrators:
{_terms("perpetrators")}
Freedoms:
{_terms("freedoms")}

Answer with one JSON object and nothing else:
{{"is_incident": true|false, "score": 0.0-1.0,
  "violations": [ids], "targets": [ids], "perpetrators": [ids], "freedoms": [ids],
  "country": "ISO 3166-1 alpha-2 or null", "place": "place name or null",
  "event_date": "YYYY-MM-DD or null (resolve 'on Tuesday' against the publication date)",
  "gendered": true|false,
  "persons": [{{"name": "...", "role": "victim|perpetrator", "kind": "person|organisation"}}],
  "evidence": {{"is_incident": "sentence copied verbatim from the text",
               "violations:<id>": "verbatim sentence", "targets:<id>": "verbatim sentence"}},
  "pair": {{"act": {{"id": "violation id", "quote": "verbatim sentence of the act"}},
           "target": {{"id": "target id", "quote": "verbatim sentence naming the target"}} or null,
           "p": 0.0-1.0}} or null}}
Copy evidence sentences exactly as they appear. An incident is a conjunction: "pair" is the
restrictive act and the civic target it was done to (the people arrested, not the people
protesting against an arrest; not a suspect in an ordinary crime), with how sure you are that
they are one event. If it is not an incident, give empty lists and "pair": null."""


def user_prompt(doc: InputDoc) -> str:
    meta = {
        "published": doc.published.isoformat() if doc.published else None,
        "language": doc.lang,
        "publisher_country": doc.source_country,
    }
    return (
        f"Metadata: {json.dumps(meta)}\nTitle: {doc.title or ''}\nText:\n{doc.text[:MAX_DOC_CHARS]}"
    )


def repair_prompt(error: str) -> str:
    return (
        f"Your answer could not be used: {error[:500]}. Answer again with one valid JSON "
        "object following the format, ids from the lists only."
    )
