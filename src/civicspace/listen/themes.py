"""The theme finder: contributions → claims → clusters → themes with key points and quotes.

Answers to the same question are grouped together and clustered apart from other questions.
A question whose claims are in several languages is clustered on multilingual sentence vectors
(``listen.vectors.theme_vectors``), so that a German claim and an English one saying the same
can share a theme (named, where it can be, by a claim in the question's most common language);
a question in one language takes the cheaper WordLlama path.
Each theme is named by its most central claim (an extractive key point: real text, never
invented) unless a namer (``listen.namer``: a language model) proposes a short statement
that passes its checks; quotes are the most central claims of distinct contributions (verbatim,
with the contribution id and character offsets), and a contribution belongs to every theme one
of its claims falls in, and to no other. Clusters with fewer supporting contributions than
``min_support`` are not themes: their contributions are reported as unassigned.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from civicspace.listen.claims import split_claims
from civicspace.listen.cluster import centrality, choose_k, kmeans_labels
from civicspace.listen.embed import Embedder, get_embedder
from civicspace.listen.language import language_of
from civicspace.listen.namer import NameRequest, ThemeNamer
from civicspace.listen.records import Claim, Contribution, Quote, Theme
from civicspace.listen.vectors import VectorKind, label_preference, theme_vectors

LABEL_SOFT_MAX = 160  # characters; longer claims make poor theme names


@dataclass(frozen=True)
class ThemeOptions:
    max_themes: int = 12
    max_subthemes: int = 4
    min_support: int = 2
    quotes: int = 3
    subtheme_min_items: int = 8
    languages: bool = True  # guess the language of contributions given without one
    char_weight: float = 1.0  # weight of character n-grams beside WordLlama (``listen.vectors``)
    multilingual: bool = True  # multilingual vectors for a question in several languages
    refine: bool = False  # let the trained matcher decide membership (``listen.refine``)
    match_threshold: float = 0.5


@dataclass
class ThemeReport:
    themes: list[Theme]
    unassigned: list[str] = field(default_factory=list)
    # which vectors clustered each question's claims, in question order (``listen.vectors``)
    vectors: list[VectorKind] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "themes": [t.as_dict() for t in self.themes],
            "unassigned": self.unassigned,
            "vectors": [str(v) for v in self.vectors],
        }


def label_index(
    texts: Sequence[str],
    central: NDArray[np.float32],
    preferred: NDArray[np.bool_] | None = None,
) -> int:
    """Which claim names a theme: the most central, claims over ``LABEL_SOFT_MAX`` characters
    penalised; only among the ``preferred`` ones (in the group's main language, where the
    group is in several) when the theme has any."""
    long = np.array([max(0, len(t) - LABEL_SOFT_MAX) / LABEL_SOFT_MAX for t in texts])
    score = central - 0.1 * long
    if preferred is not None and preferred.any():
        score = np.where(preferred, score, -np.inf)
    return int(np.argmax(score))


def _build(
    theme_id: str,
    claims: list[Claim],
    vectors: NDArray[np.float32],
    by_id: dict[str, Contribution],
    question: str | None,
    opts: ThemeOptions,
    langs: dict[str, str | None],
    preferred: NDArray[np.bool_],
) -> Theme:
    central = centrality(vectors)
    by_centrality = np.argsort(-central, kind="stable")
    label_claim = claims[label_index([c.text for c in claims], central, preferred)]
    quotes: list[Quote] = []
    seen: set[str] = set()
    for i in by_centrality:
        c = claims[int(i)]
        if c.contribution_id not in seen:
            seen.add(c.contribution_id)
            quotes.append(Quote.of(c))
        if len(quotes) >= opts.quotes:
            break
    items = list(dict.fromkeys(c.contribution_id for c in claims))  # claims are in input order
    countries = Counter(country for i in items if (country := by_id[i].country))
    languages = Counter(lang for i in items if (lang := langs.get(i)))
    return Theme(
        id=theme_id,
        label=label_claim.text,
        label_quote=Quote.of(label_claim),
        items=items,
        quotes=quotes,
        question=question,
        countries=dict(countries.most_common()),
        languages=dict(languages.most_common()),
        claims=[Quote.of(c) for c in claims],
        central=[claims[int(i)].text for i in by_centrality],
    )


def _cluster_group(
    prefix: str,
    claims: list[Claim],
    vectors: NDArray[np.float32],
    by_id: dict[str, Contribution],
    question: str | None,
    opts: ThemeOptions,
    max_clusters: int,
    langs: dict[str, str | None],
    preferred: NDArray[np.bool_],
) -> list[tuple[Theme, NDArray[np.int_]]]:
    """Themes of one set of claims, each with the indices of its claims (``preferred``: the
    claims a label may come from first, ``label_index``)."""
    labels = kmeans_labels(vectors, choose_k(len(claims), max_clusters))
    if opts.refine:
        labels = _refined(claims, vectors, labels, question, opts)
    themes: list[tuple[Theme, NDArray[np.int_]]] = []
    for c in range(int(labels.max()) + 1 if len(labels) else 0):
        idx = np.flatnonzero(labels == c)
        members = [claims[i] for i in idx]
        if len({m.contribution_id for m in members}) < opts.min_support:
            continue
        theme = _build(
            f"{prefix}{len(themes) + 1}",
            members,
            vectors[idx],
            by_id,
            question,
            opts,
            langs,
            preferred[idx],
        )
        themes.append((theme, idx))
    return themes


def _refined(
    claims: list[Claim],
    vectors: NDArray[np.float32],
    labels: NDArray[np.int_],
    question: str | None,
    opts: ThemeOptions,
) -> NDArray[np.int_]:
    from civicspace.listen.refine import matcher_labels

    candidates = []
    for c in range(int(labels.max()) + 1 if len(labels) else 0):
        idx = np.flatnonzero(labels == c)
        best = label_index([claims[i].text for i in idx], centrality(vectors[idx]))
        candidates.append(int(idx[best]))
    return matcher_labels(claims, candidates, question or "", opts.match_threshold)


def name_themes(themes: Sequence[Theme], namer: ThemeNamer) -> None:
    """Let ``namer`` restate each theme and sub-theme; a rejected statement keeps the claim."""
    for theme in themes:
        naming = namer.name(NameRequest(theme.question, theme.central, theme.label))
        theme.label, theme.label_by = naming.label, naming.by
        name_themes(theme.subthemes, namer)


def find_themes(
    contributions: Sequence[Contribution],
    opts: ThemeOptions | None = None,
    emb: Embedder | None = None,
    namer: ThemeNamer | None = None,
) -> ThemeReport:
    """Themes and sub-themes of ``contributions``, one clustering per question; ``namer``
    (None: the claims name them) may restate each theme."""
    opts = opts or ThemeOptions()
    emb = emb or get_embedder()
    by_id = {c.id: c for c in contributions}
    langs = {c.id: language_of(c) for c in contributions} if opts.languages else {}
    groups: dict[str | None, list[Contribution]] = defaultdict(list)
    for c in contributions:
        groups[c.question].append(c)
    themes: list[Theme] = []
    kinds: list[VectorKind] = []
    for q_index, (question, members) in enumerate(groups.items(), start=1):
        claims = [claim for c in members for claim in split_claims(c)]
        if not claims:
            continue
        claim_langs = [
            langs.get(c.contribution_id) or by_id[c.contribution_id].lang for c in claims
        ]
        vectors, kind = theme_vectors(
            emb, [c.text for c in claims], claim_langs, opts.char_weight, opts.multilingual
        )
        kinds.append(kind)
        preferred = label_preference(claim_langs, kind)
        prefix = f"q{q_index}-t" if len(groups) > 1 else "t"
        found = _cluster_group(
            prefix, claims, vectors, by_id, question, opts, opts.max_themes, langs, preferred
        )
        for theme, idx in found:
            if len(theme.items) >= opts.subtheme_min_items:
                subs = _cluster_group(
                    f"{theme.id}.",
                    [claims[i] for i in idx],
                    vectors[idx],
                    by_id,
                    question,
                    opts,
                    opts.max_subthemes,
                    langs,
                    preferred[idx],
                )
                theme.subthemes = [t for t, _ in subs] if len(subs) >= 2 else []
            themes.append(theme)
    if namer is not None:
        name_themes(themes, namer)
    covered = {i for t in themes for i in t.items}
    return ThemeReport(themes, [c.id for c in contributions if c.id not in covered], kinds)
