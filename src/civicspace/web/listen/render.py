"""A listen report as HTML and PDF, and the published incidents each theme links to.

The PDF is the standalone HTML page (``listen/report_file.html``: styles inline, no script, no
request) laid out by WeasyPrint, so its statement → quotes → contribution anchors are PDF links.
Fonts are the system's (Pango): Latin first; other scripts use whatever fonts the machine has and
never fail the render.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.countries import country_name
from civicspace.errors import ConfigError
from civicspace.listen.links import incident_filter
from civicspace.listen.report import ReportView
from civicspace.publish.filters import Filters
from civicspace.publish.query import list_incidents
from civicspace.web.public.i18n import direction
from civicspace.web.templating import templates

INCIDENTS_PER_THEME = 5


def theme_incidents(db: Session, view: ReportView) -> dict[int, dict[str, Any]]:
    """Theme id → {"items": published incidents of its kind in its countries, "url": all of
    them on the public site}; themes without codebook labels or countries have none."""
    out: dict[int, dict[str, Any]] = {}
    for theme in view.themes:
        if not (theme.violations or theme.targets) or not theme.country_codes:
            continue
        params = incident_filter(theme.violations, theme.targets, theme.country_codes)
        filters = Filters.build(
            violation=params.get("violation", []),
            target=params.get("target", []),
            country=params["country"],
        )
        page = list_incidents(db, filters, limit=INCIDENTS_PER_THEME)
        query = urlencode({k: ",".join(v) for k, v in params.items()})
        out[theme.id] = {
            "items": [
                {"id": i["id"], "title": i["title"], "country": i["country"],
                 "start_date": i["start_date"]}
                for i in page.items
            ],
            "url": f"/incidents?{query}",
        }  # fmt: skip
    return out


def labels() -> dict[str, dict[str, str]]:
    book = load_codebook()
    return {
        kind: {t.id: t.label for t in getattr(book, kind)} for kind in ("violations", "targets")
    }


def report_context(view: ReportView, incidents: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """What the report templates need; ``text_dir``: the page's direction, that of the language
    most contributions are in (right to left for Arabic, whatever the visitor's language)."""
    return {
        "report": view,
        "text_dir": direction(view.language),
        "incidents": incidents,
        "codes": labels(),
        "country_name": country_name,
    }


def report_file_html(view: ReportView, incidents: dict[int, dict[str, Any]], base: str = "") -> str:
    """The report as one standalone HTML page (for the CLI's ``--format html`` and the PDF);
    ``base`` prefixes links to the public site (incidents)."""
    template = templates.env.get_template("listen/report_file.html")
    return template.render(
        **report_context(view, incidents), site=base.rstrip("/"), _=lambda s, **v: s % v if v else s
    )


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"the report fetches nothing ({url[:60]})")


def report_pdf(view: ReportView, incidents: dict[int, dict[str, Any]], base: str = "") -> bytes:
    """The report as a PDF (WeasyPrint over :func:`report_file_html`)."""
    try:
        import weasyprint
    except OSError as exc:  # the wheel is there, the system's Pango is not
        raise ConfigError(
            "PDF reports need Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = report_file_html(view, incidents, base)
    pdf: bytes = weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()
    return pdf
