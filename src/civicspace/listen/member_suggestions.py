"""Members working on the same thing: suggestions from issues, country and what they wrote.

For a member, every other active member they may see is scored on what is visible to them
(a hidden field never counts, so a suggestion never reveals it):

    score = 0.5 × Jaccard(issues) + 0.3 × cosine(TF-IDF of what they wrote)
          + 0.15 × (same country) + 0.05 × (a language in common)

A candidate needs something in common in issues or words (a country alone is not "the same
thing"). Each suggestion says why: the shared issues, the country, the languages, and the words
that weigh most in the similarity of the two texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.listen.members import level_of, listed, profile_of, view
from civicspace.store.members import Member

W_ISSUES = 0.5
W_TEXT = 0.3
W_COUNTRY = 0.15
W_LANGUAGE = 0.05
MIN_TEXT = 0.05  # a cosine below this is no common ground
WORDS = r"(?u)\b\w\w\w+\b"  # words of three letters or more


@dataclass(frozen=True)
class Suggestion:
    member: dict[str, Any]  # the candidate as the member may see them
    score: float
    shared_issues: list[str]
    same_country: str | None
    shared_languages: list[str]
    shared_words: list[str]


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _text_similarity(texts: list[str]) -> tuple[np.ndarray, list[np.ndarray], list[str]]:
    """Cosine of the first text with each other one, the TF-IDF rows and the vocabulary."""
    if not texts[0].strip() or not any(t.strip() for t in texts[1:]):
        return np.zeros(len(texts) - 1), [], []
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", token_pattern=WORDS)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return np.zeros(len(texts) - 1), [], []
    dense = matrix.toarray()  # rows are L2-normalised
    cosines = dense[1:] @ dense[0]
    return cosines, list(dense), list(vectorizer.get_feature_names_out())


def suggest(db: Session, me: Member, limit: int = 5) -> list[Suggestion]:
    """The members most likely working on the same thing as ``me``, best first."""
    if me.status != "active":
        return []
    mine = profile_of(me)
    candidates = []
    others = db.scalars(select(Member).where(Member.status == "active", Member.id != me.id))
    for member in others:
        level = level_of(me, member)
        if listed(member, level):
            candidates.append(view(member, level))
    if not candidates:
        return []
    texts = [mine.about] + [c.get("about", "") for c in candidates]
    cosines, rows, vocabulary = _text_similarity(texts)
    my_issues = set(mine.issues)
    found = []
    for i, other in enumerate(candidates):
        issues = set(other.get("issues", []))
        shared = sorted(my_issues & issues)
        text = float(cosines[i]) if len(cosines) else 0.0
        if not shared and text < MIN_TEXT:
            continue
        country = (
            other.get("country") if mine.country and other.get("country") == mine.country else None
        )
        languages = sorted(set(mine.languages) & set(other.get("languages", [])))
        score = (
            W_ISSUES * jaccard(my_issues, issues)
            + W_TEXT * text
            + W_COUNTRY * (1.0 if country else 0.0)
            + W_LANGUAGE * (1.0 if languages else 0.0)
        )
        words: list[str] = []
        if rows and text >= MIN_TEXT:
            weights = rows[0] * rows[i + 1]
            top = np.argsort(-weights)[:3]
            words = [vocabulary[j] for j in top if weights[j] > 0]
        found.append(Suggestion(other, round(score, 4), shared, country, languages, words))
    found.sort(key=lambda s: (-s.score, s.member["id"]))
    return found[:limit]
