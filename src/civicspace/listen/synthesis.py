"""Stored syntheses: contributions into a project, and themes (re)computed around analysts' edits.

``add_submission`` stores a ``Submission`` (consent required; an anonymous one without an author)
under its content key, so importing the same file twice stores it once.

``recompute`` brings a project's themes up to date after contributions arrive. As
``civicspace listen themes`` does, it works one question at a time (the ``question`` each
contribution answered; no question is a group of its own): a theme answers one question, and
claims are only placed in, or clustered into, themes of their own question.

1. Contributions without claims are split into claims (``listen.claims``).
2. Every claim of the question is embedded (``listen.vectors.theme_vectors``: WordLlama +
   character LSA, or multilingual sentence vectors when the question's claims are in several
   languages, so that contributions in different languages can share themes).
3. Claims that already support a theme keep it: themes keep their ids, names, order, merges and
   splits. A claim without a theme (new, or left over before) joins the theme whose centroid it is
   nearest to, if it is at least as close as the ``PLACE_QUANTILE`` share of that theme's own
   claims are, each to the centroid of the others (so a theme only takes what looks like its
   own, and a small theme is not held to its members' closeness to a mean they are part of);
   inside a theme with sub-themes it joins the nearest sub-theme.
4. The claims still without a theme are clustered (``listen.cluster``); a cluster supported by
   at least ``min_support`` contributions becomes a new theme, placed after the existing ones
   (with sub-themes when large enough); the rest stay unassigned.
5. Centralities (the quotes' order), the labels of themes an analyst has not renamed and the
   codebook labels an analyst has not set are refreshed. A label is the theme's most central
   claim, or, with a namer (``listen.namer``), the namer's short statement when it passes the
   namer's checks; an analyst's statement is never replaced.

Running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.countries import region
from civicspace.errors import InvalidInput, NotFound
from civicspace.listen.claims import split_claims
from civicspace.listen.cluster import centrality, choose_k, kmeans_labels
from civicspace.listen.codes import theme_codes
from civicspace.listen.embed import Embedder, get_embedder, normalise
from civicspace.listen.intake import Submission
from civicspace.listen.namer import NameRequest, ThemeNamer
from civicspace.listen.records import Contribution
from civicspace.listen.themes import ThemeOptions, label_index
from civicspace.listen.vectors import label_preference, theme_vectors
from civicspace.store.base import utcnow
from civicspace.store.listen import ListenClaim, ListenContribution, ListenProject, ListenTheme

PLACE_QUANTILE = 0.1  # a new claim must be as close to a theme as its 10% least close claims
NEW_THEMES_MIN = 3  # new themes a recompute may open even when the project has many


@dataclass(frozen=True)
class RecomputeResult:
    new_claims: int
    placed: int  # claims that joined an existing theme
    new_themes: int
    unassigned: int  # claims in no theme after the run

    def as_dict(self) -> dict[str, int]:
        return {
            "new_claims": self.new_claims,
            "placed": self.placed,
            "new_themes": self.new_themes,
            "unassigned": self.unassigned,
        }


# ---------------------------------------------------------------- projects and contributions


def get_project(db: Session, slug: str) -> ListenProject:
    project = db.scalar(select(ListenProject).where(ListenProject.slug == slug))
    if project is None:
        raise NotFound(f"no listen project {slug!r}")
    return project


def slugify(name: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in name.lower().strip())
    slug = "-".join(p for p in out.split("-") if p)[:64]
    if not slug:
        raise InvalidInput("a project needs a name with letters or digits")
    return slug


def ensure_project(db: Session, name: str) -> ListenProject:
    """The project named (or slugged) ``name``, created as a draft when there is none."""
    name = " ".join(name.split())
    slug = slugify(name)
    project = db.scalar(select(ListenProject).where(ListenProject.slug == slug))
    if project is None:
        project = ListenProject(slug=slug, title=name, status="draft")
        db.add(project)
        db.flush()
    return project


def content_key(sub: Submission) -> str:
    return hashlib.sha256(f"{sub.type}\n{sub.text}".encode()).hexdigest()


def add_submission(
    db: Session, project: ListenProject, sub: Submission, question: str | None = None
) -> tuple[ListenContribution, bool]:
    """Store ``sub`` in ``project``; (row, True) when new, (existing row, False) when known."""
    if not sub.consent:  # Submission refuses this already; the store's CHECK holds it too
        raise InvalidInput("a contribution without the contributor's consent is not kept")
    key = content_key(sub)
    found = db.scalar(
        select(ListenContribution).where(
            ListenContribution.project_id == project.id, ListenContribution.key == key
        )
    )
    if found is not None:
        return found, False
    row = ListenContribution(
        project_id=project.id,
        key=key,
        type=str(sub.type),
        title=sub.title,
        text=sub.text,
        question=question,
        country=sub.country,
        region=region(sub.country),
        language=sub.language,
        consent=True,
        anonymous=sub.anonymous,
        author=None if sub.anonymous else sub.author,
    )
    db.add(row)
    db.flush()
    project.updated_at = utcnow()
    return row, True


# ---------------------------------------------------------------- recompute


def _split_new(db: Session, project: ListenProject) -> int:
    has_claims = select(ListenClaim.contribution_id).where(ListenClaim.project_id == project.id)
    fresh = db.scalars(
        select(ListenContribution)
        .where(ListenContribution.project_id == project.id)
        .where(ListenContribution.id.not_in(has_claims))
        .order_by(ListenContribution.id)
    ).all()
    n = 0
    for c in fresh:
        for claim in split_claims(Contribution(str(c.id), c.text, c.question, c.language)):
            db.add(
                ListenClaim(
                    project_id=project.id,
                    contribution_id=c.id,
                    start_offset=claim.start,
                    end_offset=claim.end,
                    text=claim.text,
                    theme_id=None,
                    pinned=False,
                    centrality=0.0,
                )
            )
            n += 1
    db.flush()
    return n


def _centroid(vectors: NDArray[np.float32]) -> NDArray[np.float32]:
    return normalise(vectors.mean(axis=0, keepdims=True))[0]


def _held_out_cosines(vectors: NDArray[np.float32]) -> NDArray[np.float32]:
    """Cosine of each row to the mean direction of the other rows (1 for a lone row)."""
    rest = vectors.sum(axis=0) - vectors
    norms = np.linalg.norm(rest, axis=1)
    dots = np.einsum("ij,ij->i", rest, vectors)
    return np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 1.0).astype(np.float32)


def _themes(db: Session, project: ListenProject) -> list[ListenTheme]:
    return list(
        db.scalars(
            select(ListenTheme)
            .where(ListenTheme.project_id == project.id)
            .order_by(ListenTheme.position, ListenTheme.id)
        )
    )


def _next_position(themes: list[ListenTheme], parent_id: int | None) -> int:
    return 1 + max((t.position for t in themes if t.parent_id == parent_id), default=0)


def _new_themes(
    db: Session,
    project: ListenProject,
    claims: list[ListenClaim],
    idx: NDArray[np.int_],
    vectors: NDArray[np.float32],
    opts: ThemeOptions,
    max_clusters: int,
    themes: list[ListenTheme],
    parent: ListenTheme | None,
    question: str | None,
) -> list[ListenTheme]:
    """Cluster the claims ``idx`` into new themes (under ``parent``) answering ``question``;
    assigns their claims. ``themes``: the project's, for positions."""
    made: list[ListenTheme] = []
    if len(idx) == 0 or max_clusters < 1:
        return made
    labels = kmeans_labels(vectors[idx], choose_k(len(idx), max_clusters))
    for c in range(int(labels.max()) + 1):
        members = idx[labels == c]
        if len({claims[i].contribution_id for i in members}) < opts.min_support:
            continue
        theme = ListenTheme(
            project_id=project.id,
            parent_id=parent.id if parent else None,
            question=question,
            label="",
            position=_next_position(themes + made, parent.id if parent else None),
            violations=[],
            targets=[],
        )
        db.add(theme)
        db.flush()
        for i in members:
            claims[i].theme_id = theme.id
        made.append(theme)
        if parent is None and len({claims[i].contribution_id for i in members}) >= (
            opts.subtheme_min_items
        ):
            subs = _new_themes(
                db, project, claims, members, vectors, opts, opts.max_subthemes, [], theme, question
            )
            if len(subs) < 2:  # one sub-theme says nothing: keep the claims on the theme
                for s in subs:
                    for i in members:
                        if claims[i].theme_id == s.id:
                            claims[i].theme_id = theme.id
                    db.delete(s)
                subs = []
            made.extend(subs)
    return made


def _place(
    claims: list[ListenClaim],
    vectors: NDArray[np.float32],
    themes: list[ListenTheme],
    free: NDArray[np.int_],
) -> int:
    """Claims ``free`` to the nearest existing top-level theme close enough, then sub-theme."""
    top = [t for t in themes if t.parent_id is None]
    if not top or len(free) == 0:
        return 0
    root = {t.id: (t.parent_id or t.id) for t in themes}
    members: dict[int, list[int]] = defaultdict(list)
    leaf_members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if c.theme_id is not None and c.theme_id in root:
            members[root[c.theme_id]].append(i)
            leaf_members[c.theme_id].append(i)
    live = [t for t in top if members[t.id]]
    if not live:
        return 0
    cents = np.stack([_centroid(vectors[members[t.id]]) for t in live])
    floors = np.array(
        [
            float(np.quantile(_held_out_cosines(vectors[members[t.id]]), PLACE_QUANTILE))
            for t in live
        ]
    )
    sims = vectors[free] @ cents.T
    best = sims.argmax(axis=1)
    placed = 0
    children: dict[int, list[int]] = defaultdict(list)
    for t in themes:
        if t.parent_id is not None and leaf_members[t.id]:
            children[t.parent_id].append(t.id)
    for row, i in enumerate(free):
        j = int(best[row])
        if sims[row, j] < floors[j]:
            continue
        theme_id = live[j].id
        kids = children.get(theme_id)
        if kids:
            kid_cents = np.stack([_centroid(vectors[leaf_members[k]]) for k in kids])
            theme_id = kids[int(np.argmax(kid_cents @ vectors[i]))]
        claims[i].theme_id = theme_id
        placed += 1
    return placed


def _refresh(
    db: Session,
    claims: list[ListenClaim],
    vectors: NDArray[np.float32],
    themes: list[ListenTheme],
    preferred: NDArray[np.bool_],
    namer: ThemeNamer | None,
) -> None:
    """Centralities (to the claim's own theme or sub-theme), unedited labels (the most central
    claim of the theme with its sub-themes, in the question's main language where it is in
    several: ``preferred``; or the namer's statement) and the coder's codebook labels; a theme
    left with no claim goes unless an analyst edited it."""
    leaf: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if c.theme_id is not None:
            leaf[c.theme_id].append(i)
    subtree: dict[int, list[int]] = defaultdict(list)
    for t in themes:
        subtree[t.id].extend(leaf[t.id])
        if t.parent_id is not None:
            subtree[t.parent_id].extend(leaf[t.id])
    for t in sorted(themes, key=lambda t: t.parent_id is None):  # sub-themes first
        idx = sorted(subtree[t.id])
        if not idx:
            if not t.edited:
                db.delete(t)
            continue
        own = leaf[t.id]
        if own:
            for k, c in enumerate(centrality(vectors[own])):
                claims[own[k]].centrality = float(c)
        texts = [claims[i].text for i in idx]
        if not t.renamed:
            central = centrality(vectors[idx])
            best = idx[label_index(texts, central, preferred[idx])]
            t.label, t.label_claim_id, t.label_by = claims[best].text, claims[best].id, None
            if namer is not None:
                order = [texts[k] for k in np.argsort(-central, kind="stable")]
                naming = namer.name(NameRequest(t.question, order, t.label))
                t.label, t.label_by = naming.label, naming.by
        if t.codes_by != "analyst":
            codes = theme_codes(texts)
            t.violations, t.targets = codes["violations"], codes["targets"]
        t.updated_at = utcnow()


def _question_groups(
    claims: list[ListenClaim], asked: dict[int, str | None]
) -> dict[str | None, list[int]]:
    """Indices of ``claims`` by the question their contribution answered (``asked``), in claim
    order."""
    groups: dict[str | None, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        groups[asked[c.contribution_id]].append(i)
    return groups


def _recompute_question(
    db: Session,
    project: ListenProject,
    question: str | None,
    claims: list[ListenClaim],
    langs: list[str | None],
    themes: list[ListenTheme],
    opts: ThemeOptions,
    emb: Embedder,
    namer: ThemeNamer | None,
) -> tuple[int, list[ListenTheme]]:
    """Steps 2–5 for the claims of one question (``langs``: their contributions' languages);
    (claims placed, themes made)."""
    mine = [t for t in themes if t.question == question]
    texts = [c.text for c in claims]
    vectors, kind = theme_vectors(emb, texts, langs, opts.char_weight, opts.multilingual)
    free = np.array([i for i, c in enumerate(claims) if c.theme_id is None], dtype=np.int_)
    placed = _place(claims, vectors, mine, free)
    free = np.array([i for i, c in enumerate(claims) if c.theme_id is None], dtype=np.int_)
    n_top = sum(1 for t in mine if t.parent_id is None)
    room = opts.max_themes - n_top if not n_top else max(opts.max_themes - n_top, NEW_THEMES_MIN)
    made = _new_themes(db, project, claims, free, vectors, opts, room, themes, None, question)
    db.flush()
    _refresh(db, claims, vectors, mine + made, label_preference(langs, kind), namer)
    return placed, made


def recompute(
    db: Session,
    project: ListenProject,
    opts: ThemeOptions | None = None,
    emb: Embedder | None = None,
    namer: ThemeNamer | None = None,
) -> RecomputeResult:
    """Bring ``project``'s themes up to date (see the module docstring), one question at a time;
    ``namer`` (None: the claims) restates themes nobody renamed. The caller commits."""
    opts = opts or ThemeOptions()
    # one recompute of a project at a time (PostgreSQL row lock; SQLite writes one at a time)
    db.execute(select(ListenProject.id).where(ListenProject.id == project.id).with_for_update())
    new_claims = _split_new(db, project)
    claims = list(
        db.scalars(
            select(ListenClaim)
            .where(ListenClaim.project_id == project.id)
            .order_by(ListenClaim.contribution_id, ListenClaim.start_offset)
        )
    )
    rows = db.execute(
        select(
            ListenContribution.id, ListenContribution.question, ListenContribution.language
        ).where(ListenContribution.project_id == project.id)
    ).all()
    languages: dict[int, str | None] = {r.id: r.language for r in rows}
    themes = _themes(db, project)
    groups = _question_groups(claims, {r.id: r.question for r in rows})
    placed, made = 0, list[ListenTheme]()
    for question, idx in groups.items():
        mine = [claims[i] for i in idx]
        n, new = _recompute_question(
            db,
            project,
            question,
            mine,
            [languages.get(c.contribution_id) for c in mine],
            themes + made,
            opts,
            emb or get_embedder(),
            namer,
        )
        placed, made = placed + n, made + new
    # themes of a question nobody answers any more go, unless an analyst edited them
    left = [t for t in themes if t.question not in groups]
    _refresh(db, [], np.zeros((0, 1), dtype=np.float32), left, np.zeros(0, dtype=np.bool_), namer)
    project.updated_at = utcnow()
    db.flush()
    unassigned = sum(1 for c in claims if c.theme_id is None)
    return RecomputeResult(
        new_claims, placed, sum(1 for t in made if t.parent_id is None), unassigned
    )


def claim_count(db: Session, project: ListenProject) -> int:
    return int(db.scalar(select(func.count()).where(ListenClaim.project_id == project.id)) or 0)
