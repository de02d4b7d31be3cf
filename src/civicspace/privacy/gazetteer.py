"""Given names from the ``gender-guesser`` package's ``nam_dict.txt`` (~48,000 names, 54 countries).

The data file is Jörg Michael's name dictionary (GNU FDL), shipped inside the wheel, so nothing is
downloaded. Names are kept accent-folded and lower-cased; ``+`` joins in compound names
("Jean+Pierre") become separate entries for each part.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from civicspace.privacy.name_cues import (
    GAZETTEER_STOP,
    HONORIFICS,
    NOT_NAMES,
    ORG_WORDS,
    PARTICLES,
)
from civicspace.privacy.text import fold


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """All given names of the dictionary, folded, less the frequent words in ``GAZETTEER_STOP``."""
    path = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    names: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line or line[0] in "#=":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            for part in parts[1].replace("-", "+").split("+"):
                if len(part) > 1:
                    names.add(fold(part))
    return frozenset(names - GAZETTEER_STOP - NOT_NAMES - HONORIFICS - ORG_WORDS - PARTICLES)


def is_given_name(word: str) -> bool:
    """Whether ``word`` (any case, any accents) is a known given name."""
    return fold(word) in given_names()
