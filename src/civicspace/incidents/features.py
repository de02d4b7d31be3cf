"""What clustering compares: country, day, a weighted bag of words, names, place and outlet.

Everything here is a pure function of one document and its coding, with no corpus statistics,
so a document's features are the same in every run and clustering stays incremental:

* **words**: title and lead (the first ``LEAD_CHARS`` of the text), folded to ASCII with
  ``unicodedata`` (accents off, case folded), stopwords of the languages we report in dropped,
  each word cut to its first ``STEM`` letters (a crude stemmer that works across English,
  Spanish, French and Portuguese inflections); title words count twice, words that start with a
  capital inside a sentence (names) count half again; weights are ``1 + log(tf)``, L2-normalised.
* **names**: capitalised word sequences that do not open a sentence, plus the persons the coder
  named, as folded strings: two reports that share a rare name are most often about one event.
* **outlet**: the publisher's registrable host (``bbc.co.uk``), for corroboration.
* **sentence**: for reports in different languages only, the multilingual sentence vector of the
  title and lead (``civicspace.textvec.multilingual``), computed on first use and kept on the
  features (``sentence_vector``): words and names rarely cross a language, meaning does.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from numpy.typing import NDArray

from civicspace.textvec import multilingual

LEAD_CHARS = 1200
STEM = 6
TITLE_WEIGHT = 2.0
NAME_BOOST = 1.5
# the lead's first characters embedded for cross-language comparison (chosen on the tune part of
# the multilingual gold set, docs/incidents.md; shorter is also cheaper)
SENTENCE_CHARS = 600

_STOP_WORDS = """
    a about after again against all also am an and any are as at be because been before being
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our out over own same she should so some such
    than that the their them then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your says said say
    new one two first last year years day days week time people could may might must shall
    mr mrs ms dr also us uk live video pictures watch latest news update updates report reports
    el la los las lo un una unos unas de del al y e o u ni que en por para con sin sobre entre
    se su sus es son ha han fue ser este esta estos estas ese esa eso como mas pero ya le les
    muy tras hasta desde hace cuando donde quien tambien todo todos toda todas porque otro otra
    le du des et ou dans pour pas par sur avec est sont qui ce cette ces au aux il elle ils
    o os as da das do dos no nos na nas em um uma para com nao por mais foi sao
    """
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CAPITAL_RUN = re.compile(r"\b[A-ZÁÉÍÓÚÑÇÀÂÊÔÃÕÜ][\w'’\-]+(?:\s+[A-ZÁÉÍÓÚÑÇÀÂÊÔÃÕÜ][\w'’\-]+)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”‘'|\-–—]\s*)$")
_TAGS = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """Accents off and case folded: ``"PÉREZ"`` → ``"perez"`` (no third-party transliteration)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """Folded, stemmed content words of ``text``."""
    out = []
    for m in _WORD.finditer(fold(text)):
        # "l'homme" → "homme", "australia's" → "australia": the longer side of an apostrophe
        w = max(m.group(0).replace("’", "'").split("'"), key=len)
        if len(w) < 2 or w in _STOP:
            continue
        out.append(w[:STEM])
    return out


def names_in(text: str) -> set[str]:
    """Folded capitalised words that do not open a sentence: mostly people, places, groups."""
    found: set[str] = set()
    for line in text.splitlines():
        for m in _CAPITAL_RUN.finditer(line):
            run = m.group(0).split()
            if _SENTENCE_END.search(line[max(0, m.start() - 3) : m.start()]):
                run = run[1:]  # the first word may be capitalised only because it opens
            for w in words(" ".join(run)):
                found.add(w)
    return found


def outlet_of(url: str | None) -> str | None:
    """The registrable part of a URL's host: ``https://www.bbc.co.uk/x`` → ``bbc.co.uk``."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return None
    labels = host.split(".")
    second_level = {"co", "com", "org", "net", "gov", "ac", "edu", "gob", "nic"}
    if len(labels) >= 3 and labels[-2] in second_level and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@dataclass
class DocFeatures:
    """One coded document as clustering sees it, with what the incident's fields come from."""

    document_id: int
    country: str | None
    day: int  # date.toordinal() of the event date, else of the publication date
    vector: dict[str, float]
    names: frozenset[str]
    place: str | None = None
    outlet: str | None = None
    place_name: str | None = None  # as the coder wrote it
    # carried for the incident's fields (not compared)
    coding_id: int | None = None
    score: float = 0.0
    title: str | None = None
    lead: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    labels: dict[str, list[dict[str, float | str]]] = field(default_factory=dict)
    gendered: bool = False
    persons: list[dict[str, str]] = field(default_factory=list)
    evidence_quote: str | None = None
    # the multilingual sentence vector, filled on first use by sentence_vector (not compared)
    sentence: Any = field(default=None, repr=False, compare=False)


def vectorise(title: str | None, lead: str | None) -> dict[str, float]:
    """The L2-normalised weighted bag of stemmed words of a title and lead."""
    counts: dict[str, float] = {}
    for text, weight in ((title or "", TITLE_WEIGHT), (lead or "", 1.0)):
        if not text:
            continue
        boosted = names_in(text)
        for w in words(text):
            counts[w] = counts.get(w, 0.0) + (weight * NAME_BOOST if w in boosted else weight)
    vec = {w: 1.0 + math.log(c) if c >= 1 else c for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def clean_lead(text: str | None) -> str:
    """The lead of a text: tags off, whitespace collapsed, cut at ``LEAD_CHARS``."""
    if not text:
        return ""
    plain = _TAGS.sub(" ", text[: LEAD_CHARS * 2])
    return " ".join(plain.split())[:LEAD_CHARS]


def document_features(
    document_id: int,
    *,
    title: str | None,
    text: str | None,
    country: str | None,
    day: date,
    url: str | None = None,
    place: str | None = None,
    persons: list[dict[str, str]] | None = None,
    **carried: object,
) -> DocFeatures:
    """Features of one coded document; ``carried`` fills the non-compared fields."""
    lead = clean_lead(text)
    person_names = {w for p in persons or () for w in words(p.get("name", ""))}
    names = names_in(title or "") | names_in(lead) | person_names
    return DocFeatures(
        document_id=document_id,
        country=(country or None) and country.upper(),
        day=day.toordinal(),
        vector=vectorise(title, lead),
        names=frozenset(names),
        place=fold(place) if place else None,
        place_name=place or None,
        outlet=outlet_of(url),
        title=title,
        lead=lead,
        url=url,
        persons=list(persons or ()),
        **carried,  # type: ignore[arg-type]
    )


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def name_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared names over the smaller set (0 when either has none)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def primary_language(code: str | None) -> str | None:
    """``"es-AR"`` → ``"es"``; None for an unknown language."""
    if not code:
        return None
    return code.replace("_", "-").split("-")[0].casefold() or None


@lru_cache(maxsize=1)
def sentences_available() -> bool:
    """Whether the multilingual sentence model is installed (asked once per process)."""
    return multilingual.available()


def sentence_vector(doc: DocFeatures) -> NDArray[np.float32] | None:
    """The unit multilingual sentence vector of a report's title and the first
    ``SENTENCE_CHARS`` of its lead, computed once and kept on ``doc``; None when the model is
    not installed (then nothing crosses languages)."""
    if doc.sentence is None:
        if not sentences_available():
            return None
        text = ". ".join(x for x in (doc.title or "", (doc.lead or "")[:SENTENCE_CHARS]) if x)
        doc.sentence = multilingual.embed([text])[0]
    vec: NDArray[np.float32] = doc.sentence
    return vec
