"""Names the registry already knows: private ones are findings, public ones never are.

Matching folds accents and case and ignores word order, so "María Pérez", "PEREZ, Maria" and
"Pérez María" all match the private name "María Pérez". Two or more of a name's words side by
side are a match (a middle name may be missing); a family name alone (4+ letters, capitalised in
the text) is a match at a lower score, because later mentions in news use it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations, pairwise

from civicspace.privacy.name_cues import PARTICLES
from civicspace.privacy.text import fold

UNSPACED_SCRIPT = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff]")
_ARABIC_PREFIX = re.compile(r"^[وبلف](?=[\u0600-\u06ff]{3})")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def name_words(name: str) -> tuple[str, ...]:
    """The folded words of a name, hyphens and apostrophes kept inside words, particles left out
    ("José de la Serna" is matched by "José Serna" and "Serna", never by "José de")."""
    words = tuple(fold(m.group()) for m in WORD.finditer(name))
    kept = tuple(w for w in words if w not in PARTICLES)
    return kept or words


@dataclass(frozen=True)
class NameIndex:
    """Word-set keys of a list of names, for matching windows of text in any order."""

    full: dict[frozenset[str], str]
    single: dict[str, str]
    sizes: frozenset[int]
    unspaced: tuple[str, ...] = ()  # Korean, Chinese, Japanese names: matched inside words
    vocabulary: frozenset[str] = frozenset()  # every word of every key, to skip other words fast

    @classmethod
    def build(cls, names: Iterable[str], *, singles: bool = True) -> NameIndex:
        full: dict[frozenset[str], str] = {}
        single: dict[str, str] = {}
        unspaced: list[str] = []
        for name in names:
            words = name_words(name)
            if not words:
                continue
            if UNSPACED_SCRIPT.search(name):
                unspaced.append("".join(words))
                unspaced.extend(w for w in words if len(w) >= 2)
            full.setdefault(frozenset(words), name)
            for size in range(2, len(words)):
                for subset in combinations(words, size):
                    full.setdefault(frozenset(subset), name)
            if singles:
                for word in words[1:] if len(words) > 1 else words:
                    if len(word) >= 4:
                        single.setdefault(word, name)
        sizes = frozenset(len(k) for k in full)
        ordered = tuple(sorted(set(unspaced), key=len, reverse=True))
        vocabulary = frozenset(w for key in full for w in key)
        return cls(full, single, sizes, ordered, vocabulary)

    def covers(self, words: Iterable[str]) -> bool:
        """Whether these words are all part of one listed name."""
        wanted = frozenset(fold(w) for w in words)
        if not wanted:
            return False
        if wanted in self.full:
            return True
        return any(wanted <= key for key in self.full)


def find_known(text: str, index: NameIndex) -> Iterator[tuple[int, int, str, float]]:
    """Yield ``(start, end, detector, confidence)`` for each listed name in ``text``."""
    if not index.full and not index.unspaced:
        return
    folded_text = fold(text)
    words = list(WORD.finditer(text))
    folded = [folded_text[m.start() : m.end()] for m in words]
    vocabulary = index.vocabulary
    relevant = [w in vocabulary or (len(w) > 3 and w[1:] in vocabulary) for w in folded]
    taken = [False] * len(words)
    for size in sorted(index.sizes, reverse=True):
        for i in range(len(words) - size + 1):
            if not relevant[i] or any(taken[i : i + size]) or not all(relevant[i : i + size]):
                continue
            if not _adjacent(text, words[i : i + size]):
                continue
            window = folded[i : i + size]
            key = frozenset(window)
            if key not in index.full and _ARABIC_PREFIX.match(window[0]):
                key = frozenset([window[0][1:], *window[1:]])
            if key in index.full and len(set(window)) == size:
                for j in range(i, i + size):
                    taken[j] = True
                yield words[i].start(), words[i + size - 1].end(), "person.known-private", 0.97
    lowercase = {w for w, m in zip(folded, words, strict=True) if m.group().islower()}
    for i, match in enumerate(words):
        if taken[i] or folded[i] not in index.single:
            continue
        if folded[i] in lowercase and not _caseless(match.group()):
            continue  # also written lower-case in this text: a common word ("Rosa", "rosa")
        if (
            match.group()[:1].isupper()
            or not match.group()[:1].isalpha()
            or _caseless(match.group())
        ):
            yield match.start(), match.end(), "person.known-private-part", 0.8
    if index.unspaced:
        seen: list[tuple[int, int]] = []
        for name in index.unspaced:
            for found in re.finditer(re.escape(name), folded_text):
                span = found.span()
                if not any(a <= span[0] and span[1] <= b for a, b in seen):
                    seen.append(span)
                    yield span[0], span[1], "person.known-private", 0.95


def _adjacent(text: str, window: list[re.Match[str]]) -> bool:
    """Words of one name: only spaces, a comma (``Pérez, María``) or a dot between them."""
    for left, right in pairwise(window):
        gap = text[left.end() : right.start()]
        if len(gap) > 3 or gap.strip(" ,.\u00a0") != "":
            return False
    return True


def _caseless(word: str) -> bool:
    """A word in a script without case (Arabic, Korean …)."""
    return word.lower() == word.upper()
