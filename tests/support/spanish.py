"""Helpers of the Spanish (Colombian narrative) tests: cue keys and the coder's decisions."""

from __future__ import annotations

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.schema import InputDoc


def strong_keys(text: str) -> set[str]:
    _lang, hits = multilexicon().find(lower_preserving(text), "es")
    return {h.key for h in hits if not h.cue.weak}


def incident_flags(coder: DefaultCoder, texts: list[str]) -> list[bool]:
    """Whether the coder (its cheap pass and rules, ``full=False``) keeps each Spanish text."""
    docs = [InputDoc(id=str(i), text=t, lang="es") for i, t in enumerate(texts)]
    return [c.is_incident for c in coder.code(docs, full=False)]
