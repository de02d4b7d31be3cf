"""Multilingual cue lexicons: find codebook cues in text, fast, in any supported language.

The lexicons live in ``lexicons/<lang>.yaml`` (syntax in ``en.yaml``). Each language gets one
Aho-Corasick automaton; a cue with an inner ``*`` is found by its literal prefix and confirmed
with a regular expression. Hits become language-independent model features
(``violations:arrest_detention`` fires the same way for "arrested", "detenido" and "체포"), which
is how the coder carries what it learned from English to languages it has no training data for.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import ahocorasick
import yaml

from civicspace.errors import InvalidInput

KINDS = ("violations", "targets", "perpetrators", "freedoms", "context")
LANGUAGES = ("en", "es", "fr", "pt", "ar", "ru", "tr", "ko")
LATIN = ("en", "es", "fr", "pt", "tr")
UNDETERMINED = "und"
COUNTED = "stopwords"  # function words: they vote for the language, and are no cue
# Spanish narratives, third pass (colombia-three): cue lists that are a rule's input only, neither
# a model feature nor a language vote. ``accident``: a death told as an accident or an illness
# ("murió en un accidente de tránsito"), which the cue-pair rule does not keep (label_rules).
RULE_ONLY_ES = ("accident",)


@dataclass(frozen=True)
class Cue:
    kind: str
    label: str
    lang: str
    text: str
    weak: bool
    left_free: bool
    right_free: bool
    pattern: re.Pattern[str] | None  # for cues with an inner "*"
    # ``kind:label``, and (language, key): what :func:`_dedupe` groups by; computed once
    key: str = field(init=False, repr=False, compare=False)
    group: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = f"{self.kind}:{self.label}"
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "group", (self.lang, key))

    @property
    def plain(self) -> bool:
        """Bounded by a non-word character on both sides, with no inner ``*``."""
        return not self.left_free and not self.right_free and self.pattern is None


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    cue: Cue

    @property
    def key(self) -> str:
        return self.cue.key


def lower_preserving(text: str) -> str:
    """``str.lower`` that keeps every offset (``"İ".lower()`` has two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[:1] or c for c in text)


def _parse_cue(raw: str, kind: str, label: str, lang: str, free: bool) -> tuple[str, Cue]:
    text = raw.strip()
    weak = text.startswith("?")
    text = text.lstrip("?").lower()
    left_free = free or text.startswith("*")
    right_free = free or text.endswith("*")
    core = text.strip("*")
    if not core:
        raise InvalidInput(f"empty cue in lexicon {lang}: {raw!r}")
    pattern = None
    if "*" in core:
        literal, _, _ = core.partition("*")
        parts = [re.escape(p) for p in core.split("*")]
        pattern = re.compile(r"\w*".join(parts))
        key = literal
    else:
        key = core
    cue = Cue(kind, label, lang, core, weak, left_free, right_free, pattern)
    return key, cue


class Lexicon:
    """The cues of one language, compiled into an Aho-Corasick automaton."""

    def __init__(self, lang: str, cues: list[tuple[str, Cue]]) -> None:
        self.lang = lang
        self.cues = [c for _, c in cues]
        table: dict[str, list[Cue]] = {}
        for key, cue in cues:
            table.setdefault(key, []).append(cue)
        self._automaton = ahocorasick.Automaton()
        for key, group in table.items():
            # per key: whether every cue needs a word boundary on its left (most matches, of
            # short function words inside longer words, end there), and whether every cue is
            # plain (one boundary check on each side for the whole group); and, for a plain
            # key, its function words apart (their languages): :meth:`scan` only counts them
            bounded = not any(c.left_free for c in group)
            plain = all(c.plain for c in group)
            counted = tuple(c.lang for c in group if plain and c.kind == COUNTED)
            rest = tuple(c for c in group if not (plain and c.kind == COUNTED))
            self._automaton.add_word(key, (len(key), tuple(group), rest, counted, bounded, plain))
        self._automaton.make_automaton()

    def find(self, low: str) -> list[Hit]:
        """Every cue in ``low`` (already lower-cased with :func:`lower_preserving`)."""
        return self._match(low, count=False)[0]

    def scan(self, low: str) -> tuple[list[Hit], Counter[str]]:
        """:meth:`find` with the plain function words counted per language instead of made
        hits: they are most matches, and their number is all the language vote reads. Exact:
        function words are single words, so no two of one language overlap (:func:`_dedupe`)."""
        return self._match(low, count=True)

    def _match(self, low: str, count: bool) -> tuple[list[Hit], Counter[str]]:
        hits: list[Hit] = []
        per_key: dict[tuple[str, ...], int] = {}  # the counted matches, by their languages
        append = hits.append
        n = len(low)
        for end_idx, (klen, group, rest, langs, bounded, plain) in self._automaton.iter(low):
            start = end_idx - klen + 1
            if bounded and start > 0 and low[start - 1].isalnum():
                continue  # no cue of this key may start inside a word
            if plain:
                end = end_idx + 1
                if end < n and low[end].isalnum():
                    continue
                if count and langs:
                    per_key[langs] = per_key.get(langs, 0) + 1
                    group = rest
                for cue in group:
                    append(Hit(start, end, cue))
                continue
            for cue in group:
                if not cue.left_free and start > 0 and low[start - 1].isalnum():
                    continue
                end = end_idx + 1
                if cue.pattern is not None:
                    m = cue.pattern.match(low, start)
                    if m is None:
                        continue
                    end = m.end()
                if not cue.right_free and end < n and low[end].isalnum():
                    continue
                if cue.right_free:
                    while end < n and low[end].isalnum():
                        end += 1
                append(Hit(start, end, cue))
        counted: Counter[str] = Counter()
        for langs, times in per_key.items():
            for lang in langs:
                counted[lang] += times
        return _dedupe(hits), counted


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One hit per label and span: overlapping hits of one label collapse to the strongest."""
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.cue.group, h.start, h.cue.weak, -h.end))
    kept: list[Hit] = []
    for h in hits:
        last = kept[-1] if kept else None
        if last is not None and last.cue.group == h.cue.group and h.start < last.end:
            if last.cue.weak and not h.cue.weak:
                kept[-1] = h
            continue
        kept.append(h)
    kept.sort(key=lambda h: h.start)
    return kept


def _load_language(lang: str) -> list[tuple[str, Cue]]:
    path = resources.files("civicspace.classify").joinpath("lexicons").joinpath(f"{lang}.yaml")
    data = yaml.safe_load(path.read_text("utf-8"))
    free = bool(data.get("free_edges", False))
    cues: list[tuple[str, Cue]] = []
    for kind in KINDS:
        for label, items in (data.get(kind) or {}).items():
            for raw in items:
                cues.append(_parse_cue(str(raw), kind, str(label), lang, free))
    for kind in ("gendered", "female", "stopwords", *RULE_ONLY_ES):
        for raw in data.get(kind) or []:
            cues.append(_parse_cue(str(raw), kind, kind, lang, free))
    return cues


class MultiLexicon:
    """All languages in one automaton: one pass finds the cues and votes for the language."""

    def __init__(self, languages: tuple[str, ...] = LANGUAGES) -> None:
        self.languages = languages
        self.lexicon = Lexicon("*", [c for lang in languages for c in _load_language(lang)])

    def find(self, low: str, lang: str | None = None) -> tuple[str, list[Hit]]:
        """(language, hits of that language). ``lang`` forces the language when supported;
        otherwise the language whose cues and function words occur most wins (English on a tie).
        """
        hits, function_words = self.lexicon.scan(low)
        if lang not in self.languages:
            votes: Counter[str] = Counter(function_words)
            for h in hits:
                if h.cue.kind == "female" or h.cue.kind in RULE_ONLY_ES:
                    continue  # a rule's input only: the language vote stays as it was
                votes[h.cue.lang] += 1
                if h.cue.kind == COUNTED:
                    function_words[h.cue.lang] += 1  # those of free-edged languages
            lang = "en"
            if votes:
                best = max(votes.values())
                if votes["en"] < best:
                    lang = next(k for k in self.languages if votes[k] == best)
            if lang in LATIN and function_words[lang] < 2 + len(low) // 300:
                # too few function words to trust the vote: keep the cues, call it undetermined
                kept = [h for h in hits if h.cue.lang == lang and h.cue.kind != COUNTED]
                return UNDETERMINED, kept
        kept = [h for h in hits if h.cue.lang == lang and h.cue.kind != COUNTED]
        return lang, kept

    @property
    def cues(self) -> list[Cue]:
        return self.lexicon.cues


@lru_cache(maxsize=1)
def lexicon_bytes() -> bytes:
    """Every lexicon file's name and bytes, in a fixed order: what the cues are built from."""
    folder = resources.files("civicspace.classify").joinpath("lexicons")
    parts = []
    for lang in sorted(LANGUAGES):
        parts.append(f"{lang}.yaml\0".encode())
        parts.append(folder.joinpath(f"{lang}.yaml").read_bytes())
    return b"\0".join(parts)


@lru_cache(maxsize=1)
def multilexicon() -> MultiLexicon:
    """The compiled lexicon of every supported language."""
    return MultiLexicon()


_PAIRED = ("targets", "perpetrators", "context")
# Cue kinds that are no model feature: function words vote for the language, female cues feed
# the derived WHRD rule (``derived_keys``) only.
_RULE_ONLY = ("stopwords", "female", *RULE_ONLY_ES)
_SENTENCE_END = re.compile(r"[.!?。\n]+")


def feature_names() -> list[str]:
    """Names of the language-independent cue features, in a fixed order."""
    keys = {(c.kind, c.label) for c in multilexicon().cues if c.kind not in _RULE_ONLY}
    ordered = sorted(f"{k}:{lab}" for k, lab in keys)
    violations = sorted(lab for k, lab in keys if k == "violations")
    others = sorted(f"{k}:{lab}" for k, lab in keys if k in _PAIRED)
    pairs = [f"pair:violations:{v}|{o}" for v in violations for o in others]
    return [f"cue:{n}" for n in ordered] + [f"strong:{n}" for n in ordered + pairs]


# A closing line this short, after at least one line before it, is a caption of the whole text
# ("Presidente de la Junta de Acción Comunal de la vereda La Unión" under a narrative of the
# killing): its target cues pair with a violation anywhere above it.
CAPTION_CHARS = 200


def caption_start(low: str) -> int | None:
    """Where the closing caption line of ``low`` starts, or None when it has none."""
    body = low.rstrip()
    cut = body.rfind("\n")
    if cut <= 0 or len(body) - cut - 1 > CAPTION_CHARS or not body[:cut].strip():
        return None
    return cut + 1


def _unit_pairs(
    hits: list[Hit], bounds: list[int], others_of: tuple[str, ...], closing: int | None
) -> set[tuple[str, str]]:
    """(violation key, other key) for a strong violation cue and a strong cue of one of
    ``others_of`` told in one unit of the text (a unit ends at each offset of ``bounds``: a
    sentence, a line), and for every violation with a strong target cue from ``closing`` on (a
    closing line that names the victim for the whole text)."""
    acts: dict[int, set[str]] = {}
    others: dict[int, set[str]] = {}
    closing_targets: set[str] = set()
    for h in hits:
        if h.cue.weak:
            continue
        unit = bisect.bisect_right(bounds, h.start)
        if h.cue.kind == "violations":
            acts.setdefault(unit, set()).add(h.key)
        elif h.cue.kind in others_of:
            others.setdefault(unit, set()).add(h.key)
            if closing is not None and h.start >= closing and h.cue.kind == "targets":
                closing_targets.add(h.key)
    return {
        (a, o)
        for unit, found in acts.items()
        for a in found
        for o in others.get(unit, set()) | closing_targets
    }


def pair_keys(low: str, hits: list[Hit], captions: bool = False) -> set[str]:
    """``pair:violations:X|targets:Y`` (and perpetrators, context) for strong cues of a
    violation and of a target, perpetrator or context in one sentence: the codebook's
    definition of an incident is such a conjunction, which a linear model cannot form alone.
    With ``captions``, a target named in a closing caption line (:func:`caption_start`) pairs
    with every violation of the text."""
    ends = [m.end() for m in _SENTENCE_END.finditer(low)]
    caption = caption_start(low) if captions else None
    return {f"pair:{a}|{o}" for a, o in _unit_pairs(hits, ends, _PAIRED, caption)}


def near_pair_keys(low: str, hits: list[Hit]) -> set[str]:
    """``near:violations:X|targets:Y`` for a strong violation and a strong target cue of the whole
    text ``low`` told in one paragraph (a line), in any of its sentences, or the target in the
    closing line of any length, after at least one line before it (colombia-five: a Colombian
    narrative tells the killing in one sentence and the victim's role in another, or in a long
    role line under it: "Miembro del Sindicato ... Militaban en el partido ..."). A rule's input,
    not a model feature."""
    body = low.rstrip()
    breaks = [m.start() for m in re.finditer("\n", body)]
    last = breaks[-1] + 1 if breaks and body[: breaks[-1]].strip() else None
    return {f"near:{a}|{t}" for a, t in _unit_pairs(hits, breaks, ("targets",), last)}


# Civic roles a woman can hold that make her a woman human rights defender (codebook: `whrd`).
_CIVIC_ROLES = frozenset(
    {
        "targets:hrd",
        "targets:whrd",
        "targets:journalists",
        "targets:lawyers",
        "targets:trade_unionists",
        "targets:environmental_defenders",
    }
)


def derived_keys(low: str, hits: list[Hit], captions: bool = False) -> set[str]:
    """Labels derived from two cues in one sentence: ``targets:whrd`` where a female cue
    ("she", "women", "la activista", "asesinada") and a strong civic-role target cue (defender,
    journalist, lawyer, unionist; a woman protester alone is not one) share a sentence. The
    codebook defines a WHRD as a woman who is a defender or activist; no single cue says both.
    With ``captions`` (the cue-only languages, colombia-three), a civic role in the closing
    caption line (:func:`caption_start`) pairs with a female cue that tells what was done to the
    victim (a feminine participle, :data:`VICTIM_FEMALE_ENDINGS`) anywhere above it ("fue
    asesinada de tres tiros" over "Líder de la vereda"), as :func:`pair_keys` pairs its acts;
    "delante de su mujer" names someone else."""
    ends = [m.end() for m in _SENTENCE_END.finditer(low)]
    caption = caption_start(low) if captions else None
    female: set[int] = set()
    roles: set[int] = set()
    victim = captioned = False
    for h in hits:
        sentence = bisect.bisect_right(ends, h.start)
        if h.cue.kind == "female":
            female.add(sentence)
            victim = victim or h.cue.text.endswith(VICTIM_FEMALE_ENDINGS)
        elif not h.cue.weak and h.key in _CIVIC_ROLES:
            roles.add(sentence)
            captioned = captioned or (caption is not None and h.start >= caption)
    return {"targets:whrd"} if female & roles or (victim and captioned) else set()


# Spanish narratives (colombia-three): the female cues that say what was done to the victim
# herself ("asesinada", "fue hallada", "desaparecida"), not who else was there ("su mujer").
VICTIM_FEMALE_ENDINGS = ("ada", "ida")


def count_hits(hits: list[Hit]) -> tuple[Counter[str], Counter[str]]:
    """(all hits, strong hits) per ``kind:label``."""
    every: Counter[str] = Counter()
    strong: Counter[str] = Counter()
    for h in hits:
        every[h.key] += 1
        if not h.cue.weak:
            strong[h.key] += 1
    return every, strong
