"""Acts told in another sense: what a protest is *about*, not what was done to it (mm-labels).

A protest summary often names the act that caused the protest: "demonstrators protesting against the
killing of a student", "a rally to demand justice over the death of a trader". The lexicon's killing
cue ("killing of", "death of") fires there, and the label heads code a killing the incident did not
have (docs/coder-journal.md, "Protest labels, second pass (mm-labels)"). The codebook's killing is
"a person killed for, or while, exercising a freedom": the protest's cause is an earlier event,
coded (if at all) as its own incident.

:func:`cause_keys` says, for the text the heads read, which acts of :data:`CAUSE_NOUNS` are told
**only** as such a cause: every strong cue of the act lies inside a cause phrase (a cause word,
a few modifiers, the act's noun). The keys are rule inputs (``model.SENSE_PREFIX``), not model
features; ``label_rules.Rules.cause_vetoed`` says which acts the coder then leaves out. Words
like "after" and "following" are not cause words ("calm returned following the killing of three
people" tells this event's killings), nor "responsible for" (a group claiming a killing).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping, Sequence

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
    strong = [h for h in hits if not h.cue.weak]
    return {act for act, pattern in _CAUSE.items() if _only_inside(act, strong, pattern, low)}


def _only_inside(key: str, hits: Sequence[Hit], pattern: re.Pattern[str], low: str) -> bool:
    """Whether ``hits`` hold a cue of ``key`` and every such cue lies inside a match of
    ``pattern`` in ``low``."""
    own = [h for h in hits if h.key == key]
    if not own:
        return False
    spans = [m.span() for m in pattern.finditer(low)]
    return bool(spans) and all(any(a <= h.start and h.end <= b for a, b in spans) for h in own)


# --- Acts told in the event's own words (mm-violations) ------------------------------------------
# A protest summary tells a killing or a shooting as a clause of the event ("police fired on the
# crowd, killing two", "three people died of gunshot wounds", "police fired into the crowd of
# marchers", "beat them with truncheons"), in words the lexicon does not hold as a cue of the act
# (its killing cue is "killed", "killing of"; "killing two" and "died of wounds" are not cues).
# Out of fold on the training split these phrases, not a cue, were most of the killings the coder
# missed where the summary tells one (docs/coder-journal.md, "Mass Mobilization: violations given
# the incident (mm-violations)"). English only; none of them reads a negation ("no one was killed").
# The keys are rule inputs (``label_tables.TOLD_PHRASED`` says which acts the coder raises), not
# model features: the heads and the incident decision do not read them.
_N = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|a hundred|several|dozens|scores|hundreds|many|a number|some)"
)
_ABOUT = r"(?:at least |about |some |more than |over |nearly |almost |up to |as many as |another |)"
# the state's forces (mm-violations-three's deaths at the state's hands)
_STATE = r"(?:police\w*|soldiers|troops|security forces|army|gendarmes|riot squads?)"
EVENT_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "violations:killing": (
            # "opened fire, killing at least two", "..., killing him"
            rf"\bkilling {_ABOUT}(?:{_N}|a |an |him\b|her\b|them\b)",
            r"\bdied (?:of|from) (?:his |her |their |the )?(?:gunshot|bullet|wounds|injuries)",
            rf"\b{_ABOUT}{_N} (?:\w+ )?deaths\b|\bdeath toll\b",
            r"\bshot (?:and killed|to death)\b",
            r"\bfatally (?:shot|wounded|injured|beaten|stabbed)",
            # mm-violations-three: a death the note ties to the state's handling of the protest
            # ("two people died when security forces clashed with protesters", "seven died in
            # clashes with the police"; not communal or sectarian clashes: no state's hand)
            r"\b(?:died|dead|killed)\b (?:\w+ ){0,3}(?:in|during) (?:the )?"
            r"(?:(?!communal|ethnic|tribal|sectarian|religious)\w+ )?clash",
            rf"\b(?:died|dead)\b (?:\w+ ){{0,2}}(?:when|after|as) (?:the )?(?:\w+ ){{0,2}}"
            rf"{_STATE}\b",
        ),
        "violations:excessive_force": (
            r"\b(?:fired|shot|shooting|firing) (?:live \w+ |rubber \w+ |bullets |shots )?"
            r"(?:on|at|into) (?:the |a )?(?:crowd|demonstrators|protesters|marchers|students"
            r"|strikers|workers|demonstration|protest|rally|people)\b",
            r"\btruncheons?\b|\bclubbed\b|\bwhipped\b|\bbatons?\b",
            # mm-violations-three: the state's crowd-control weapons in forms the lexicon lacks
            # ("tear gassed them", "dispersed with pepper spray"; the codebook's "tear gas, water
            # cannon, rubber bullets")
            r"\btear ?gass(?:ed|ing)\b|\bteargass(?:ed|ing)\b|\bpepper spray|\bwater cannons?\b"
            r"|\brubber bullets?\b(?! (?:\w+ )?into the air)",  # (shots in the air hit no one)
        ),
        # mm-violations-three: an arrest told as being taken away ("hauled off", "taken into
        # custody"): the codebook's arrest
        "violations:arrest_detention": (
            r"\bhauled (?:away|off)\b|\b(?:were|been|being) taken away\b(?! in ambulance)"
            r"|\btaken away by (?:the )?police|\btaken into (?:police )?custody\b|\bpicked up by\b",
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


def event_keys(
    low: str,
    lang: str | None,
    need_victim: Collection[str] = (),
    victims: Sequence[int] = (),
) -> set[str]:
    """The acts of :data:`EVENT_PHRASES` whose phrase, in ``lang``, occurs in ``low`` (a lower-
    cased text), and those of :data:`EVENT_SENTENCES` whose three parts share a sentence. An act
    of ``need_victim`` counts only where its phrase shares a sentence with one of ``victims``
    (offsets of strong target cues; hrd-labels). And the killing a Spanish text tells with its
    manner (:func:`death_manner`, colombia-four)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(low)] if need_victim else []
    named = {bisect.bisect_right(ends, v) for v in victims}

    def told(act: str, pattern: re.Pattern[str]) -> bool:
        if act not in need_victim:
            return pattern.search(low) is not None
        return any(bisect.bisect_right(ends, m.start()) in named for m in pattern.finditer(low))

    out = {act for act, pattern in _EVENT.get(lang or "", {}).items() if told(act, pattern)}
    if death_manner(low, lang):
        out.add(MANNER_OF_DEATH[lang or ""][1])
    by_sentence = _EVENT_SENTENCE.get(lang or "", {})
    if by_sentence:
        sentences = _SENTENCE_END.split(low)
        for act, parts in by_sentence.items():
            if act not in out and any(all(p.search(s) for p in parts) for s in sentences):
                out.add(act)
    return out


# --- Targets named in another sense: the source of the report (target-sources) -------------------
# A report names who told it: "journalists were told", "an AFP correspondent said", "according to
# journalists", "text of a report by the Turan news agency". The lexicon's target cues fire there
# ("journalists", "correspondent", "news agency"), and the label heads code journalists as the
# incident's target; likewise "advocated", "an advocate of reform" and "judged" (lawyers' cues
# advocate*, judge*) name no lawyer (docs/coder-journal.md, "Targets named in another sense: the
# report's source (target-sources)"). The codebook's
# target is who the act is done to. Per target, the phrases in which its cue names no target;
# :func:`other_sense_keys` says which targets have no cue outside them. English only. Chosen out
# of fold on the training split: each phrase here took out false labels and no right one in every
# training set (the gold of ACLED, ML4P and AG News takes targets from cue words, so "told
# reporters", "according to local media", "Human Rights Watch said" and "attorney general" are
# targets there; "indigenous" alone is one in ACLED's: :data:`OTHER_SENSES_NOT_ADOPTED`). The
# keys are rule inputs (``model.OTHER_PREFIX``), not model features;
# ``label_rules.Rules.other_sense_vetoed`` says which targets the coder then leaves out.
_ART = r"(?:(?:the|a|an)\s+)?"
_W = r"[\w'’-]+\s+"
_REPORTERS = r"(?:reporters?|journalists?|correspondents?|newsmen)"
_MEDIA = (
    r"(?:media|press|newspapers?|dail(?:y|ies)|news\s+agenc(?:y|ies)|news\s+websites?|news\s+portals?"
    r"|broadcasters?|radio(?:\s+stations?)?|tv(?:\s+stations?|\s+channels?)?"
    r"|television(?:\s+stations?|\s+channels?)?|outlets?)"
)
# targets-four: the words before "workers" that make them a party's workers: a party, its kind of
# name, the parties ACLED's South Asian and Kenyan training notes name by their acronyms
_PARTY_WORDS = (
    r"part(?:y|ies)|congress|opposition|league|bjp|bnp|aap|tmc|sena|dal|jamaat|jei|cpi|cpm"
    r"|cpi\(m\)|inc|ncp|sp|bsp|rjd|jdu|jd\(u\)|dmk|aiadmk|pti|ppp|mqm|trs|tdp|pdp|al|bcl"
    r"|odm|jubilee|abvp|sfi|nsui|rss|vhp|mns"
)
# hrds-violations: what a report, a study or a statement is when it is "released"
_RELEASED_THINGS = (
    r"reports?|stud(?:y|ies)|statements?|videos?|footage|data|figures|surveys?|documents?|rules"
    r"|lists?|images?|photos?|findings|letters?|recordings?|audio|books?|albums?|films?"
    r"|documentar(?:y|ies)"
)
# news-precision: collective action threatened, after a verb of starting it
_LAUNCH = r"(?:go\s+on|stage|hold|launch|begin|resume|call|start)"
_ACTION = (
    r"(?:(?:a|an|the|fresh|new|more|further|mass|nationwide|general|indefinite|street|renewed"
    r"|another)\s+)*(?:campaigns?\s+of\s+)?(?:strikes?|protests?|demonstrations?|boycotts?"
    r"|walk-?outs?|sit-ins?|marches|rallies|civil\s+disobedience|(?:mass|industrial|strike)\s+action)\b"
)
OTHER_SENSES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "targets:journalists": (
            # the reporters as the addressee or the witness of the report
            rf"\b{_ART}(?:{_REPORTERS}|media|the\s+press)\s+(?:were|was|had\s+been)\s+told\b",
            rf"\bcorrespondents?\s+(?:{_W}){{0,2}}?(?:said|says|reported|saw|witnessed|counted)\b",
            rf"\baccording\s+to\s+{_ART}(?:{_W}){{0,3}}?(?:{_REPORTERS}|photographers?"
            r"|cameram[ae]n)\b",
            # the media as the conduit
            rf"\b(?:quoted|cited)\s+by\s+{_ART}(?:{_W}){{0,3}}?(?:{_MEDIA}|{_REPORTERS})\b",
            rf"\b(?:in\s+an\s+interview\s+with|interviewed\s+by)\s+{_ART}(?:{_W}){{0,3}}?"
            rf"(?:{_MEDIA}|{_REPORTERS})\b",
            rf"\btext\s+of\s+(?:a\s+)?report\s+(?:from|by|in)\s+(?:{_W}){{0,4}}?{_MEDIA}\b",
            # a party's or a ministry's press office
            r"\bthe\s+press\s+(?:service|office|secretary|officer|attach[eé])\b",
        ),
        "targets:lawyers": (
            # to advocate (a cause), an advocate of a cause: not an advocate at the bar
            r"\badvocat(?:ed|ing)\b",
            r"\badvocates?\s+(?:of|for)\b",
            r"\bjudged\b",
        ),
        # ml4p-labels: a newspaper or a station shut down is the codebook's censorship ("media
        # closure"), not an association's dissolution
        "violations:association_restriction": (
            rf"\b(?:shut\w*|clos(?:e|ed|es|ing))\s+(?:down\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{_MEDIA})",
        ),
        # ml4p-labels: a law or bill "threatening" a freedom, NGOs "threatened by" a draft law, a
        # "threat to press freedom": the law is the act (restrictive_law), no one is threatened
        "violations:threats_intimidation": (
            r"\b(?:laws?|bills?|legislation|decrees?|amendments?|rules|regulations?|measures?"
            r"|ordinances?)\s+(?:(?:that|which|would|could|will|may|might)\s+)?(?:[\w'’-]+\s+){0,2}?"
            r"threat\w*",
            r"\bthreat\w*\s+(?:by|from)\s+(?:(?:a|an|the|new|draft|proposed)\s+)*"
            r"(?:laws?|bills?|legislation|decrees?)\b",
            r"\bthreat\w*\s+(?:to\s+)?(?:[\w'’-]+\s+){0,2}?(?:freedoms?|democracy|liberties|rights"
            r"|speech|independence)\b",
            # hrds-violations: a danger to life, a threat of strike action, a threat in general
            r"\blife[\s-]+threatening\b",
            r"\bthreat\w*\s+to\s+(?:go\s+on|stage|hold|launch|begin|resume|call|start)\s+"
            r"(?:(?:a|an|the|fresh|new|another|mass|nationwide|general|indefinite)\s+)*"
            r"(?:strikes?|protests?|demonstrations?|boycotts?|walk-?outs?|sit-ins?|marches)\b",
            r"\b(?:jihadist|terror|terrorist|security|insurgen\w*|militant|extremist|islamist)\s+threats?\b",
            # news-precision: a threat of collective action ("the opposition threatened mass
            # protests", "boat operators threaten strike", "threatened to launch a nationwide
            # campaign of civil disobedience"): the civic actor is its agent, not its victim
            rf"\bthreat(?:en|ens|ened|ening)\s+(?:to\s+{_LAUNCH}\s+)?{_ACTION}",
            rf"\bthreats?\s+(?:of|to\s+{_LAUNCH})\s+{_ACTION}",
        ),
        # hrds-violations: an attack on an institution or an idea, or one told as metaphor ("an
        # attack on democracy", "press freedom under attack"): the codebook's attack is physical
        "violations:attack": (
            r"\battacks?\s+(?:on|against)\s+(?:the\s+)?(?:democracy|press\s+freedom|media\s+freedom"
            r"|freedom\s+of\s+[\w-]+|free\s+speech|civil\s+liberties|the\s+rule\s+of\s+law"
            r"|judicial\s+independence|constitution|the\s+right\s+to\s+[\w-]+)\b",
            r"(?<!came\s)(?<!come\s)(?<!comes\s)(?<!coming\s)\bunder\s+attack\b",
        ),
        # hrds-violations: a release asked for, promised or not made ("must be freed", "demanded
        # they be released", "has not been released"), a report or a statement "released", a car
        # "overturned", dissent "quashed": the codebook's positive is a release, bail, an
        # acquittal or a repeal that took place
        "violations:positive": (
            r"\bbe\s+(?:[\w'’-]+\s+){0,3}?(?:released|freed|acquitted|pardoned|reinstated)\b",
            r"\b(?:not|never|yet\s+to)\s+(?:been\s+|be\s+)?(?:released|freed)\b",
            rf"\b(?:{_RELEASED_THINGS})\s+(?:(?:was|were|has\s+been|had\s+been|being|just)\s+)?"
            r"released\b",
            r"\breleased\s+(?:(?:a|an|the|its|their|his|her|new|several|some)\s+)*"
            rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_RELEASED_THINGS}|set|canisters?|tear\s*gas)\b",
            r"\boverturn\w*\s+(?:[\w'’-]+\s+){0,3}?(?:cars?|vehicles?|trucks?|bus(?:es)?|vans?)\b",
            r"\b(?:cars?|vehicles?|trucks?|bus(?:es)?|vans?)\s+(?:[\w'’-]+\s+){0,3}?overturned\b",
            r"\bquash\w*\s+(?:[\w'’-]+\s+){0,3}?(?:dissent|rall(?:y|ies)|protests?|demonstrations?"
            r"|opposition|uprisings?|revolts?|unrest)\b",
        ),
        # mm-targets-two: a strike that is not a union's: students' strikes and hunger strikes
        # (the lexicon's weak "strike"; the codebook's unionists are "union members and leaders,
        # striking workers")
        "targets:trade_unionists": (
            r"\bstudents?(?:'|’)?\s+(?:(?!workers|teachers|union|staff|employees)[\w'’-]+\s+){0,3}?"
            r"strik\w*",
            r"\bstrik\w*\s+(?:by|of)\s+(?:[\w'’-]+\s+){0,2}?students\b",
            r"\bhunger[\s-]+strik\w*",
            # targets-four: a party's workers are its members (the codebook's
            # ``political_opposition``: "party members"), not workers of a trade: "party workers",
            # "Youth Congress workers", "BJP workers", "leaders and workers", a "Workers' Party"
            rf"\b(?:{_PARTY_WORDS})\s+(?:[\w'’()-]+\s+)?workers?\b",
            r"\b(?:leaders|cadres|activists|supporters|members)\s+(?:and|&)\s+workers\b",
            r"\bworkers?(?:'|’)?\s+party\b",
        ),
        # mm-targets-four: "opposition to" a policy or a plan is a stance, not the opposition
        # (the codebook's ``political_opposition``: "opposition politicians, party members,
        # candidates"): "protesters whose opposition to the sole legal party", "in opposition to
        # the reform"; not "the opposition to" ("a protest called by the opposition to demand")
        "targets:political_opposition": (r"(?<!\bthe\s)\bopposition\s+(?:to|against)\b",),
    },
}
# Rights groups and activists named as the report's source ("according to rights groups", "Human
# Rights Watch said", "activists said"): not adopted for every text (target-sources), adopted for
# long reports (:data:`REPORT_OTHER_SENSES`, report-labels-five)
_HRD_AS_SOURCE = (
    rf"\baccording\s+to\s+{_ART}(?:{_W}){{0,4}}?(?:(?:human\s+)?rights\s+(?:groups?"
    r"|organi[sz]ations?|watchdogs?|monitors?)|ngos?|human\s+rights)\b",
    r"\b(?:(?:human\s+)?rights\s+(?:groups?|organi[sz]ations?|watchdogs?)|ngos?"
    r"|human\s+rights\s+(?:watch|commission|league|observatory))\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:said|says|reported|claimed|condemned|denounced|urged|called)\b",
    r"\b(?:activists?|campaigners?|dissidents?)\s+(?:said|says|say|reported|claimed)\b",
)
# Measured out of fold and not adopted (target-sources): each took out false labels on Mass
# Mobilization or HRDsAttack but right ones (by their cue-word gold) on ML4P, ACLED or AG News.
# The journalists' phrases took 33 of Mass Mobilization's 87 false labels out, and 35 of ML4P's
# 159 right ones.
OTHER_SENSES_NOT_ADOPTED: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "targets:journalists": (
            rf"\b(?:told|tell|tells|telling|said\s+to|speaking\s+to|spoke\s+to|talking\s+to"
            rf"|briefed|briefing|informed)\s+{_ART}(?:{_W}){{0,2}}?(?:{_REPORTERS}|{_MEDIA}|the\s+press)\b",
            rf"\baccording\s+to\s+{_ART}(?:{_W}){{0,3}}?(?:{_MEDIA}|reports?)\b",
            rf"\b{_MEDIA}\s+(?:{_W}){{0,3}}?(?:said|says|reported|reports|quoted|cited|claimed)\b",
            r"\b(?:afp|reuters|ap|associated\s+press|bbc|efe|dpa|xinhua)(?:'s|’s)?\s+"
            rf"(?:{_REPORTERS}|photographers?|cameram[ae]n)\b",
            rf"\b{_REPORTERS}\s+(?:{_W}){{0,2}}?(?:said|says|say|reported|saw|witnessed)\b",
            r"\b(?:speak|talk)\s+to\s+(?:the\s+)?(?:reporters?|journalists?|the\s+press|media)\b",
            r"\bthe\s+press\s+(?:conference|briefing|release|statement)s?\b",
        ),
        "targets:hrd": _HRD_AS_SOURCE,
        "targets:lawyers": (
            r"\battorneys?[\s-]generals?\b",
            r"\b(?:democracy|reform|pro-democracy|rights|consumer|privacy|peace|independence"
            r"|free\s+speech|press\s+freedom|environmental|leading|prominent)\s+advocates?\b",
        ),
        # an indigenous people, a mining industry, the environment: no defender named (Mass
        # Mobilization 11 false labels out, 1 right; ACLED 2 right out, none false)
        "targets:environmental_defenders": (
            r"\bindigenous\b",
            r"\bmining\b",
            r"\benvironment\w*",
        ),
    },
}


def compile_senses(
    phrases: dict[str, dict[str, tuple[str, ...]]],
) -> dict[str, dict[str, re.Pattern[str]]]:
    """One pattern per language and target."""
    return {
        lang: {label: re.compile("|".join(ps)) for label, ps in labels.items()}
        for lang, labels in phrases.items()
    }


_OTHER = compile_senses(OTHER_SENSES)
# report-labels-five: the targets a long report (over ``label_tables.REPORT_CHARS``) names only as
# its source. Measured out of fold on the training split with the hand-coded long reports as
# gold (``scripts/report_gold_oof.py``): ``hrd`` there takes out false targets of HRDsAttack
# (targets micro-F1 given the incident 0.6306 -> 0.6336) and moves ML4P up (0.6373 -> 0.6377);
# read in every text it cost ACLED's, AG News's and ML4P's cue-word gold (target-sources).
# hrds-journalists (not adopted): an outlet or a reporter the report's people speak to or are
# quoted by ("in an interview with the Iranian Student News Agency", "cited by Interfax news
# agency", "confirmed to two newspapers", "journalists asked", "media reports", "editor's note").
# Out of fold on the training split, read in long reports (``scripts/report_gold_oof.py``),
# HRDsAttack's journalists went 48 / 15 / 14 -> 48 / 14 / 14 (right / false / missed), every
# other set unchanged; with target-sources' phrases too ("told reporters", "the newspaper
# reported") 48 / 13 / 14, but 6 of ML4P's right journalists out. Held out (once): unchanged.
_JOURNALISTS_AS_SOURCE = (
    rf"\b(?:{_REPORTERS})\s+(?:{_W}){{0,2}}?(?:asked|questioned)\b",
    r"\b(?:asked|questioned)\s+by\s+(?:a\s+|the\s+)?(?:journalists?|reporters?|the\s+press|media)\b",
    r"\b(?:media|press|news)\s+reports?\b",
    r"\beditor(?:'s|’s)\s+note\b",
    rf"\b(?:cited|quoted)\s+by\s+{_ART}(?:{_W}){{0,3}}?(?:news\s+agenc(?:y|ies)|media(?:\s+outlets?)?"
    r"|newspapers?|dail(?:y|ies)|outlets?|broadcasters?)\b",
    rf"\b(?:confirmed|said|spoke|speaking|talking)\s+to\s+(?:{_W}){{0,3}}?(?:newspapers?"
    r"|media(?:\s+outlets?)?|news\s+agenc(?:y|ies)|outlets?|broadcasters?)\b",
    rf"\binterview(?:ed)?\s+(?:with|by|to)\s+{_ART}(?:{_W}){{0,3}}?(?:news\s+agenc(?:y|ies)"
    rf"|newspapers?|media(?:\s+outlets?)?|outlets?|broadcasters?|{_REPORTERS})\b",
)
# targets-six: a lawyer named as the counsel of the report's people ("his lawyer said", "the
# three women's lawyers", "a lawyer for the detainees", "defence counsel", "denied access to
# lawyers"), a prosecutor ("U.S. attorney", "attorney general") or a judge who tries, rules or
# sentences ("the judge gave him sixty years", "insulting a judge"): the codebook's ``lawyers`` are
# lawyers and judges targeted, not the counsel or the court of someone else's case (a lawyer
# arrested is named by a cue outside these phrases and stays). With the every-text sense
# (:data:`OTHER_SENSES`: "advocated", "advocates of"), so that a lead holding both is covered. Read
# in long reports only: ML4P's cue-word gold codes the counsel of its articles as ``lawyers``
# (target-sources, targets-four measured it in every text). Chosen out of fold on the training split
# (docs/coder-journal.md, "(targets-six)").
_LAW = r"(?:lawyers?|attorneys?|counsel)"
_LAWYERS_AS_COUNSEL = (
    *OTHER_SENSES["en"]["targets:lawyers"],
    rf"\b(?:his|her|their|whose|my|our|your|its)\s+(?:[\w'’-]+\s+){{0,2}}?{_LAW}\b",
    rf"(?:'s|’s)\s+(?:[\w'’-]+\s+){{0,1}}?{_LAW}\b",
    rf"\b{_LAW}\s+(?:for|of|to|representing)\b",
    r"\bdefen[cs]e\s+(?:lawyers?|attorneys?|counsel|team)\b",
    rf"\baccess\s+to\s+(?:(?:a|an|the|their|his|her|any|independent|legal)\s+)*{_LAW}\b",
    r"\b(?:u\.?s\.?|district|state|assistant|deputy|crown)\s+attorneys?\b",
    r"\battorneys?[\s-]generals?\b",
    r"\bjudges?\s+(?:[\w'’.-]+\s+){0,3}?(?:sentenced|ordered|ruled|rejected|denied|gave|imposed"
    r"|remained|adjourned|granted|dismissed|upheld|refused|said|found|convicted|acquitted|heard"
    r"|presided|set|told|issued)\b",
    r"\b(?:insult\w*|criticiz\w*|criticis\w*|before|by)\s+(?:a|the)\s+(?:[\w'’-]+\s+){0,2}?judges?\b",
)
REPORT_OTHER_SENSES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"targets:hrd": _HRD_AS_SOURCE, "targets:lawyers": _LAWYERS_AS_COUNSEL}
}
# Measured held out once and not adopted (hrds-journalists): every held-out figure unchanged
REPORT_OTHER_SENSES_NOT_ADOPTED: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"targets:journalists": _JOURNALISTS_AS_SOURCE}
}
_REPORT_OTHER = compile_senses(REPORT_OTHER_SENSES)


def other_sense_keys(
    low: str,
    hits: Sequence[Hit],
    lang: str | None,
    phrases: dict[str, dict[str, re.Pattern[str]]] | None = None,
) -> set[str]:
    """The targets of :data:`OTHER_SENSES` (or ``phrases``) whose every cue, weak or strong,
    among ``hits`` (found in ``low``, a lower-cased text in ``lang``) lies inside one of their
    phrases: named only as the source of the report or in a sense that names no target."""
    patterns = (_OTHER if phrases is None else phrases).get(lang or "", {})
    return {label for label, pattern in patterns.items() if _only_inside(label, hits, pattern, low)}


# --- A target the text does not name at all (mm-targets-three) ---------------------------------
# The label heads give ``political_opposition`` to a protest against a government where the text
# names no party, no opposition and no candidate ("anti-government demonstrators", "thousands
# rallied against the president"): the codebook's target is "opposition politicians, party members,
# candidates", and a crowd against the government is not that by itself. Out of fold on the training
# split (docs/coder-journal.md, "Mass Mobilization targets, third pass (mm-targets-three)") the
# cue-less labels of Mass Mobilization were 31 right and 161 false, ACLED's 775 right and 167 false:
# ACLED names its parties by name ("UPND cadres", "members of the BNP"), with words of party
# membership beside them. Per target, the words one of which the text must hold where it holds no
# cue of the target (weak or strong); without one the coder leaves the target out.
# English only. The keys are rule inputs (``model.UNNAMED_PREFIX``), not model features;
# ``label_rules.Rules.unnamed_vetoed`` says which targets the coder then leaves out.
UNNAMED_NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "targets:political_opposition": (
            # party membership and its ranks
            r"\b(?:supporters?|part(?:y|ies)|members?|leaders?|cadres?|activists?)\b",
            # a party by its kind of name
            r"\b(?:league|front|movement)\b",
            # candidates, politicians, elections and the presidency they contest
            r"\b(?:candidates?|politicians?|lawmakers?|elections?|electoral|polls?)\b",
            r"\b(?:president|presidential)\b",
            # parties named by their creed (mm-targets-two's gold reads "communists", "democrats")
            r"\b(?:communists?|democrats?|leftists?|rightists?|nationalists?)\b",
        ),
        # ml4p-labels: a court case, a sentence or a defamation suit names no lawyer by itself
        # (the label heads code one from "court", "sentenced", "defamation"); the codebook's
        # target is "lawyers, judges", so the text must name one
        "targets:lawyers": (
            r"\b(?:lawyers?|attorneys?|advocates?|counsel|barristers?|solicitors?|judges?"
            r"|jurists?|bar\s+(?:association|council|society)|legal\s+(?:team|aid|profession))\b",
        ),
        "targets:hrd": (
            r"\b(?:activists?|rights|defenders?|campaigners?|ngos?|non-governmental|civil\s+society"
            r"|dissidents?|whistle-?blowers?|advocacy|humanitarian|aid\s+(?:groups?|workers?))\b",
        ),
    },
}
_UNNAMED = compile_senses(UNNAMED_NEEDS)


def unnamed_keys(low: str, hits: Sequence[Hit], lang: str | None) -> set[str]:
    """The targets of :data:`UNNAMED_NEEDS` with no cue of their own, weak or strong, among
    ``hits`` and none of their words in ``low`` (the lower-cased text the hits were found in)."""
    own = {h.key for h in hits}
    return {
        label
        for label, pattern in _UNNAMED.get(lang or "", {}).items()
        if label not in own and pattern.search(low) is None
    }


# --- An internet shutdown: the population its target (targets-four) -----------------------------
# The codebook's ``general_public`` is "the population at large (an internet shutdown, a general
# law)"; its ``protesters`` are "people taking part in an assembly or strike". A shutdown told in
# the lead ("Authorities blocked mobile and broadband in ...", "cut off mobile internet") has the
# population as its target; it has protesters as a target only where the lead names them ("citing
# protests", "amid demonstrations"). Out of fold on the training split the heads missed the
# population in 94 of #KeepItOn's 751 shutdowns ("mobile and broadband" is no cue of the lexicon)
# and gave protesters to 84 shutdowns told amid "communal violence", "political instability" or a
# gunfight, most of them dated in March (the lexicon's weak "march"): docs/coder-journal.md,
# "Targets given the incident: internet shutdowns and party workers (targets-four)". English only.
# The keys are rule inputs (``model.SHUTDOWN_PREFIX``), not model features;
# ``label_rules.Rules.shutdown_gives`` and ``shutdown_vetoed`` say what the coder does with them.
_NET = (
    r"(?:internet|broadband|mobile\s+data|mobile\s+networks?|mobile\s+services|data\s+services"
    r"|social\s+media|messaging\s+apps?|telecommunications?|telecom\s+services"
    r"|phone\s+(?:lines|networks?|services)|mobile\b)"
)
SHUTDOWN_TOLD: dict[str, str] = {
    "en": (
        r"\b(?:shut(?:s|ting)?\s*(?:down|off)|cut(?:s|ting)?\s+off|block(?:ed|s|ing)?"
        r"|disrupt(?:ed|s|ing)?|suspend(?:ed|s|ing)?|throttl(?:ed|es|ing)|restrict(?:ed|s|ing)?"
        r"|switch(?:ed|es)?\s+off|turn(?:ed|s)?\s+off)\s+(?:(?:the|all|access\s+to)\s+)?"
        rf"(?:[\w,&'’-]+\s+){{0,3}}?{_NET}"
    ),
}
# "March" the month is no march: the lexicon's weak protesters cue "march" read in a date
MONTH_MARCH: dict[str, str] = {
    "en": (
        r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?march\b|march\s+\d{1,2}\b|march\s+(?:19|20)\d\d\b"
        r"|(?:in|since|until|till|by|from|early|late|mid-?|end\s+of|beginning\s+of)\s+march\b)"
    ),
}
# the targets a shutdown has only where the lead names them by a cue of theirs (not the month);
# targets-six: a party or the opposition too. The heads gave ``political_opposition`` to 47 of
# #KeepItOn's 751 training shutdowns "citing elections", "amid election", none in its gold: an
# election is the shutdown's occasion, its target the population ("an opposition website blocked"
# names them by a cue and keeps them)
SHUTDOWN_NAMED_ONLY: tuple[str, ...] = ("targets:protesters", "targets:political_opposition")
# one of these words in the lead before the pattern is read (speed: most texts hold none)
_NET_WORDS = (
    "internet",
    "broadband",
    "mobile",
    "data services",
    "social media",
    "messaging",
    "telecom",
    "phone",
)
SHUTDOWN_KEY = "told"
_SHUTDOWN = {lang: re.compile(p) for lang, p in SHUTDOWN_TOLD.items()}
_MONTH = {lang: re.compile(p) for lang, p in MONTH_MARCH.items()}


def shutdown_keys(low: str, hits: Sequence[Hit], lang: str | None) -> set[str]:
    """Where ``low`` (the lower-cased lead the heads read, in ``lang``) tells an internet or
    phone shutdown: :data:`SHUTDOWN_KEY`, and each target of :data:`SHUTDOWN_NAMED_ONLY` with
    no cue among ``hits`` outside a date in March."""
    shutdown = _SHUTDOWN.get(lang or "")
    if shutdown is None or not any(w in low for w in _NET_WORDS):
        return set()
    if shutdown.search(low) is None:
        return set()
    month = _MONTH[lang or ""]
    keys = {SHUTDOWN_KEY}
    for label in SHUTDOWN_NAMED_ONLY:
        named = any(h.key == label for h in hits) and not _only_inside(label, hits, month, low)
        if not named:
            keys.add(label)
    return keys


# --- A political party named by its name: its members as the targets (targets-five) ------------
# The codebook's ``political_opposition`` is "opposition politicians, party members, candidates".
# ACLED names the parties by their names and acronyms ("UPND cadres", "members of the BNP", "ODM
# supporters", "CPI(M) activists were arrested"), which are no cue of the lexicon (it holds
# "opposition", "party members", "?party"): out of fold on the training split the heads missed 509
# of ACLED's party targets with no cue (targets-four). Where the lead names a party's people
# (members, supporters, cadres, workers, leaders, a legislator, a candidate) or a party's rally,
# march or office, and they are not the act's perpetrators ("attacked by BCL activists", "Awami
# League men beat", "Jubo League cadres vandalised"), the party's people are the act's target.
# The parties, written from what each is (ruling and opposition parties, their student and youth
# wings, of South Asia, Africa and elsewhere), with ACLED's training actor names for the spellings;
# only names no English word spells (not "AL", "SP", "PF", "DA", "NASA", "CORD"). English only. The
# key is a rule input (``model.PARTY_PREFIX``), not a model feature;
# ``label_rules.Rules.party_gives`` says what the coder does with it.
PARTY_NAMES = (
    # South Asia: India
    r"bjp|bharatiya\s+janata(?:\s+party)?|(?:indian\s+national\s+|youth\s+|mahila\s+)?congress"
    r"|inc|aap|aam\s+aadmi(?:\s+party)?|tmc|trinamool(?:\s+congress)?|cpi\s*\(\s*m\s*\)|cpi-?m|cpm"
    r"|cpi|cpi\s*\(\s*ml\s*\)|left\s+front|sfi|abvp|nsui|aisa|rss|vhp|bajrang\s+dal|shiv\s+sena|mns"
    r"|ncp|bsp|samajwadi(?:\s+party)?|rjd|jd\s*\(\s*u\s*\)|jdu|jd\s*\(\s*s\s*\)|dmk|aiadmk|pmk"
    r"|tdp|trs|brs|ysrcp|ysr\s+congress|bjd|akali\s+dal|sad|inld|lok\s+dal|pdp|jmm|agp|aimim"
    r"|hindu\s+munnani|naga\s+people'?s\s+front|mnf|zpm"
    # Bangladesh
    r"|bnp|awami\s+league|jatiya\s+party|jamaat(?:-e-islami)?|jamaat-i-islami|jei|islami\s+chhatra"
    r"\s+shibir|shibir|chhatra\s+league|bcl|chhatra\s+dal|jcd|jubo\s+league|jubo\s+dal"
    r"|swechchhasebak\s+league|jsd|samajtantrik\s+dal|hefazat(?:-e-islam)?"
    # Pakistan, Nepal, Sri Lanka
    r"|pti|tehreek-e-insaf|tehreek-i-insaf|ppp|pml-?n|pml|mqm|jui-?f|jui|tlp|anp|jamiat\s+ulema"
    r"|nepali\s+congress|uml|cpn|cpn-uml|cpn-maoist|madhesi\s+front|rpp|slpp|unp|jvp|sjb"
    # Africa
    r"|odm|jubilee(?:\s+party)?|uda|kanu|wiper|anc|eff|ifp|zanu-?\s?pf|mdc|mdc-?t|mdc\s+alliance|ccc"
    r"|upnd|nrm|nup|fdc|chadema|ccm|act-wazalendo|ndc|npp|apc|udps|mpla|unita|frelimo|renamo|rpf"
    r"|rhdp|fpi|pdci|pastef|pds|mcp|dpp|udf|cnd-fdd|cndd-fdd|imbonerakure|fln|rcd|ennahda|mdm"
    # elsewhere
    r"|akp|chp|hdp|nld|usdp|cnrp|cpp|umno|pkr|psuv|fsln|morena|pri|bnf"
)
_PARTY_PEOPLE = (
    r"(?:members?|supporters?|activists?|cadres?|workers?|leaders?|loyalists?|followers?|men|youths?"
    r"|legislators?|mps?|lawmakers?|candidates?|councill?ors?|officials?|office[\s-]bearers?"
    r"|politicians?|affiliates?|agents?|volunteers?)"
)
_PARTY_EVENTS = (
    r"(?:rall(?:y|ies)|march(?:es)?|procession|protests?|demonstrations?|meetings?|gatherings?"
    r"|offices?|campaign|convoy|motorcade|hartal|bandh|blockade|sit-in)"
)
_PARTY = rf"(?:{PARTY_NAMES})"
PARTY_NAMED: dict[str, str] = {
    "en": (
        # "BNP activists", "Youth Congress workers", "ODM's supporters", "BNP's rally"
        rf"\b{_PARTY}(?:'s|’s)?\s+(?:[\w'’()-]+\s+)?(?:{_PARTY_PEOPLE}|{_PARTY_EVENTS})\b"
        # "members of the BNP", "supporters of Jamaat", "activists affiliated with the TMC"
        rf"|\b{_PARTY_PEOPLE}\s+(?:of|from|affiliated\s+(?:with|to)|belonging\s+to|loyal\s+to)\s+"
        rf"(?:the\s+)?(?:[\w'’-]+\s+)?{_PARTY}\b"
    ),
}
# the party's people as the act's perpetrators: named as the agent ("by BCL activists") or before
# a violent act they do ("Jubo League men attacked", "TMC workers allegedly beat")
PARTY_AGENT: dict[str, tuple[str, str]] = {
    "en": (
        r"\bby\s+(?:the\s+)?(?:(?:suspected|alleged|ruling|some|several|a\s+group\s+of)\s+)*$",
        r"^(?:\s*,?\s*(?:[\w'’()-]+,?\s+){0,5}?)(?:allegedly\s+|reportedly\s+)?"
        r"(?:attack|assault|beat|vandali[sz]|torch|set\s+fire|set\s+ablaze|hurl|chas|stab|shot\b"
        r"|shoot|kill|abduct|kidnap|hack|threaten|intimidat|disrupt|dispers|obstruct|prevent|loot"
        r"|ransack|lynch|thrash|snatch|fire[ds]?\b|open(?:ed)?\s+fire)",
    ),
}
# ... unless the act is done to them ("BNP activists were attacked", "came under attack")
_PARTY_SUFFERS = re.compile(
    r"\s*(?:[\w'’()-]+\s+){0,2}?(?:were|was|been|being|got|came\s+under|faced|under)\b"
)
PARTY_KEY = "told"
_PARTY_NAMED = {lang: re.compile(p) for lang, p in PARTY_NAMED.items()}
_PARTY_AGENT = {lang: (re.compile(b), re.compile(a)) for lang, (b, a) in PARTY_AGENT.items()}


def party_keys(low: str, lang: str | None) -> set[str]:
    """:data:`PARTY_KEY` where ``low`` (the lower-cased lead the heads read, in ``lang``) names a
    party's people or its event (:data:`PARTY_NAMED`) once where they are not the act's agent
    (:data:`PARTY_AGENT`)."""
    named = _PARTY_NAMED.get(lang or "")
    if named is None:
        return set()
    before, after = _PARTY_AGENT[lang or ""]
    for m in named.finditer(low):
        if before.search(low[max(0, m.start() - 40) : m.start()]):
            continue
        tail = low[m.end() : m.end() + 60]
        if after.match(tail) and not _PARTY_SUFFERS.match(tail):
            continue
        return {PARTY_KEY}
    return set()


# --- A newspaper or a station shut: the codebook's censorship (ml4p-violations) -----------------
# The codebook's ``censorship`` holds "media closure"; the lexicon's censorship cues do not name a
# newspaper, a station or a website closed, suspended or sealed ("Tanzania shuts down another
# newspaper", "Gambian Government closes fourth radio station", "authorities suspended
# broadcasters"), and out of fold the heads code such leads ``arrest_detention`` or
# ``protest_disruption``. Counted on the whole training incidents of every set
# (docs/coder-journal.md, "ML4P: a newspaper shut is censorship (ml4p-violations)"). English
# only; read in the lead.
# The key is a rule input (``model.CLOSURE_PREFIX``), not a model feature;
# ``label_rules.Rules.closure_gives`` says which labels the coder then raises.
_OUTLETS = (
    r"(?:newspapers?|dail(?:y|ies)|weekl(?:y|ies)|tabloids?|magazines?"
    r"|(?:radio|tv|television)\s+stations?|stations?|channels?|broadcasters?|websites?"
    r"|news\s+(?:sites?|portals?|outlets?)|media\s+(?:outlets?|houses?))"
)
MEDIA_CLOSURE: dict[str, str] = {
    "en": (
        r"\b(?:shut\w*|clos(?:e|ed|es|ing)|seal(?:s|ed|ing)?|suspend(?:s|ed|ing)?)\s+(?:down\s+)?"
        rf"(?:[\w'’-]+\s+){{0,3}}?{_OUTLETS}\b"
    ),
}
_CLOSURE = {lang: re.compile(p) for lang, p in MEDIA_CLOSURE.items()}
CLOSURE_KEY = "media_closure"


def closure_keys(low: str, lang: str | None) -> set[str]:
    """Where ``low`` (the lower-cased lead the heads read, in ``lang``) tells a newspaper, a
    station or a website shut, closed, sealed or suspended: :data:`CLOSURE_KEY`."""
    closure = _CLOSURE.get(lang or "")
    return {CLOSURE_KEY} if closure is not None and closure.search(low) else set()


def report_other_sense_keys(low: str, hits: Sequence[Hit], lang: str | None) -> set[str]:
    """The targets of :data:`REPORT_OTHER_SENSES` named only as the source of the report
    (:func:`other_sense_keys`; read in long reports only: ``label_rules.Rules``)."""
    return other_sense_keys(low, hits, lang, _REPORT_OTHER)


# hrds-targets: "human rights" as the thing itself, not its defenders ("violations of human
# rights", "a human rights record", "undermine human rights", "the UN human rights council",
# "Physicians for Human Rights"): the lexicon's weak ``hrd`` cue "human rights" names no person;
# the codebook's ``hrd`` is "human rights defenders, activists, NGOs". Not where a defender, an
# activist, a group or another body of people follows ("human rights defenders", "human rights
# groups", "Human Rights Watch"). Read in reports over ``label_tables.ABSTRACT_SENSE_CHARS``
# (``Rules.abstract_sense_vetoed``): ML4P's cue-word gold takes the bare words for a target, in
# its short snippets most. Chosen out of fold (docs/coder-journal.md, "(hrds-targets)").
_RIGHTS_PEOPLE = (
    r"defenders?|activists?|activism|lawyers?|advocates?|campaigners?|workers?|groups?"
    r"|organi[sz]ations?|organi[sz]ers?|ngos?|non-governmental|monitors?|networks?|coalitions?"
    r"|alliances?|associations?|societ(?:y|ies)|foundations?|leagues?|observator(?:y|ies)"
    r"|cent(?:er|re)s?|watch|bod(?:y|ies)"
)
ABSTRACT_SENSES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"targets:hrd": (rf"\bhuman\s+rights\b(?!\s*(?:-\s*)?(?:{_RIGHTS_PEOPLE})\b)",)}
}
_ABSTRACT = compile_senses(ABSTRACT_SENSES)


def abstract_sense_keys(low: str, hits: Sequence[Hit], lang: str | None) -> set[str]:
    """The targets of :data:`ABSTRACT_SENSES` whose every cue names the rights, not their
    defenders (:func:`other_sense_keys`; read in reports over ``label_tables.ABSTRACT_SENSE_CHARS``
    only: ``label_rules.Rules``)."""
    return other_sense_keys(low, hits, lang, _ABSTRACT)


# --- A Spanish death told with its manner (colombia-four) ----------------------------------------
# A Colombian narrative tells a killing by its manner: "le propinó varias puñaladas que le causaron
# la muerte", "su cuerpo presentaba signos de tortura", "fue asesinado de varios balazos". The
# lexicon's assault cues (``balazo*``, ``puñalad*``, "signos de tortura") are attack cues, so the
# label heads and the no-cue rule (``label_tables.EVIDENCE_OF``) code an attack beside, or instead
# of, the killing. The codebook's attack is a physical attack the victim survives; where the text
# tells the death of the person the shots, the stabbing or the torture are about, they are the
# killing's manner (docs/coder-journal.md, "Colombian narratives, fourth pass (colombia-four)"). Not
# where the text also tells someone wounded or surviving ("resultó herido", "sobrevivió", "intento
# de homicidio"): there the attack stands. Chosen on the Colombian training narratives out of fold
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
    r"|tortur\w*|machete\w*|arma blanca|arma contundente|arma de fuego|sicarios?"
    # es-parity: the shots and blades the training narratives tell a death with ("le dispararon",
    # "fue abaleada", "los acribillaron", "tres proyectiles", "arma corto punzante")
    r"|dispar(?:aron|ó|arle|arles|ándole)|(?:a)?balead[oa]s?|acribill\w*|proyectil(?:es)?"
    r"|arma corto ?punzante|a quemarropa)\b"
)
# es-parity: shots told as hitting the person, which the lexicon already reads as the killing
# ("impactos de arma de fuego", "le propinaron seis balazos", "lo acribillaron"): with the manner
# and no one surviving they tell the death too. Training colombia:51, "fue atacado ... con
# múltiples impactos de arma de fuego" (no death word), was coded attack beside the killing.
_ES_SHOT_DEATH = re.compile(
    r"\b(?:impactos? de (?:bala|balas|arma de fuego)|proyectiles? de arma\w*|acribill\w*"
    r"|(?:tiros|disparos|impactos|balazos) en la cabeza|a quemarropa"
    r"|propin(?:aron|ó|ándole) (?:\w+ )?(?:tiros|disparos|impactos|balazos))\b"
)
_ES_SURVIVED = re.compile(
    r"\b(?:herid[oa]s?(?! de muerte)|lesionad[oa]s?|sobreviv\w*|ilesos?|ilesas?"
    r"|intento de (?:homicidio|asesinato)|atentado contra su vida|salvó la vida"
    r"|no hubo (?:víctimas|heridos|muertos)|sin (?:dejar )?(?:víctimas|heridos))\b"
)
# es-parity: wounds that are the dead's, not a survivor: the noun ("sus heridas", "múltiples
# heridas causadas con arma", "la gravedad de las heridas") and a wounded one who then died
# within the next words ("una persona herida ... ya había fallecido"); training colombia:12, 14,
# 59, 61, 62 tell their death so.
_ES_WOUNDS_OF_THE_DEAD = re.compile(
    r"\b(?:sus|las|unas|varias|múltiples|graves|sendas|\d+) heridas\b"
    r"|\bheridas (?:causad|producid|sufrid|ocasionad|recibid|provocad)\w*"
)
_ES_DIED_AFTER = re.compile(
    r"\b(?:murió|falleció|fallecido|fallecida|perdió la vida|sin vida|sin signos vitales)\b"
)
WOUNDED_THEN_DIED_CHARS = 200


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _survivor_told(low: str) -> bool:
    """Whether ``low`` tells someone wounded or surviving, leaving out the dead's own wounds."""
    for m in _ES_SURVIVED.finditer(_ES_WOUNDS_OF_THE_DEAD.sub(_blank, low)):
        if not m.group(0).startswith("herid"):
            return True
        if not _ES_DIED_AFTER.search(low, m.end(), m.end() + WOUNDED_THEN_DIED_CHARS):
            return True
    return False


# per language: the act whose cues are the manner of a told death, and the act that death is
MANNER_OF_DEATH: dict[str, tuple[str, str]] = {"es": ("violations:attack", "violations:killing")}


def death_manner(low: str, lang: str | None) -> bool:
    """Whether ``low`` (a lower-cased text) of a language of :data:`MANNER_OF_DEATH` tells a death
    and its manner (shots, stabbing, beating, torture), and no one wounded or surviving."""
    if lang not in MANNER_OF_DEATH:
        return False
    death = _ES_DEATH.search(low) or _ES_SHOT_DEATH.search(low)
    return bool(death and _ES_MANNER.search(low) and not _survivor_told(low))


# --- A Spanish victim named as a union member (es-parity) ----------------------------------------
# The union by its name, not its workers ("trabajadores" also dies in accidents): the input of the
# cue-pair rule's union candidates (``label_tables.CUE_PAIR_UNION_ACTS``).
UNION_NAMED: dict[str, re.Pattern[str]] = {
    "es": re.compile(r"\bsindica(?:tos?|l|les|listas?)\b"),
}


def union_keys(low: str, lang: str | None) -> set[str]:
    """``targets:trade_unionists`` where ``low`` (a lower-cased text) names a union by its name,
    in a language of :data:`UNION_NAMED`."""
    pattern = UNION_NAMED.get(lang or "")
    return {"targets:trade_unionists"} if pattern and pattern.search(low) else set()


# --- A Spanish killing remembered, not told (colombia-five) ---------------------------------------
# A homage, an anniversary or a decade long past: the killings of a commemoration or a history
# ("recordaron a los asesinados en los años noventa") are no new incident. The input of the guard
# of the cue-pair rule's candidates told apart (``label_tables.CUE_PAIR_NEAR_NOT_WITH``); none of
# the 78 Colombian training narratives holds one.
REMEMBERED: dict[str, re.Pattern[str]] = {
    "es": re.compile(
        r"\bhomenaje|\bconmemora|\baniversario|\brecordar(?:on|emos|á|án)?\b"
        r"|\baños\s+(?:sesenta|setenta|ochenta|noventa)\b|\b(?:en|de|desde)\s+19\d\d\b"
    ),
}
REMEMBERED_KEY = "remembered:killing"


def remembered_keys(low: str, lang: str | None) -> set[str]:
    """``remembered:killing`` where ``low`` (a lower-cased text) of a language of
    :data:`REMEMBERED` tells a commemoration or a time long past."""
    pattern = REMEMBERED.get(lang or "")
    return {REMEMBERED_KEY} if pattern and pattern.search(low) else set()


def manner_keys(low: str, lang: str | None) -> set[str]:
    """The act read as the manner of a told death (``attack``), where :func:`death_manner`."""
    return {MANNER_OF_DEATH[lang or ""][0]} if death_manner(low, lang) else set()


# --- Long reports: sentences told as background (report-time) ------------------------------------
# A long report tells, around its subject's act, earlier acts: "Badawi, who was arrested in 2012",
# "he had been detained twice before", "since 2019 the police have arrested hundreds", "earlier
# this year". A sentence is background when it holds one of these time marks, or a year two or
# more before the latest year the text names (the report's year, as the text tells it). English.
BACKGROUND_MARKS: dict[str, str] = {
    "en": (
        r"\bhad\s+(?:(?:also|already|previously|earlier|once|twice|repeatedly)\s+)?been\b"
        r"|\b(?:previously|formerly)\b|\bin\s+the\s+past\b|\bin\s+recent\s+years\b"
        r"|\b(?:earlier|last)\s+(?:this\s+)?(?:year|month)\b|\blast\s+year\b"
        r"|\b(?:years|months)\s+(?:ago|earlier|before)\b|\bsince\s+(?:19|20)\d\d\b"
        r"|\bfor\s+the\s+(?:second|third|fourth|fifth)\s+time\b|\b(?:once|twice)\s+before\b"
        r"|\b(?:several|many|numerous)\s+times\s+(?:before|since)\b"
        # and an arrest told as not made: "was not arrested", "no one has been arrested"
        r"|\b(?:not|never)\s+(?:been\s+)?(?:arrested|detained)\b"
        r"|\bno\s*one\s+(?:was|has|had|were)\s+(?:\w+\s+){0,2}(?:arrested|detained)\b"
    ),
}
_BACKGROUND: dict[str, re.Pattern[str]] = {k: re.compile(v) for k, v in BACKGROUND_MARKS.items()}
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-3]\d)\b")
BACKGROUND_YEARS = 2  # a year this many before the text's latest year is background


def background_blanked(low: str, lang: str | None, years: int | None = None) -> str:
    """``low`` (a lower-cased text) with each background sentence (:data:`BACKGROUND_MARKS`, or
    a year ``years`` or more before the text's latest) blanked to spaces, its end kept, so that
    offsets and sentence breaks are unchanged. A text of another language is returned as is."""
    marks = _BACKGROUND.get(lang or "")
    if marks is None:
        return low
    years = BACKGROUND_YEARS if years is None else years
    found = [int(m.group()) for m in _YEAR.finditer(low)]
    latest = max(found) if found else None
    out = list(low)
    start = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(low)] + [len(low)]
    for end in ends:
        sentence = low[start:end]
        old = latest is not None and any(
            int(m.group()) <= latest - years for m in _YEAR.finditer(sentence)
        )
        if old or marks.search(sentence):
            stop = end - 2 if end < len(low) else end
            out[start:stop] = " " * (stop - start)
        start = end
    return "".join(out)


def background_told_keys(low: str, hits: Sequence[Hit], lang: str | None) -> set[str]:
    """The acts (``violations:``) among ``hits`` (found in ``low``, a lower-cased text in
    ``lang``) whose every cue, weak or strong, lies in a background sentence
    (:func:`background_blanked`): "abducted ... earlier this year", "kidnappings last month"
    (hrds-violations-two; read in long reports only: ``label_tables.REPORT_LEAD_BACKGROUND``)."""
    blank = background_blanked(low, lang)
    if blank == low:
        return set()
    acts = {h.key for h in hits if h.key.startswith("violations:")}
    return {
        act for act in acts if all(not blank[h.start : h.end].strip() for h in hits if h.key == act)
    }


# --- Long reports: charges and threats told in the report's words (report-labels-three) ----------
# A long report tells its subject's charge or threat past the lead the heads read, and often in
# words the lexicon holds only as a weak cue or not at all: "has been charged", "faces up to ten
# years in prison", "stand trial", "rejected his bail plea"; "received death threats", "threatened
# to kill him", "threatening phone calls". Per act, the phrases; :func:`report_keys` says which
# acts a text tells so, each where its phrase shares a sentence with one of the act's victims
# (strong target cues of the kinds ``label_tables.REPORT_PHRASED_VICTIMS`` names), or anywhere when
# the act needs none. English only. The keys are rule inputs (``model.TOLD_PREFIX``), not model
# features; ``label_rules.Rules.report_phrased`` says which acts the coder raises, in a text
# longer than ``Rules.report_phrased_chars``.
REPORT_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "violations:judicial_harassment": (
            r"\b(?:was|were|been|is|are|being|be)\s+(?:\w+\s+)?charged\b",
            r"\bcharged\s+(?:him|her|them)\b",
            r"\b(?:faces?|facing|could\s+face|may\s+face)\s+(?:\w+\s+){0,3}"
            r"(?:charges?|trial|prosecution|years?\s+(?:in\s+)?(?:prison|jail))\b",
            r"\bup\s+to\s+\w+\s+years\s+(?:in\s+)?(?:prison|jail)\b",
            r"\bstand(?:s|ing)?\s+trial\b|\bput\s+on\s+trial\b",
            r"\b(?:go|goes|went|going|gone)\s+on\s+trial\b",  # (report-labels-four)
            r"\b(?:anticipatory|denied|refused|rejected)\s+(?:\w+\s+)?bail\b",
            r"\bbail\s+(?:plea|application|petition)\b",
            r"\b(?:case|cases|charges|complaint|fir)\s+(?:was\s+|were\s+|had\s+been\s+|has\s+been\s+)?"
            r"(?:filed|registered|lodged|brought)\s+against\b",
        ),
        "violations:threats_intimidation": (
            r"\bdeath\s+threats?\b",
            r"\b(?:received|receiving|receives|receive|got|faced|facing|faces)\s+(?:\w+\s+){0,2}"
            r"threats\b",
            r"\bthreatened\s+(?:to\s+kill|with\s+death|with\s+arrest|with\s+prosecution|him|her|them"
            r"|me|us)\b",
            r"\bthreatening\s+(?:phone\s+)?(?:calls?|messages?|letters?)\b",
            r"\b(?:intimidated|harassed|threatened)\s+(?:and\s+\w+\s+)?by\s+(?:the\s+)?"
            r"(?:police|security|authorities|officials|agents|soldiers|army|intelligence)\b",
        ),
    },
}
_REPORT: dict[str, dict[str, re.Pattern[str]]] = {
    lang: {act: re.compile("|".join(ps)) for act, ps in acts.items()}
    for lang, acts in REPORT_PHRASES.items()
}


def report_keys(
    low: str, lang: str | None, victims: Mapping[str, Sequence[int] | None]
) -> set[str]:
    """The acts of ``victims`` whose :data:`REPORT_PHRASES` phrase, in ``lang``, occurs in ``low``
    (a lower-cased text): where the act's victims are None anywhere, else only in a sentence that
    holds one of its victims' offsets."""
    phrases = _REPORT.get(lang or "", {})
    ends = [m.end() for m in _SENTENCE_END.finditer(low)]
    out = set()
    for act, offsets in victims.items():
        pattern = phrases.get(act)
        if pattern is None:
            continue
        if offsets is None:
            if pattern.search(low):
                out.add(act)
            continue
        named = {bisect.bisect_right(ends, v) for v in offsets}
        if any(bisect.bisect_right(ends, m.start()) in named for m in pattern.finditer(low)):
            out.add(act)
    return out
