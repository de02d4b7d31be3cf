"""Codebook labels of a theme from the coder's cheap pass over its claims.

The coder's multilingual cue lexicon (``classify.lexicon``) finds violation and target cues in
each claim; a label belongs to the theme when its strong cues occur in at least
``max(MIN_CLAIMS, SHARE × claims)`` of the theme's claims. An analyst can set the labels by
hand instead (``listen.edits.set_codes``); recomputing never overrides that choice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from civicspace.classify.lexicon import lower_preserving, multilexicon

KINDS = ("violations", "targets")
MIN_CLAIMS = 2
SHARE = 0.15


def theme_codes(claims: Sequence[str]) -> dict[str, list[str]]:
    """{"violations": [...], "targets": [...]}, each most frequent first."""
    per_kind: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    lexicon = multilexicon()
    for text in claims:
        _lang, hits = lexicon.find(lower_preserving(text))
        seen = {(h.cue.kind, h.cue.label) for h in hits if not h.cue.weak and h.cue.kind in KINDS}
        for kind, label in seen:
            per_kind[kind][label] += 1
    need = max(MIN_CLAIMS, math.ceil(SHARE * len(claims)))
    return {
        kind: [label for label, n in counts.most_common() if n >= need]
        for kind, counts in per_kind.items()
    }
