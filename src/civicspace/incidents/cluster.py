"""Incremental clustering: each new report joins the most similar open incident, or opens one.

Blocking keeps the cost near-linear in the number of documents: a document is compared only
with incidents whose date range comes within ``window_days`` of its day and that either share
its country (or have none), or share one of its names (a folded capitalised word; names carried
by more than ``MAX_POSTING`` incidents a day are too common to block on). Two indexes hold this,
``country → day → incidents`` and ``name → day → incidents``; a build fills them from the store
(one indexed range query) and grows them as it opens incidents. The name index is what lets a
report whose country the coder got wrong (or that names two countries) still find its event;
such a match pays ``COUNTRY_MISMATCH``.

The similarity of a document to an incident is the best similarity to any of its members
(members are few, and the best match is robust to one long, off-topic report)::

    sim(d, m) = TEXT·text(d, m) + NAMES·overlap(names) + PLACE·[same place]
                − COUNTRY_MISMATCH·[countries differ] − DAY_PENALTY·|day gap|

where ``text`` is the cosine of the words; for two reports in different known languages in the
same known country it is the larger of that and their multilingual sentence similarity,
``(cos(sentence) − SENTENCE_FLOOR) / (1 − SENTENCE_FLOOR)`` (0 below the floor): words seldom
cross a language, so without it an event reported in English and in Spanish stays two.

and a document joins when that reaches ``threshold``. Incidents that may not grow (locked by a
reviewer, withdrawn, merged) stay in the index as *suggestions*: a similar new report opens its
own incident and records the locked one it resembles, for a reviewer to merge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from civicspace.incidents.features import (
    DocFeatures,
    cosine,
    name_overlap,
    primary_language,
    sentence_vector,
)

TEXT = 0.75
NAMES = 0.25
PLACE = 0.05
DAY_PENALTY = 0.01
COUNTRY_MISMATCH = 0.08
MAX_POSTING = 50
# the sentence cosine two unrelated reports in different languages reach (chosen on the tune
# part of the multilingual gold set; docs/incidents.md)
SENTENCE_FLOOR = 0.12


@dataclass(frozen=True)
class ClusterParams:
    window_days: int = 3
    threshold: float = 0.32


@dataclass
class Cluster:
    """An incident as clustering sees it: its key, country, day range and members."""

    key: int | str  # an incident id, or "new:<n>" for one opened in this run
    country: str | None
    first: int
    last: int
    members: list[DocFeatures] = field(default_factory=list)
    joinable: bool = True


@dataclass(frozen=True)
class Decision:
    cluster: Cluster
    opened: bool
    similarity: float | None
    suggestion: tuple[int | str, float] | None = None  # a locked incident it resembles


def published_day(d: DocFeatures) -> int:
    """The ordinal day a report was published (its event day when unknown)."""
    return d.published.toordinal() if d.published else d.day


def day_gap(a: DocFeatures, b: DocFeatures) -> int:
    """Days between two reports: the smaller of the gap between their event days and the gap
    between their publication days (a coder that dates one report by a background event, a
    year earlier, still leaves the two published the same week)."""
    return min(abs(a.day - b.day), abs(published_day(a) - published_day(b)))


def crosses_languages(a: DocFeatures, b: DocFeatures) -> bool:
    """Two reports in different known languages, placed in the same known country: the pairs
    whose wording is compared by meaning rather than by words."""
    if not a.country or a.country != b.country:
        return False
    la, lb = primary_language(a.language), primary_language(b.language)
    return la is not None and lb is not None and la != lb


def sentence_similarity(a: DocFeatures, b: DocFeatures) -> float:
    """The multilingual sentence cosine of two reports rescaled above ``SENTENCE_FLOOR``
    (0–1; 0 when the model is not installed)."""
    va, vb = sentence_vector(a), sentence_vector(b)
    if va is None or vb is None:
        return 0.0
    return max(0.0, (float(va @ vb) - SENTENCE_FLOOR) / (1.0 - SENTENCE_FLOOR))


def similarity(a: DocFeatures, b: DocFeatures) -> float:
    """How likely two reports are to describe one event (0–1, higher is likelier)."""
    text = cosine(a.vector, b.vector)
    if crosses_languages(a, b):
        text = max(text, sentence_similarity(a, b))
    s = TEXT * text + NAMES * name_overlap(a.names, b.names)
    if a.place and a.place == b.place:
        s += PLACE
    if a.country and b.country and a.country != b.country:
        s -= COUNTRY_MISMATCH
    return s - DAY_PENALTY * day_gap(a, b)


class Clusterer:
    """The blocking index and the join-or-open rule, with no database in sight."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self._index: dict[str | None, dict[int, list[Cluster]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._names: dict[str, dict[int, list[Cluster]]] = defaultdict(lambda: defaultdict(list))
        # country → publication day → incidents: a report the coder dated by another event
        # still meets the reports published beside it
        self._published: dict[str | None, dict[int, list[Cluster]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._new = 0
        self.comparisons = 0

    def add_cluster(self, cluster: Cluster) -> None:
        for day in range(cluster.first, cluster.last + 1):
            self._index[cluster.country][day].append(cluster)
        for member in cluster.members:
            self._index_names(cluster, member)

    def _index_names(self, cluster: Cluster, doc: DocFeatures) -> None:
        posting = self._published[cluster.country][published_day(doc)]
        if not posting or posting[-1] is not cluster:
            posting.append(cluster)
        for name in doc.names:
            posting = self._names[name][doc.day]
            if not posting or posting[-1] is not cluster:
                posting.append(cluster)

    def _extend(self, cluster: Cluster, doc: DocFeatures) -> None:
        day = doc.day
        if day < cluster.first:
            for d in range(day, cluster.first):
                self._index[cluster.country][d].append(cluster)
            cluster.first = day
        elif day > cluster.last:
            for d in range(cluster.last + 1, day + 1):
                self._index[cluster.country][d].append(cluster)
            cluster.last = day
        self._index_names(cluster, doc)

    def candidates(self, doc: DocFeatures) -> list[Cluster]:
        """Incidents of the document's country (and of none) within the date window."""
        w = self.params.window_days
        days = range(doc.day - w, doc.day + w + 1)
        seen: dict[int, Cluster] = {}
        for country in (doc.country, None) if doc.country else (None,):
            by_day = self._index.get(country)
            if by_day:
                for day in days:
                    for c in by_day.get(day, ()):
                        seen.setdefault(id(c), c)
            by_pub = self._published.get(country)
            if by_pub:
                pub = published_day(doc)
                for day in range(pub - w, pub + w + 1):
                    for c in by_pub.get(day, ()):
                        seen.setdefault(id(c), c)
        for name in doc.names:
            by_day = self._names.get(name)
            if by_day:
                for day in days:
                    posting = by_day.get(day, ())
                    if len(posting) <= MAX_POSTING:
                        for c in posting:
                            seen.setdefault(id(c), c)
        return list(seen.values())

    def score(self, doc: DocFeatures, cluster: Cluster) -> float:
        self.comparisons += len(cluster.members)
        return max((similarity(doc, m) for m in cluster.members), default=0.0)

    def assign(self, doc: DocFeatures) -> Decision:
        """Join the most similar joinable incident at or above the threshold, or open one."""
        best: tuple[float, Cluster] | None = None
        locked: tuple[float, Cluster] | None = None
        for cluster in self.candidates(doc):
            s = self.score(doc, cluster)
            if s < self.params.threshold:
                continue
            if cluster.joinable:
                if best is None or s > best[0]:
                    best = (s, cluster)
            elif locked is None or s > locked[0]:
                locked = (s, cluster)
        if best is not None:
            s, cluster = best
            cluster.members.append(doc)
            self._extend(cluster, doc)
            return Decision(cluster, opened=False, similarity=round(s, 4))
        self._new += 1
        cluster = Cluster(f"new:{self._new}", doc.country, doc.day, doc.day, [doc])
        self.add_cluster(cluster)
        suggestion = (locked[1].key, round(locked[0], 4)) if locked else None
        return Decision(cluster, opened=True, similarity=None, suggestion=suggestion)


def cluster_all(docs: list[DocFeatures], params: ClusterParams | None = None) -> list[int | str]:
    """Cluster documents in (day, id) order; the cluster key of each, in the input order."""
    clusterer = Clusterer(params)
    keys: dict[int, int | str] = {}
    for doc in sorted(docs, key=lambda d: (d.day, d.document_id)):
        keys[doc.document_id] = clusterer.assign(doc).cluster.key
    return [keys[d.document_id] for d in docs]
