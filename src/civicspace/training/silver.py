"""Silver labels for news text from the cue lexicons, for the sets that carry no codebook labels.

ACLED does not record threats, censorship, restrictive laws, smear campaigns, surveillance or
online abuse; news sets (AG News World, BBC) and cue lexicons cover them. A text is an incident
when it has a strong violation cue *and* a protected target (journalists, activists, protesters,
unions, opposition, lawyers, LGBTIQ people, land defenders) or a freedom-restricting form
(censorship, restrictive law, association restriction) — and no crime or war context that
outweighs it. A violation cue without a protected target is left out as ambiguous (``None``):
it is neither a safe positive nor a safe negative. Labels from here are reviewed by hand on the
dev sets (``civicspace/training/data/news_review.json``).
"""

from __future__ import annotations

import re
from collections import Counter

from civicspace.acled.mapping import MappedEvent
from civicspace.classify.lexicon import Hit, lower_preserving, multilexicon

# Targets whose mistreatment makes an incident (ordered: training pairs them in this order).
PROTECTED_TARGETS = (
    "journalists",
    "hrd",
    "whrd",
    "lgbtiq",
    "environmental_defenders",
    "trade_unionists",
    "political_opposition",
    "lawyers",
    "protesters",
    "students_academics",
)
PROTECTED = frozenset(PROTECTED_TARGETS)
FORM_VIOLATIONS = {
    "censorship",
    "restrictive_law",
    "association_restriction",
    "surveillance",
    "smear_campaign",
}


# The silver labels of a text have the shape of a mapped ACLED record (its ``rule`` unused).
SilverLabel = MappedEvent


def strong_labels(hits: list[Hit], kind: str) -> Counter[str]:
    return Counter(h.cue.label for h in hits if h.cue.kind == kind and not h.cue.weak)


_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")


def silver_label(text: str, lang: str | None = None, lead_chars: int = 800) -> SilverLabel:
    """Rule-based coding of one news text: title and lead, judged sentence by sentence."""
    low = lower_preserving(text[:lead_chars])
    lang, _ = multilexicon().find(low, lang)
    violations: set[str] = set()
    targets: set[str] = set()
    perps: set[str] = set()
    freedoms: set[str] = set()
    gendered = False
    ambiguous = False
    for sentence in _SENTENCE.split(low):
        _lang, hits = multilexicon().find(sentence, lang)
        v = set(strong_labels(hits, "violations"))
        if not v:
            continue
        t = set(strong_labels(hits, "targets"))
        f = set(strong_labels(hits, "freedoms"))
        ctx = Counter(h.cue.label for h in hits if h.cue.kind == "context")
        distractors = ctx["crime"] + ctx["conflict"] + ctx["sport"] + ctx["business"]
        protected = t & PROTECTED
        forms = v & FORM_VIOLATIONS
        if (protected and not distractors) or (
            forms and (f & {"expression", "association"}) and not distractors
        ):
            violations |= v
            targets |= t & (PROTECTED | {"general_public"})
            perps |= set(strong_labels(hits, "perpetrators"))
            freedoms |= f
            gendered = gendered or any(h.cue.kind == "gendered" for h in hits)
        else:
            ambiguous = True
    if not violations:
        return SilverLabel(None if ambiguous else False)
    if "protesters" in targets:
        freedoms.add("peaceful_assembly")
    if "journalists" in targets or "censorship" in violations:
        freedoms.add("expression")
    if not freedoms:
        freedoms.add("association")
    if "whrd" in targets:
        targets.add("hrd")
    if not perps:
        perps.add("unknown")
    gendered = gendered and bool({"sexual_gender_based_violence"} & violations or "whrd" in targets)
    return SilverLabel(True, violations, targets, perps, freedoms, gendered)
