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


# --- Acts told in the event's own words (mm-violations) ------------------------------------------
# A protest summary tells a killing or a shooting as a clause of the event ("police fired on the
# crowd, killing two", "three people died of gunshot wounds", "police fired into the crowd of
# marchers", "beat them with truncheons"), in words the lexicon does not hold as a cue of the act
# (its killing cue is "killed", "killing of"; "killing two" and "died of wounds" are not cues).
# Out of fold on the training split these phrases, not a cue, were most of the killings the coder
# missed where the summary tells one (docs/coder.md, "Mass Mobilization: violations given the
# incident (mm-violations)"). English only; none of them reads a negation ("no one was killed").
# The keys are rule inputs (``label_rules.TOLD_PHRASED`` says which acts the coder raises), not
# model features: the heads and the incident decision do not read them.
_N = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|a hundred|several|dozens|scores|hundreds|many|a number|some)"
)
_ABOUT = r"(?:at least |about |some |more than |over |nearly |almost |up to |as many as |another |)"
EVENT_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "violations:killing": (
            # "opened fire, killing at least two", "..., killing him"
            rf"\bkilling {_ABOUT}(?:{_N}|a |an |him\b|her\b|them\b)",
            r"\bdied (?:of|from) (?:his |her |their |the )?(?:gunshot|bullet|wounds|injuries)",
            rf"\b{_ABOUT}{_N} (?:\w+ )?deaths\b|\bdeath toll\b",
            r"\bshot (?:and killed|to death)\b",
            r"\bfatally (?:shot|wounded|injured|beaten|stabbed)",
        ),
        "violations:excessive_force": (
            r"\b(?:fired|shot|shooting|firing) (?:live \w+ |rubber \w+ |bullets |shots )?"
            r"(?:on|at|into) (?:the |a )?(?:crowd|demonstrators|protesters|marchers|students"
            r"|strikers|workers|demonstration|protest|rally|people)\b",
            r"\btruncheons?\b|\bclubbed\b|\bwhipped\b|\bbatons?\b",
        ),
    },
}
# and per act, three parts that must share a sentence: the state's forces, what they did, and the
# assembly ("riot police beat the students", "soldiers fired at the marchers"): the codebook's
# excessive force, told with verbs the lexicon keeps weak or lacks ("beat", "fired", "shot")
EVENT_SENTENCES: dict[str, dict[str, tuple[str, str, str]]] = {
    "en": {
        "violations:excessive_force": (
            r"\b(?:police|policemen|soldiers|troops|security forces|army|gendarmes|officers"
            r"|guards|militia)\b",
            r"\b(?:beat|beaten|beating|clubbed|kicked|whipped|shot|fired|firing|shooting|gunfire)\b",
            r"\b(?:protesters|demonstrators|marchers|students|strikers|crowds?|rally|protest"
            r"|demonstration|march)\b",
        ),
    },
}
_SENTENCE_END = re.compile(r"[.;!?]\s")
_EVENT: dict[str, dict[str, re.Pattern[str]]] = {
    lang: {act: re.compile("|".join(ps)) for act, ps in acts.items()}
    for lang, acts in EVENT_PHRASES.items()
}
_EVENT_SENTENCE: dict[str, dict[str, tuple[re.Pattern[str], ...]]] = {
    lang: {act: tuple(re.compile(p) for p in parts) for act, parts in acts.items()}
    for lang, acts in EVENT_SENTENCES.items()
}


def event_keys(low: str, lang: str | None) -> set[str]:
    """The acts of :data:`EVENT_PHRASES` whose phrase, in ``lang``, occurs in ``low`` (a lower-
    cased text), those of :data:`EVENT_SENTENCES` whose three parts share a sentence, and the
    killing a Spanish text tells with its manner (:func:`death_manner`, colombia-four)."""
    out = {act for act, pattern in _EVENT.get(lang or "", {}).items() if pattern.search(low)}
    if death_manner(low, lang):
        out.add(MANNER_OF_DEATH[lang or ""][1])
    by_sentence = _EVENT_SENTENCE.get(lang or "", {})
    if by_sentence:
        sentences = _SENTENCE_END.split(low)
        for act, parts in by_sentence.items():
            if act not in out and any(all(p.search(s) for p in parts) for s in sentences):
                out.add(act)
    return out


# --- A Spanish death told with its manner (colombia-four) ----------------------------------------
# A Colombian narrative tells a killing by its manner: "le propinó varias puñaladas que le causaron
# la muerte", "su cuerpo presentaba signos de tortura", "fue asesinado de varios balazos". The
# lexicon's assault cues (``balazo*``, ``puñalad*``, "signos de tortura") are attack cues, so the
# label heads and the no-cue rule (``label_rules.EVIDENCE_OF``) code an attack beside, or instead
# of, the killing. The codebook's attack is a physical attack the victim survives; where the text
# tells the death of the person the shots, the stabbing or the torture are about, they are the
# killing's manner (docs/coder.md, "Colombian narratives, fourth pass (colombia-four)"). Not where
# the text also tells someone wounded or surviving ("resultó herido", "sobrevivió", "intento de
# homicidio"): there the attack stands. Chosen on the Colombian training narratives out of fold
# (``scripts/colombia_oof.py``) and the Spanish training gold.
_ES_DEATH = re.compile(
    r"\b(?:asesinad[oa]s?|asesinaron|asesinarl[oa]s?|asesinato|homicidio|mataron|matarl[oa]s?"
    r"|murió|murieron|muert[oa]s?|falleci\w*|sin vida|perdió la vida|quitaron la vida"
    r"|cad[aá]ver(?:es)?|ultimad[oa]s?|mortal(?:es)?)\b"
    r"|\bcuerpos? (?:sin vida|fue|fueron|de|del|hallado|encontrado|presentaba|con)\b"
    r"|(?<!amenazas de )(?<!amenaza de )\bmuerte\b"
)
_ES_MANNER = re.compile(
    r"\b(?:balazos?|tiros?|disparos?|impactos?|puñalad\w*|apuñal\w*|golpiza|golpes|golpearon"
    r"|tortur\w*|machete\w*|arma blanca|arma contundente|arma de fuego|sicarios?)\b"
)
_ES_SURVIVED = re.compile(
    r"\b(?:herid[oa]s?(?! de muerte)|lesionad[oa]s?|sobreviv\w*|ilesos?|ilesas?"
    r"|intento de (?:homicidio|asesinato)|atentado contra su vida|salvó la vida)\b"
)
# per language: the act whose cues are the manner of a told death, and the act that death is
MANNER_OF_DEATH: dict[str, tuple[str, str]] = {"es": ("violations:attack", "violations:killing")}


def death_manner(low: str, lang: str | None) -> bool:
    """Whether ``low`` (a lower-cased text) of a language of :data:`MANNER_OF_DEATH` tells a death
    and its manner (shots, stabbing, beating, torture), and no one wounded or surviving."""
    if lang not in MANNER_OF_DEATH:
        return False
    return bool(_ES_DEATH.search(low) and _ES_MANNER.search(low) and not _ES_SURVIVED.search(low))


def manner_keys(low: str, lang: str | None) -> set[str]:
    """The act read as the manner of a told death (``attack``), where :func:`death_manner`."""
    return {MANNER_OF_DEATH[lang or ""][0]} if death_manner(low, lang) else set()
