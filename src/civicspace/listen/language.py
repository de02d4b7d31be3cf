"""The language of a contribution: the one it was given with, else the extract stage's guess."""

from __future__ import annotations

from civicspace.extract.language import identify
from civicspace.listen.records import Contribution


def language_of(contribution: Contribution) -> str | None:
    """An ISO 639-1 code: ``contribution.lang`` when given, else py3langid's guess."""
    if contribution.lang:
        return contribution.lang
    return identify(contribution.text)[0]
