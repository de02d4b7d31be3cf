"""An Arabic project's report (records, standalone HTML, PDF) on SQLite and PostgreSQL: the page
reads right to left, contributors' words take their own direction, interface lines keep theirs."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.listen import synthesis
from civicspace.listen.report import build_report
from civicspace.web.listen.render import report_file_html, report_pdf
from tests.support.listen_arabic import QUESTION, TITLE, seed_arabic_project
from tests.support.listen_seed import seed_project
from tests.support.pdf_checks import page_sizes, text, text_box


def _pango() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def test_arabic_report_is_right_to_left(engine: Engine) -> None:
    slug = seed_arabic_project(engine)
    english = seed_project(engine)
    with Session(engine) as db:
        view = build_report(db, synthesis.get_project(db, slug), public=True)
        assert view.language == "ar" and view.as_dict()["language"] == "ar"
        assert [q.question for q in view.questions] == [QUESTION]
        html = report_file_html(view, {})
        assert '<html lang="en" dir="rtl">' in html
        quote = view.themes[0].quotes[0]
        assert f'<blockquote dir="auto" lang="ar">“{quote.text}”</blockquote>' in html
        assert f'<h2 dir="auto">{QUESTION}</h2>' in html
        other = build_report(db, synthesis.get_project(db, english), public=True)
        assert other.language == "en"
        assert '<html lang="en" dir="ltr">' in report_file_html(other, {})
    if not _pango():
        pytest.skip("the system's Pango is missing: no PDF")
    pdf = report_pdf(view, {})
    printed = text(pdf)
    assert TITLE in printed and quote.text[:20] in printed
    # interface lines keep their order, and the page is set from the right
    assert f"{len(view.contributions)} contributions · " in printed
    width = page_sizes(pdf)[0][0]
    left, right = text_box(pdf, TITLE)
    assert left > width / 2 and right > width * 0.8
