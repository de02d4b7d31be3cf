"""Links between themes and incidents, through the codebook and countries.

A theme has codebook labels (violations, targets: the coder's cheap pass over its claims, or an
analyst's choice; ``listen.codes``) and the countries of the contributions that raised it. The
web turns that into a filter of published incidents (``incident_filter``); the other way,
``themes_for_incident`` finds the themes of *published* projects that share a violation or
target with an incident and were raised in its country (statements passed through the privacy
gate: they are shown on public incident pages). Nothing here reads a draft project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.privacy.redact import redact
from civicspace.privacy.scan import scan
from civicspace.store.listen import ListenClaim, ListenContribution, ListenProject, ListenTheme


@dataclass(frozen=True)
class ThemeLink:
    project_slug: str
    project_title: str
    theme_id: int
    label: str
    shared: tuple[str, ...]  # the codebook ids the theme and the incident share

    @property
    def url(self) -> str:
        return f"/listen/{self.project_slug}#theme-{self.theme_id}"


def incident_filter(
    violations: Sequence[str], targets: Sequence[str], countries: Sequence[str]
) -> dict[str, list[str]]:
    """Query parameters of the published incidents of a theme's kind in its countries: its
    violations when it has any (else its targets), in the countries that raised it."""
    kind = {"violation": list(violations)} if violations else {"target": list(targets)}
    return {**kind, "country": list(countries)}


def themes_for_incident(
    db: Session,
    violations: Sequence[str],
    targets: Sequence[str],
    country: str | None,
    limit: int = 5,
) -> list[ThemeLink]:
    """Top-level themes of published projects sharing a violation or target with an incident
    and raised by a contribution from ``country`` (none without a country)."""
    if not country or not (violations or targets):
        return []
    rows = db.execute(
        select(ListenTheme, ListenProject)
        .join(ListenProject, ListenProject.id == ListenTheme.project_id)
        .where(ListenProject.status == "published", ListenTheme.parent_id.is_(None))
        .order_by(ListenProject.published_at.desc(), ListenTheme.position, ListenTheme.id)
    ).all()
    wanted = set(violations) | set(targets)
    found: list[ThemeLink] = []
    for theme, project in rows:
        shared = tuple(x for x in [*theme.violations, *theme.targets] if x in wanted)
        if not shared:
            continue
        family = select(ListenTheme.id).where(
            (ListenTheme.id == theme.id) | (ListenTheme.parent_id == theme.id)
        )
        raised = db.scalar(
            select(ListenClaim.id)
            .join(ListenContribution, ListenContribution.id == ListenClaim.contribution_id)
            .where(ListenClaim.theme_id.in_(family), ListenContribution.country == country)
            .limit(1)
        )
        if raised is None:
            continue
        label = redact(theme.label, scan({"label": theme.label}))  # shown on public pages
        found.append(ThemeLink(project.slug, project.title, theme.id, label, shared))
        if len(found) >= limit:
            break
    return found
