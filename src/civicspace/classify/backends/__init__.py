"""Coder backends, one module each: ``default`` (offline, packaged), ``embedding`` (MiniLM heads
over the default coder's cheap pass) and ``llm`` (an OpenAI-compatible chat API).

Backends depend on :mod:`civicspace.classify.base` and the shared pieces below it, never on the
registry (:mod:`civicspace.classify.coder`), which is the only module that chooses among them.
"""
