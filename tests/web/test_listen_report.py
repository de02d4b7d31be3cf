"""The listen report on the web: desk edits (rights, CSRF), the public page, JSON and PDF that
never name an anonymous contributor, and the links between themes and published incidents."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.listen import synthesis
from civicspace.settings import Settings
from civicspace.store.listen import ListenTheme
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.listen_seed import DIALOGUE, NAMED_AUTHOR, SECRET_SPEAKER, seed_project, theme_of
from tests.support.publish_seed import seed as seed_incidents
from tests.support.review import fast_hashes, make_users

__all__ = ["fast_hashes"]


def _pango() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


needs_pango = pytest.mark.skipif(not _pango(), reason="WeasyPrint needs the system's Pango")


def _no_secret(text: str) -> None:
    for part in SECRET_SPEAKER.split():
        assert part not in text, part


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


@needs_pango
def test_desk_edits_need_rights_and_csrf_and_the_public_sees_only_published(
    engine: Engine, settings: Settings, fast_hashes: None
) -> None:
    slug = seed_project(engine)
    incidents = seed_incidents(engine)
    make_users(engine)
    with Session(engine) as db:
        police = theme_of(db, slug, "Police fired tear gas").id
        internet = theme_of(db, slug, "The government shut down the internet").id
    app = create_app(settings, engine)
    researcher, token = login(app, "researcher")
    viewer, viewer_token = login(app, "viewer")
    anonymous, _ = login(app, None)
    url = f"/desk/listen/{slug}/themes/{police}"

    assert anonymous.get(f"/desk/listen/{slug}").status_code == 303  # to the login page
    page = researcher.get(f"/desk/listen/{slug}")
    assert page.status_code == 200 and NAMED_AUTHOR in page.text
    _no_secret(page.text)
    assert f'id="quotes-{police}"' in page.text and 'class="quote-link"' in page.text

    rename = {"action": "rename", "label": "Protests met with force"}
    assert researcher.post(url, data=rename).status_code == 403  # no CSRF token
    assert viewer.post(url, data={**rename, "csrf_token": viewer_token}).status_code == 403
    done = researcher.post(url, data={**rename, "csrf_token": token})
    assert done.status_code == 303 and done.headers["location"].endswith(f"#theme-{police}")
    bad = researcher.post(url, data={"action": "merge", "other": "x", "csrf_token": token})
    assert bad.status_code == 422 and "ids must be numbers" in bad.text
    codes = {"action": "codes", "violations": ["arrest_detention"], "csrf_token": token}
    assert researcher.post(url, data=codes).status_code == 303
    merge = {"action": "merge", "other": str(internet), "csrf_token": token}
    assert researcher.post(url, data=merge).status_code == 303
    with Session(engine) as db:
        theme = db.get(ListenTheme, police)
        assert theme is not None and theme.label == "Protests met with force"
        assert theme.violations == ["arrest_detention"]
        assert theme_of(db, slug, "The government shut down the internet").id == police

    # the public sees nothing until an editor publishes
    public, _ = login(app, None)
    assert public.get(f"/listen/{slug}").status_code == 404
    assert public.get(f"/listen/{slug}.pdf").status_code == 404
    publish = {"decision": "publish", "csrf_token": token}
    assert researcher.post(f"/desk/listen/{slug}/publish", data=publish).status_code == 403
    editor, editor_token = login(app, "editor")
    assert (
        editor.post(
            f"/desk/listen/{slug}/publish", data={**publish, "csrf_token": editor_token}
        ).status_code
        == 303
    )

    html = public.get(f"/listen/{slug}")
    assert html.status_code == 200 and "Protests met with force" in html.text
    _no_secret(html.text)
    assert NAMED_AUTHOR in html.text
    french = public.get(f"/listen/{slug}?lang=fr")
    assert french.status_code == 200 and "Citations" in french.text
    # the theme lists the published incident of its kind in a country that raised it
    assert f'href="/incidents/{incidents["p0"]}"' in html.text
    assert "/incidents?violation=arrest_detention&amp;country=" in html.text
    data: dict[str, Any] = public.get(f"/listen/{slug}.json").json()
    _no_secret(repr(data))
    assert data["themes"][0]["quotes"][0]["text"]
    pdf = _pdf_text(public.get(f"/listen/{slug}.pdf").content)
    _no_secret(pdf)
    assert "Protests met with force" in pdf and NAMED_AUTHOR in pdf

    # the incident's page names the theme that raised its kind in its country
    incident = public.get(f"/incidents/{incidents['p0']}")
    assert incident.status_code == 200
    assert f'href="/listen/{slug}#theme-{police}"' in incident.text
    assert "Protests met with force" in incident.text
    withdraw = {"decision": "unpublish", "csrf_token": editor_token}
    assert editor.post(f"/desk/listen/{slug}/publish", data=withdraw).status_code == 303
    assert f"/listen/{slug}#theme" not in public.get(f"/incidents/{incidents['p0']}").text


@needs_pango
def test_the_pdf_renders_other_scripts(engine: Engine) -> None:
    """Any script renders without failing; a script the machine's fonts cover (Cyrillic in
    DejaVu) stays real text. CJK needs a CJK font on the machine (docs/listen.md)."""
    from civicspace.listen.intake import ContributionType, take_in
    from civicspace.listen.report import build_report
    from civicspace.web.listen.render import report_pdf

    texts = {
        "Cyrillic": [
            "Полиция задержала журналистов на мирном митинге.",
            "Полиция задержала журналистов после митинга в столице.",
        ],
        "Mixed": [
            "政府在选举期间关闭了互联网。警察逮捕了记者。",
            "الشرطة اعتقلت الصحفيين أثناء المظاهرة السلمية.",
            "政府关闭了互联网，我们无法发布报告。",
        ],
    }
    pdfs = {}
    with Session(engine) as db:
        for name, group in texts.items():
            project = synthesis.ensure_project(db, name)
            for text in group:
                sub = take_in(text, type=ContributionType.essay, consent=True, anonymous=True)
                synthesis.add_submission(db, project, sub)
            synthesis.recompute(db, project)
            pdfs[name] = report_pdf(build_report(db, project), {})
    assert "Полиция задержала журналистов" in _pdf_text(pdfs["Cyrillic"])
    assert len(pypdf.PdfReader(io.BytesIO(pdfs["Mixed"])).pages) >= 1


def test_analysts_start_a_project_and_add_contributions_on_the_desk(
    engine: Engine, settings: Settings, fast_hashes: None
) -> None:
    make_users(engine)
    app = create_app(settings, engine)
    researcher, token = login(app, "researcher")
    viewer, viewer_token = login(app, "viewer")
    assert (
        viewer.post("/desk/listen", data={"title": "X", "csrf_token": viewer_token}).status_code
        == 403
    )
    made = researcher.post(
        "/desk/listen", data={"title": "Gender Working Group", "csrf_token": token}
    )
    assert (
        made.status_code == 303 and made.headers["location"] == "/desk/listen/gender-working-group"
    )
    url = "/desk/listen/gender-working-group/contributions"
    base = {"csrf_token": token, "type": "dialogue", "country": "KE", "language": "en"}
    no_consent = researcher.post(url, data={**base, "text": DIALOGUE})
    assert no_consent.status_code == 422 and "consent" in no_consent.text
    unnamed = researcher.post(
        url, data={**base, "text": DIALOGUE, "consent": "on", "author": "X Y"}
    )
    assert unnamed.status_code == 422 and "chose to be named" in unnamed.text
    added = researcher.post(url, data={**base, "text": DIALOGUE, "consent": "on"})
    assert added.status_code == 303 and added.headers["location"].endswith("done=added")
    essay = "Funding from abroad was banned; our association closed its office in Nairobi."
    upload = researcher.post(
        url,
        data={"csrf_token": token, "type": "essay", "consent": "on", "named": "on",
              "author": NAMED_AUTHOR},
        files={"file": ("essay.txt", essay.encode(), "text/plain")},
    )  # fmt: skip
    assert upload.status_code == 303
    again = researcher.post(url, data={**base, "text": DIALOGUE, "consent": "on"})
    assert again.headers["location"].endswith("done=already-there")
    page = researcher.get("/desk/listen/gender-working-group")
    assert NAMED_AUTHOR in page.text and "Speaker 1" in page.text
    _no_secret(page.text)
    data = researcher.get(
        "/desk/listen/gender-working-group", headers={"Accept": "application/json"}
    ).json()
    dialogue = next(c["id"] for c in data["contributions"] if c["type"] == "dialogue")
    remove = f"/desk/listen/gender-working-group/contributions/{dialogue}/remove"
    assert viewer.post(remove, data={"csrf_token": viewer_token}).status_code == 403
    assert researcher.post(remove, data={"csrf_token": token}).status_code == 303
    assert "Speaker 1" not in researcher.get("/desk/listen/gender-working-group").text
