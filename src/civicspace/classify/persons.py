"""Persons and organisations named as victims or alleged perpetrators.

No NER model for most of the languages civil society reports in installs offline, so this is a
transparent heuristic over the sentences that carry a violation cue: capitalised name sequences
(Latin and Cyrillic scripts), organisations by their keywords ("Party", "Union", "Police" …) or
by acronym, and the role from position: a name followed by a passive verb ("X was arrested",
"X fue detenido") or after the violation cue is a victim; a name before an active violation cue,
or a police/army/court organisation, is an alleged perpetrator. Places, months, weekdays and
sentence-initial function words are left out. Expect recall over precision; a reviewer decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicspace.classify.dates import CALENDAR_WORDS
from civicspace.classify.schema import Person

_NAME = re.compile(
    r"\b(?:[A-ZÁÉÍÓÚÑÇÀÂÊÔÃÕÜŞĞİÖА-ЯЁ][\w'’\-]+|[A-Z]{2,6})"
    r"(?:\s+(?:de|del|da|do|dos|la|van|von|bin|al|el|ibn|of|the|for)?\s*"
    r"(?:[A-ZÁÉÍÓÚÑÇÀÂÊÔÃÕÜŞĞİÖА-ЯЁ][\w'’\-]+|[A-Z]{2,6})){0,4}"
)
_ORG_WORDS = re.compile(
    r"\b(?:party|league|union|association|front|movement|council|ministry|police|army|forces|"
    r"court|commission|committee|network|foundation|institute|group|alliance|congress|agency|"
    r"service|times|post|news|tv|radio|newspaper|daily|university|bank|company|corporation|"
    r"partido|sindicato|asociación|movimiento|policía|ejército|tribunal|fundación|diario|"
    r"parti|syndicat|armée|gendarmerie|ministère|partido|sindicato|polícia|exército|"
    r"партия|полиция|суд|partisi|polis|sendika|assembly|parliament|senate|asamblea|congreso|"
    r"assemblée|assembleia|senado|gobierno|government|governo|gouvernement)\b",
    re.IGNORECASE,
)
_PERP_ORG = re.compile(
    r"\b(?:police|army|forces|military|ministry|government|court|gendarmerie|policía|ejército|"
    r"gobierno|polícia|governo|armée|полиция|polis|jandarma|rab|bgb)\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    r"^\W*(?:\(\w+\)\s*)?(?:,[^,]{0,60},\s*)?(?:was|were|has been|have been|had been|is being|"
    r"fue|fueron|ha sido|han sido|a été|ont été|foi|foram|был|была|были)\b",
    re.IGNORECASE,
)
_STOP = {
    *CALENDAR_WORDS,
    "the",
    "on",
    "in",
    "at",
    "a",
    "an",
    "and",
    "but",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "this",
    "that",
    "police",
    "according",
    "local",
    "after",
    "before",
    "during",
    "while",
    "when",
    "reuters",
    "afp",
    "ap",
    "la",
    "el",
    "los",
    "las",
    "le",
    "les",
    "un",
    "una",
    "en",
    "por",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "prime",
    "senior",
    "covid",
    "coronavirus",
    "size",
    "no",
    "report",
    "ngo",
    "eu",
    "us",
    "uk",
}
_ROLE_WORDS = {
    # role words written before a name ("Reporter Jane Doe")
    "reporter",
    "journalist",
    "photographer",
    "editor",
    "activist",
    "lawyer",
    "opposition",
    "leader",
    "senator",
    "general",
    "governor",
    "judge",
    "professor",
    "student",
    "mayor",
    "periodista",
    "activista",
    "abogado",
    "abogada",
    "diputado",
    "diputada",
    "journaliste",
    "militant",
    "militante",
    "avocat",
    "jornalista",
    "ativista",
    "advogado",
}
_STOP |= _ROLE_WORDS
_SPEAKER = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,2}?(?:said|says|told|stated|reported|announced|dijo|afirmó|informó|"
    r"a déclaré|disse|заявил|açıkladı)\b",
    re.IGNORECASE,
)
# a name after a locative preposition is where it happened, not who ("outside the Ministry")
_LOCATIVE = re.compile(
    r"(?:\bin front of|\boutside|\bnear|\bat|\bin|\bfrente a|\ben|\bcerca de|\bdevant|"
    r"\bprès de|\bem frente a|\bna|\bno|\bem)\s+(?:the\s+|la\s+|el\s+|le\s+|à\s+|ao\s+)?$",
    re.IGNORECASE,
)
# the agent of a passive verb ("detained by agents of the SEBIN", "detenido por la policía")
_AGENT = re.compile(r"\b(?:by|por|par|pelos?|pelas?)\s+(?:[\w'’]+\s+){0,3}$", re.IGNORECASE)
MAX_PERSONS = 10
# a civic role written before or just after a name: the people such reports are about
_CIVIC_ROLE = re.compile(
    r"\b(?:journalists?|reporters?|photojournalists?|photographers?|editors?|bloggers?|"
    r"correspondents?|activists?|defenders?|campaigners?|lawyers?|unionists?|trade union(?:ist)?|"
    r"students?|teachers?|leaders?|environmentalists?|feminists?|periodistas?|activistas?|"
    r"defensor(?:a|es|as)?|abogad[oa]s?|sindicalistas?|l[ií]der(?:es|esa)?|estudiantes?|"
    r"journalistes?|militante?s?|avocate?s?|jornalistas?|ativistas?|advogad[oa]s?|"
    r"журналист\w*|активист\w*|правозащитни\w*|gazeteci|aktivist)\b[\w\s,'’-]{0,25}$",
    re.IGNORECASE,
)
_APPOSITIVE_ROLE = re.compile(
    r"^\s*,\s*(?:an?|the|la|el|un|una|une)?\s*(?:\w+\s+){0,2}?(?:journalist|reporter|activist|"
    r"defender|lawyer|unionist|editor|blogger|student|leader|periodista|activista|defensora?|"
    r"abogad[oa]|journaliste|militante?|avocate?|jornalista|ativista)",
    re.IGNORECASE,
)
# street and place words: an address or an area is not a person ("Kenyatta Avenue")
_PLACE_WORDS = re.compile(
    r"\b(?:street|road|avenue|boulevard|lane|highway|square|district|province|region|county|"
    r"village|city|town|state|calle|avenida|carrera|barrio|plaza|rue|place|quartier|rua|"
    r"praça|bairro|sokak|caddesi|mahallesi)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Candidate:
    name: str
    start: int
    end: int
    kind: str


def _candidates(sentence: str, places: set[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _NAME.finditer(sentence):
        words = m.group(0).split()
        while words and words[0].lower().strip("'’") in _STOP:
            words = words[1:]
        while words and words[-1].lower() in _STOP:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        if name in places or name.lower() in _STOP or _PLACE_WORDS.search(name):
            continue
        start = sentence.find(name, m.start())
        is_org = bool(_ORG_WORDS.search(name)) or (len(words) == 1 and name.isupper())
        if not is_org and len(words) < 2:
            continue  # a single capitalised word is too often a place or a sentence start
        out.append(
            _Candidate(name, start, start + len(name), "organisation" if is_org else "person")
        )
    return out


def extract_persons(
    sentences: list[tuple[str, list[tuple[int, int]]]], places: set[str]
) -> list[Person]:
    """Persons and organisations from sentences with the spans of their violation cues."""
    found: dict[str, Person] = {}
    for sentence, cue_spans in sentences:
        if not cue_spans:
            continue
        first_cue = min(s for s, _ in cue_spans)
        for c in _candidates(sentence, places):
            if _SPEAKER.match(sentence[c.end :]):
                continue  # a source quoted, not a party to the incident
            if _LOCATIVE.search(sentence[max(0, c.start - 20) : c.start]):
                continue
            before = sentence[max(0, c.start - 40) : c.start]
            after = sentence[c.end :]
            if c.kind == "person" and (_CIVIC_ROLE.search(before) or _APPOSITIVE_ROLE.match(after)):
                role = "victim"  # "journalist Jane Doe", "Jane Doe, a reporter, …"
            elif (c.kind == "organisation" and _PERP_ORG.search(c.name)) or _AGENT.search(before):
                role = "perpetrator"
            elif _PASSIVE.match(after) or c.start > first_cue:
                role = "victim"
            elif c.kind == "organisation" or first_cue - c.end <= 25:
                role = "perpetrator"  # the subject right before the violation: "X arrested …"
            else:
                # named before the violation with nothing tying them to it: naming someone an
                # alleged perpetrator on no evidence is the worse mistake
                role = "victim"
            key = c.name.lower()
            if key not in found:
                found[key] = Person(name=c.name, role=role, kind=c.kind)  # type: ignore[arg-type]
            if len(found) >= MAX_PERSONS:
                return list(found.values())
    return list(found.values())
