"""Person names the registry does not know yet: capitalised runs, cues, scripts without case.

Latin scripts: a run of capitalised words (particles such as "de la", "van", "al-" allowed inside)
is a name when a role or honorific stands before it ("activist", "la periodista", "M.", "Sra."),
an age or role follows it (", 34,", "(34)", ", a journalist"), or its first word is a given name
in the gazetteer. Runs holding an organisation word ("Party", "Ministerio") are not names.
Cyrillic: the same, plus patronymics ("Иванович") and initials ("А. Навальный").
Arabic: the words after a role cue ("الناشطة …") or a common given name, up to a function word.
Korean: a surname syllable plus one or two syllables before a title ("김철수 기자", "이영희 씨").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from civicspace.privacy import name_cues as cues
from civicspace.privacy.gazetteer import given_names
from civicspace.privacy.known_names import NameIndex
from civicspace.privacy.name_cues import (
    KOREAN_AFTER,
    KOREAN_NOT_NAMES,
    KOREAN_SURNAMES,
    KOREAN_TWO_SYLLABLE_SURNAMES,
    PARTICLES,
    PATRONYMIC_ENDINGS,
)
from civicspace.privacy.places import place_names
from civicspace.privacy.text import fold


def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


# the cue lists as ``fold`` writes them, so "الناشطة" meets its folded form "الناشطه"
ARABIC_GIVEN = _folded(cues.ARABIC_GIVEN)
ARABIC_STOP = _folded(cues.ARABIC_STOP)
CYRILLIC_GIVEN = _folded(cues.CYRILLIC_GIVEN)
HONORIFICS = _folded(cues.HONORIFICS)
NOT_NAMES = _folded(cues.NOT_NAMES)
ORG_WORDS = _folded(cues.ORG_WORDS)
PUBLIC_OFFICES = _folded(cues.PUBLIC_OFFICES)
ROLES = _folded(cues.ROLES)

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOW = "a-zß-öø-ÿā-ž"
_CAPWORD = (
    rf"(?:[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:['’][{_UP}{_LOW}][{_LOW}]+)?"
    rf"(?:-[{_UP}{_LOW}][{_LOW}]+)*|[{_UP}]\.|[{_UP}]{{2,}}(?=[\s,.;:)]|$)|O['’][{_UP}][{_LOW}]+)"
)
_SP = r"[ \t\u00a0]{1,3}"  # words of one name never stand on two lines
_PARTICLE = r"(?:de|da|das|do|dos|del|della|di|du|la|le|van|von|der|den|ten|bin|ibn|ben|abu|al|el)"
LATIN_RUN = re.compile(
    rf"(?<![\w'’-])(?:(?:al|el)-)?{_CAPWORD}(?:(?:{_SP}{_PARTICLE})*{_SP}(?:(?:al|el)-)?{_CAPWORD}){{0,4}}"
)
_CYR_CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
CYRILLIC_RUN = re.compile(
    rf"(?<![\w-])(?:[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?)?{_CYR_CAP}(?:{_SP}{_CYR_CAP}){{0,3}}"
)
CYRILLIC_INITIALS = re.compile(rf"(?<![\w])[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?{_CYR_CAP}")
ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")
KOREAN = re.compile(
    r"(?<![가-힣])([가-힣]{2,4})\s?(" + "|".join(sorted(KOREAN_AFTER, key=len, reverse=True)) + r")"
)
KOREAN_BEFORE = re.compile(
    r"(?:활동가|기자|변호사|학생|교사|교수|작가|인권운동가|운동가)\s([가-힣]{2,4})(?=[\s,.]|씨|은|는|이|가|의|을|를|$)"
)
_AGE_AFTER = re.compile(
    r"^\s*(?:,\s*(?:aged\s+|de\s+)?\d{1,2}(?:\s*(?:,|years|años|ans|anos|лет|yaşında))|\(\d{1,2}\))"
)
_SAID_AFTER = re.compile(
    r"^(?:,\s*(?:who|whose|quien|qui|que|который|которая|was|were|has|had)\b|"
    r"\s+(?:was|is|has|had|said|says|told|added|wrote|fue|es|ha|était|a\s+été|foi|"
    r"assassinated|arrested|detained|killed|murdered|abducted|kidnapped|released|"
    r"asesinado|asesinada|detenido|detenida|secuestrado|secuestrada|"
    r"tweeted|explained|stated|dijo|afirmó|declaró|explicó|señaló|aseguró|denunció|contó|"
    r"tweeted|explained|stated|dijo|afirmó|declaró|explicó|señaló|aseguró|denunció|contó|"
    r"a\s+déclaré|a\s+dit|affirme|explique|disse|afirmou|declarou|contou)\b)"
)
_ROLE_AFTER = re.compile(
    r"^\s*,\s*(?:(?:a|an|the|un|una|el|la|le|o|um|uma)\s+)?(?:[\w'’-]+\s+){0,2}?([\w'’-]+)"
)


def _role_after(after: str) -> bool:
    """A role in apposition after a name: ", a journalist", ", publisher of", ", la abogada"."""
    found = _ROLE_AFTER.match(after)
    return found is not None and fold(found.group(1)) in ROLES


_SAID_BEFORE = re.compile(
    r"(?i)(?:according\s+to|told|según|segun|selon|segundo|de\s+acuerdo\s+con)\s+$"
)
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[\s,]*$")


def find_unknown(
    text: str, public: NameIndex | None = None
) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each likely person name in ``text``."""
    yield from _latin(text, public)
    yield from _cyrillic(text, public)
    yield from _arabic(text, public)
    yield from _korean(text, public)


def _latin(text: str, public: NameIndex | None) -> Iterator[tuple[int, int, str, float]]:
    gazetteer = given_names()
    for match in LATIN_RUN.finditer(text):
        words = _words(match)
        # drop leading honorifics, roles and sentence words, remembering a cue when one is dropped
        cue = _role_before(text, match.start())
        while words and _is_lead(words[0][0]):
            head = fold(words[0][0])
            if head in HONORIFICS or head.rstrip(".") in HONORIFICS or head in ROLES:
                cue = cue or "role"
            elif head in PUBLIC_OFFICES:
                cue = cue or "office"
            words = words[1:]
        if any(fold(w) in ORG_WORDS for w, _, _ in words):
            continue  # "Nelson Mandela Square", "Partido Socialista", "Ligue des droits"
        while words and _is_trailing_junk(words[-1][0]):
            words = words[:-1]
        if not words:
            continue
        folded = [fold(w) for w, _, _ in words]
        if folded[0] in NOT_NAMES:
            continue
        if all(len(w.rstrip(".")) <= 1 for w in folded):
            continue
        start, end = words[0][1], words[-1][2]
        if not cue and _AGE_AFTER.match(text[end : end + 20]):
            cue = "age"
        if not cue and _role_after(text[end : end + 40]):
            cue = "role"
        if not cue and _SAID_AFTER.match(text[end : end + 30]) and len(words) >= 2:
            cue = "said"
        if not cue and _SAID_BEFORE.search(text[max(0, start - 20) : start]) and len(words) >= 2:
            cue = "said"
        names_given = sum(1 for w in folded if w in gazetteer)
        content = [w for w in folded if w not in PARTICLES]
        if " ".join(folded) in place_names():
            continue
        if public is not None and public.covers(content):
            continue
        if cue == "role" or cue == "age":
            if len(content) == 1 and (folded[0] in NOT_NAMES or words[0][0].isupper()):
                continue  # "QUETTA:" is a dateline, not a name
            yield start, end, f"person.cue-{cue}", 0.85 if len(content) > 1 else 0.7
        elif len(content) >= 2 and folded[0] in gazetteer:
            if _all_caps_heading(words):
                continue
            if cue == "office":
                yield start, end, "person.office", 0.4
            else:
                yield start, end, "person.gazetteer", 0.75 if cue == "said" else 0.65
        elif cue == "said" and len(content) >= 2 and not _all_caps_heading(words):
            yield start, end, "person.cue-said", 0.55
        elif cue == "office" and names_given and len(content) >= 1:
            yield start, end, "person.office", 0.35


def _words(match: re.Match[str]) -> list[tuple[str, int, int]]:
    return [
        (m.group(), match.start() + m.start(), match.start() + m.end())
        for m in re.finditer(r"[^\s]+", match.group())
    ]


def _is_lead(word: str) -> bool:
    head = fold(word)
    return (
        head in NOT_NAMES
        or head in HONORIFICS
        or head.rstrip(".") in HONORIFICS
        or head in ROLES
        or head in PUBLIC_OFFICES
    )


def _is_trailing_junk(word: str) -> bool:
    head = fold(word)
    return head in PARTICLES or head in NOT_NAMES


def _all_caps_heading(words: list[tuple[str, int, int]]) -> bool:
    return all(w.isupper() for w, _, _ in words)


def _role_before(text: str, start: int) -> str:
    """ "role" when a role or honorific word stands just before ``start`` ("activist", "Sra.")."""
    before = text[max(0, start - 40) : start]
    found = _WORD_BEFORE.search(before)
    if not found:
        return ""
    word = fold(found.group(1))
    word = re.sub(r"^(?:l|d|qu)['’]", "", word)  # French elision: "l'étudiante", "d'activiste"
    if word in ROLES or word in HONORIFICS or word.rstrip(".") in HONORIFICS:
        return "role"
    if word in PUBLIC_OFFICES:
        return "office"
    return ""


def _cyrillic(text: str, public: NameIndex | None) -> Iterator[tuple[int, int, str, float]]:
    for match in CYRILLIC_RUN.finditer(text):
        words = _words(match)
        cue = _role_before(text, match.start())
        while words and fold(words[0][0]) in ROLES | PUBLIC_OFFICES | HONORIFICS:
            cue = cue or ("office" if fold(words[0][0]) in PUBLIC_OFFICES else "role")
            words = words[1:]
        if not words:
            continue
        folded = [fold(w) for w, _, _ in words]
        start, end = words[0][1], words[-1][2]
        if public is not None and public.covers(folded):
            continue
        patronymic = any(w.endswith(PATRONYMIC_ENDINGS) for w in folded[1:])
        initials = "." in words[0][0]
        given = folded[0] in CYRILLIC_GIVEN
        if cue == "role":
            yield start, end, "person.cue-role", 0.85
        elif patronymic or initials:
            yield start, end, "person.cyrillic-form", 0.8
        elif given and len(words) >= 2:
            yield start, end, "person.gazetteer", 0.7
        elif cue == "office":
            yield start, end, "person.office", 0.35


def _arabic(text: str, public: NameIndex | None) -> Iterator[tuple[int, int, str, float]]:
    words = [(m.group(), m.start(), m.end()) for m in ARABIC_WORD.finditer(text)]
    i = 0
    while i < len(words):
        word = fold(words[i][0])
        bare = word[1:] if len(word) > 4 and word[0] in "وب" else word
        if bare in ROLES or bare in PUBLIC_OFFICES:
            kind = "office" if bare in PUBLIC_OFFICES else "role"
            taken = _arabic_name_after(text, words, i + 1)
            if taken == 1 and fold(words[i + 1][0]) not in ARABIC_GIVEN:
                taken = 0  # "المدون نشر": one word after a role is a verb as often as a name
            if taken:
                first, last = words[i + 1], words[i + taken]
                names = [fold(w) for w, _, _ in words[i + 1 : i + 1 + taken]]
                if not (public is not None and public.covers(names)):
                    score = 0.85 if kind == "role" else 0.35
                    yield (
                        first[1],
                        last[2],
                        f"person.{'cue-role' if kind == 'role' else 'office'}",
                        score,
                    )
                i += taken + 1
                continue
        elif bare in ARABIC_GIVEN or (bare == "عبد" and i + 1 < len(words)):
            taken = _arabic_name_after(text, words, i)
            if taken >= 2:
                names = [fold(w) for w, _, _ in words[i : i + taken]]
                if not (public is not None and public.covers(names)):
                    start = words[i][1] + (len(words[i][0]) - len(bare))
                    yield start, words[i + taken - 1][2], "person.gazetteer", 0.6
                i += taken
                continue
        i += 1


def _arabic_name_after(text: str, words: list[tuple[str, int, int]], i: int) -> int:
    """How many words from ``i`` make a name: up to four, up to punctuation or a function word."""
    taken = 0
    while i + taken < len(words) and taken < 4:
        word, start, _ = words[i + taken]
        folded = fold(word)
        stop = word in cues.ARABIC_STOP or (folded in ARABIC_STOP and folded != "علي")
        if stop or folded in ROLES or folded in PUBLIC_OFFICES:
            break
        if taken and text[words[i + taken - 1][2] : start].strip():
            break  # punctuation between words ends the name
        taken += 1
    return taken


def _korean(text: str, public: NameIndex | None) -> Iterator[tuple[int, int, str, float]]:
    for match in KOREAN.finditer(text):
        name = match.group(1)
        if not _korean_surname(name) or name in KOREAN_NOT_NAMES:
            continue
        if public is not None and public.covers([name]):
            continue
        yield match.start(1), match.end(1), "person.korean-title", 0.8
    for match in KOREAN_BEFORE.finditer(text):
        name = match.group(1)
        if (
            _korean_surname(name)
            and name not in KOREAN_NOT_NAMES
            and not (public is not None and public.covers([name]))
        ):
            yield match.start(1), match.end(1), "person.cue-role", 0.8


def _korean_surname(name: str) -> bool:
    if name[:2] in KOREAN_TWO_SYLLABLE_SURNAMES and len(name) >= 3:
        return True
    return name[0] in KOREAN_SURNAMES and 2 <= len(name) <= 4
