"""Analysts' edits of a project's themes; each is kept by the next ``synthesis.recompute``.

- ``rename``: the theme keeps the analyst's statement (``renamed``); recompute never relabels it.
- ``merge``: every claim of one theme (and its sub-themes, which move along when both are
  top-level) joins the other, of the same question; the merged theme is gone, so its claims
  stay together.
- ``split``: chosen claims leave for a new sibling theme and are pinned there.
- ``move``: up or down among its siblings (themes of the same question, or sub-themes of one
  theme); order is the ``position`` recompute never changes.
- ``set_codes``: the codebook labels an analyst chose (recompute keeps them).
- ``remove_contribution``: a contributor withdrew consent: the contribution and its claims are
  deleted (a statement that was one of its claims, or that a language model wrote from a theme
  it was in, is withdrawn too); recompute then relabels.

Every edit marks the theme ``edited`` (recompute keeps it even with no claim) and is logged in
``listen_edits`` with who and when. Edits raise ``InvalidInput``/``NotFound``; callers commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.errors import InvalidInput, NotFound
from civicspace.store.base import utcnow
from civicspace.store.listen import (
    ListenClaim,
    ListenContribution,
    ListenEdit,
    ListenProject,
    ListenTheme,
)

MAX_LABEL = 300


def _log(
    db: Session, project: ListenProject, theme_id: int | None, op: str, actor: str, **detail: Any
) -> None:
    db.add(ListenEdit(project_id=project.id, theme_id=theme_id, op=op, detail=detail, actor=actor))
    project.updated_at = utcnow()


def theme_of(db: Session, project: ListenProject, theme_id: int) -> ListenTheme:
    theme = db.get(ListenTheme, theme_id)
    if theme is None or theme.project_id != project.id:
        raise NotFound(f"no theme {theme_id} in {project.slug}")
    return theme


def _touch(theme: ListenTheme) -> None:
    theme.edited = True
    theme.updated_at = utcnow()


def rename(db: Session, project: ListenProject, theme_id: int, label: str, actor: str) -> None:
    theme = theme_of(db, project, theme_id)
    label = " ".join(label.split())
    if not label:
        raise InvalidInput("a theme needs a statement")
    if len(label) > MAX_LABEL:
        raise InvalidInput(f"a theme statement has at most {MAX_LABEL} characters")
    old = theme.label
    theme.label, theme.renamed, theme.label_claim_id = label, True, None
    _touch(theme)
    _log(db, project, theme.id, "rename", actor, old=old, new=label)


def _siblings_of(theme: ListenTheme) -> ColumnElement[bool]:
    """Themes beside ``theme``: sub-themes of its theme, or top-level themes of its question."""
    if theme.parent_id is not None:
        return ListenTheme.parent_id == theme.parent_id
    same = (
        ListenTheme.question.is_(None)
        if theme.question is None
        else ListenTheme.question == theme.question
    )
    return ListenTheme.parent_id.is_(None) & same


def _children(db: Session, theme: ListenTheme) -> list[ListenTheme]:
    return list(
        db.scalars(
            select(ListenTheme)
            .where(ListenTheme.parent_id == theme.id)
            .order_by(ListenTheme.position, ListenTheme.id)
        )
    )


def merge(db: Session, project: ListenProject, keep_id: int, other_id: int, actor: str) -> None:
    """Merge theme ``other_id`` into ``keep_id`` (themes, or sub-themes of one theme)."""
    if keep_id == other_id:
        raise InvalidInput("choose two different themes to merge")
    keep = theme_of(db, project, keep_id)
    other = theme_of(db, project, other_id)
    if keep.parent_id != other.parent_id:
        raise InvalidInput("merge themes with themes, or sub-themes of the same theme")
    if keep.question != other.question:
        raise InvalidInput("merge themes that answer the same question")
    kids = _children(db, other)
    if keep.parent_id is None and kids:
        start = 1 + max((k.position for k in _children(db, keep)), default=0)
        for n, kid in enumerate(kids):
            kid.parent_id, kid.position = keep.id, start + n
            _touch(kid)
    db.execute(update(ListenClaim).where(ListenClaim.theme_id == other.id).values(theme_id=keep.id))
    _touch(keep)
    _log(db, project, keep.id, "merge", actor, merged=other.id, merged_label=other.label)
    db.flush()
    db.delete(other)
    db.flush()


def split(
    db: Session, project: ListenProject, theme_id: int, claim_ids: Sequence[int], actor: str
) -> ListenTheme:
    """Move ``claim_ids`` (claims of the theme or its sub-themes) to a new sibling theme."""
    theme = theme_of(db, project, theme_id)
    family = [theme.id] + [k.id for k in _children(db, theme)]
    claims = list(
        db.scalars(
            select(ListenClaim)
            .where(ListenClaim.id.in_(list(claim_ids)))
            .where(ListenClaim.theme_id.in_(family))
        )
    )
    if not claims or len(claims) != len(set(claim_ids)):
        raise InvalidInput("choose claims of this theme to split off")
    total = db.scalar(
        select(ListenClaim.id)
        .where(ListenClaim.theme_id.in_(family))
        .where(ListenClaim.id.not_in([c.id for c in claims]))
    )
    if total is None:
        raise InvalidInput("a split must leave some claims in the theme")
    siblings = list(
        db.scalars(
            select(ListenTheme)
            .where(ListenTheme.project_id == project.id)
            .where(
                ListenTheme.parent_id.is_(None)
                if theme.parent_id is None
                else ListenTheme.parent_id == theme.parent_id
            )
            .where(ListenTheme.position > theme.position)
        )
    )
    for s in siblings:
        s.position += 1
    best = max(claims, key=lambda c: c.centrality)
    new = ListenTheme(
        project_id=project.id,
        parent_id=theme.parent_id,
        question=theme.question,
        label=best.text,
        label_claim_id=best.id,
        renamed=False,
        edited=True,
        position=theme.position + 1,
        violations=[],
        targets=[],
        codes_by="coder",
    )
    db.add(new)
    db.flush()
    for c in claims:
        c.theme_id, c.pinned = new.id, True
    _touch(theme)
    _log(db, project, theme.id, "split", actor, new=new.id, claims=sorted(c.id for c in claims))
    db.flush()
    return new


def move(db: Session, project: ListenProject, theme_id: int, direction: str, actor: str) -> None:
    """Swap the theme with its sibling above (``up``) or below (``down``)."""
    if direction not in ("up", "down"):
        raise InvalidInput("direction must be up or down")
    theme = theme_of(db, project, theme_id)
    siblings = list(
        db.scalars(
            select(ListenTheme)
            .where(ListenTheme.project_id == project.id)
            .where(_siblings_of(theme))
            .order_by(ListenTheme.position, ListenTheme.id)
        )
    )
    for n, s in enumerate(siblings, start=1):  # dense positions first
        s.position = n
    i = next(n for n, s in enumerate(siblings) if s.id == theme.id)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(siblings):
        siblings[i].position, siblings[j].position = siblings[j].position, siblings[i].position
        _touch(theme)
        _touch(siblings[j])
        _log(db, project, theme.id, "move", actor, direction=direction)
    db.flush()


def set_codes(
    db: Session,
    project: ListenProject,
    theme_id: int,
    violations: Sequence[str],
    targets: Sequence[str],
    actor: str,
) -> None:
    """The analyst's codebook labels for a theme (validated against the codebook)."""
    theme = theme_of(db, project, theme_id)
    book = load_codebook()
    for kind, values in (("violations", violations), ("targets", targets)):
        unknown = sorted(set(values) - set(book.ids(kind)))
        if unknown:
            raise InvalidInput(f"unknown {kind} id {unknown[0]!r}")
    theme.violations = list(dict.fromkeys(violations))
    theme.targets = list(dict.fromkeys(targets))
    theme.codes_by = "analyst"
    _touch(theme)
    _log(db, project, theme.id, "codes", actor, violations=theme.violations, targets=theme.targets)


def set_published(db: Session, project: ListenProject, published: bool, actor: str) -> None:
    project.status = "published" if published else "draft"
    project.published_at = utcnow() if published else None
    _log(db, project, None, "publish", actor, published=published)


def log_recompute(db: Session, project: ListenProject, actor: str, result: dict[str, int]) -> None:
    _log(db, project, None, "recompute", actor, **result)


WITHDRAWN = "(statement withdrawn with its contribution)"


def remove_contribution(
    db: Session, project: ListenProject, contribution_id: int, actor: str
) -> None:
    """Delete a contribution whose contributor withdrew consent, and every trace of its words:
    its claims, and a theme statement that was one of them (the caller then recomputes)."""
    row = db.get(ListenContribution, contribution_id)
    if row is None or row.project_id != project.id:
        raise NotFound(f"no contribution {contribution_id} in {project.slug}")
    rows = db.execute(
        select(ListenClaim.id, ListenClaim.theme_id).where(ListenClaim.contribution_id == row.id)
    ).all()
    claim_ids = [r.id for r in rows] or [-1]
    in_themes = [r.theme_id for r in rows if r.theme_id is not None] or [-1]
    parents = select(ListenTheme.parent_id).where(ListenTheme.id.in_(in_themes))
    for theme in db.scalars(
        select(ListenTheme).where(
            ListenTheme.label_claim_id.in_(claim_ids)
            | (
                ListenTheme.label_by.is_not(None)
                & (ListenTheme.id.in_(in_themes) | ListenTheme.id.in_(parents))
            )
        )
    ):
        if not theme.renamed:
            theme.label, theme.label_claim_id, theme.label_by = WITHDRAWN, None, None
    db.delete(row)
    db.flush()
    _log(db, project, None, "withdraw", actor, contribution=contribution_id)
