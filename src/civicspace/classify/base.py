"""What every coder backend is: a name, a version, and ``code(docs)``.

Backends (:mod:`civicspace.classify.backends`) implement this protocol; the registry in
:mod:`civicspace.classify.coder` builds the one the settings name. Each coding records the
coder's ``name`` and ``version``, so codings made by different coders live side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from civicspace.classify.schema import Coding, InputDoc


@runtime_checkable
class Coder(Protocol):
    """Turns input documents into codings, one per document, in order."""

    name: str
    version: str

    def code(self, docs: Sequence[InputDoc]) -> list[Coding]: ...


def not_an_incident() -> dict[str, Any]:
    """The fields a backend resets when it overrules the cheap pass's incident: a non-incident
    carries no labels, place, date, persons or evidence (``Coding.model_copy(update=...)``)."""
    return {
        "violations": [],
        "targets": [],
        "perpetrators": [],
        "freedoms": [],
        "country": None,
        "place": None,
        "event_date": None,
        "persons": [],
        "evidence": {},
        "gendered": False,
    }
