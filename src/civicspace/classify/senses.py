"""Acts told in another sense: what a protest is *about*, not what was done to it (mm-labels).

A protest summary often names the act that caused the protest: "demonstrators protesting against
the killing of a student", "a rally to demand justice over the death of a trader". The lexicon's
killing cue ("killing of", "death of") fires there, and the label heads code a killing the
incident did not have (docs/coder.md, "Protest labels, second pass (mm-labels)"). The codebook's
killing is "a person killed for, or while, exercising a freedom": the protest's cause is an
earlier event, coded (if at all) as its own incident.

:func:`cause_keys` says, for the text the heads read, which acts of :data:`CAUSE_NOUNS` are told
**only** as such a cause: every strong cue of the act lies inside a cause phrase (a cause word,
a few modifiers, the act's noun). The keys are rule inputs (``model.SENSE_PREFIX``), not model
features; ``label_rules.Rules.cause_vetoed`` says which acts the coder then leaves out. Words
like "after" and "following" are not cause words ("calm returned following the killing of three
people" tells this event's killings), nor "responsible for" (a group claiming a killing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from civicspace.classify.lexicon import Hit

# per act: the nouns a cause phrase ends in (lower case; the lexicon's cue may run on, "killing of")
CAUSE_NOUNS: dict[str, tuple[str, ...]] = {
    "violations:killing": (
        r"killings?",
        r"murders?",
        r"deaths?",
        r"assassinations?",
        r"shooting(?: deaths?)?",
        r"lynching",
        r"slaying",
    ),
}
# what a protest is about: the words before the act's noun
CAUSE_WORDS = (
    r"against|over|about|for|protest(?:ing|ed|s)?|condemn(?:ing|ed|s)?|denounc(?:ing|ed|e|es)"
    r"|decr(?:y|ying|ied)|in response to|in reaction to|commemorat\w+|mark(?:ing|ed)?"
    r"|anniversary of|justice for|demand(?:ing|ed)? justice (?:for|over)|mourn\w*"
    r"|funeral (?:of|for)|outrage (?:at|over)|anger (?:at|over)|investigation into|probe into"
    r"|sparked by|triggered by|angered by|enraged by"
)
# up to four words between: "against the alleged police killing of", "over a colleague's death"
_MODIFIERS = (
    r"(?:(?:the|a|an|his|her|their|its|last|recent|alleged|suspected|brutal|unsolved|unexplained"
    r"|mysterious|apparent|police|custodial|extrajudicial|earlier|two|three|several"
    r"|\w+'s|\w+ s)\s+){0,4}"
)
_CAUSE: dict[str, re.Pattern[str]] = {
    act: re.compile(
        rf"\b(?:{CAUSE_WORDS})\s+{_MODIFIERS}(?:{'|'.join(nouns)})(?:\s+of)?\b", re.IGNORECASE
    )
    for act, nouns in CAUSE_NOUNS.items()
}


def cause_keys(low: str, hits: Sequence[Hit]) -> set[str]:
    """The acts of :data:`CAUSE_NOUNS` whose every strong cue among ``hits`` (found in ``low``)
    lies inside a cause phrase: told only as what the protest is about."""
    out: set[str] = set()
    for act, pattern in _CAUSE.items():
        own = [h for h in hits if h.key == act and not h.cue.weak]
        if not own:
            continue
        spans = [m.span() for m in pattern.finditer(low)]
        if spans and all(any(a <= h.start and h.end <= b for a, b in spans) for h in own):
            out.add(act)
    return out
