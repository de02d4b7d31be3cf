"""The mask brush in a real browser (Debian's Chromium through Playwright) against a real server
on loopback: log in, unlock, open a submission, drag a rectangle over the photo, apply; the mask
is stored in the photo's pixel coordinates and the public copy is black under it. Any request
that leaves the site, a console error or a failed response fails the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.protect import inbox
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.browser import artifact, browser, require_chromium
from tests.support.desk_server import serve
from tests.support.protect_desk import (
    PHOTO_SIZE,
    add_submission,
    is_black,
    is_photo,
    make_reviewers,
    pixel,
    protect_desk,
)
from tests.support.review import PASSWORD, fast_hashes
from tests.support.submissions import PASSPHRASE

__all__ = ["browser", "fast_hashes"]

require_chromium()


def test_brush_adds_a_mask(
    engine: Engine,
    settings: Settings,
    tmp_path: Path,
    fast_hashes: None,
    browser: Any,
    loopback_only: None,
) -> None:
    make_reviewers(engine)
    desk = protect_desk(tmp_path, settings)
    sid = add_submission(engine, desk)
    app = create_app(desk.settings, engine)
    problems: list[str] = []
    with serve(app) as base:
        own = urlsplit(base).netloc
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.on(
            "request",
            lambda r: (
                problems.append(f"left the site: {r.url}")
                if urlsplit(r.url).netloc not in (own, "") and not r.url.startswith("data:")
                else None
            ),
        )
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "response",
            lambda r: (
                problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico")
                else None
            ),
        )

        page.goto(f"{base}/desk/protect/s/{sid}")
        page.fill("input[name=username]", "guardian")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/desk/protect?**")
        page.fill("input[name=passphrase]", PASSPHRASE)
        page.click("form.unlock button[type=submit]")
        page.wait_for_url(f"{base}/desk/protect/s/{sid}")

        svg = page.locator(".maskable svg.boxes")
        svg.wait_for()
        page.wait_for_function("document.querySelector('.brush-tools').hidden === false")
        box = svg.bounding_box()
        assert box is not None and box["width"] > 0
        scale = box["width"] / PHOTO_SIZE[0]
        # drag from photo pixel (100, 60) to (180, 140)
        page.mouse.move(box["x"] + 100 * scale, box["y"] + 60 * scale)
        page.mouse.down()
        page.mouse.move(box["x"] + 140 * scale, box["y"] + 100 * scale, steps=4)
        page.mouse.move(box["x"] + 180 * scale, box["y"] + 140 * scale, steps=4)
        page.mouse.up()
        assert page.locator(".maskable rect.mask").count() == 1
        assert page.locator(".mask-row.brushed").count() == 1
        page.click("form.masks button[type=submit]")
        page.wait_for_url(f"{base}/desk/protect/s/{sid}?done=**")
        page.locator(".maskable rect.mask").first.wait_for()
        page.screenshot(path=str(artifact("protect-desk.png")), full_page=True)
        assert problems == []

    with Session(engine) as session:
        opened = inbox.open_submission(
            session, desk.protect.intake.vault, sid, desk.protect.private, "test"
        )
        image = next(a for a in opened.attachments if a.kind == "image")
        assert len(image.masks) == 1
        x, y, w, h, _ = image.masks[0]
        assert abs(x - 100) <= 3 and abs(y - 60) <= 3
        assert abs(w - 80) <= 4 and abs(h - 80) <= 4
        copy = inbox.open_file(
            session, desk.protect.intake.vault, image.id, desk.protect.private, "test", "public"
        )
    assert is_black(pixel(copy, (140, 100))) and is_photo(pixel(copy, (40, 200)))


def test_masks_by_numbers_without_javascript(
    engine: Engine,
    settings: Settings,
    tmp_path: Path,
    fast_hashes: None,
    browser: Any,
    loopback_only: None,
) -> None:
    make_reviewers(engine)
    desk = protect_desk(tmp_path, settings)
    sid = add_submission(engine, desk)
    app = create_app(desk.settings, engine)
    with serve(app) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{base}/desk/login?next=/desk/protect")
        page.fill("input[name=username]", "helper")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.fill("input[name=passphrase]", PASSPHRASE)
        page.click("form.unlock button[type=submit]")
        page.goto(f"{base}/desk/protect/s/{sid}")
        assert page.locator(".brush-tools").is_hidden()  # the brush needs JavaScript
        row = page.locator(".mask-row.empty-row").first
        for name, value in (("mask_x", "10"), ("mask_y", "20"), ("mask_w", "50"), ("mask_h", "30")):
            row.locator(f"input[name={name}]").fill(value)
        page.click("form.masks button[type=submit]")
        page.wait_for_url(f"{base}/desk/protect/s/{sid}?done=**")
        page.click("form.confirm button[type=submit]")
        page.wait_for_url(f"{base}/desk/protect/s/{sid}?done=**")
        assert "Masks confirmed by" in page.content()
    with Session(engine) as session:
        opened = inbox.open_submission(
            session, desk.protect.intake.vault, sid, desk.protect.private, "test"
        )
        image = next(a for a in opened.attachments if a.kind == "image")
        copy = inbox.open_file(
            session, desk.protect.intake.vault, image.id, desk.protect.private, "test", "public"
        )
    assert [m[:4] for m in image.masks] == [[10.0, 20.0, 50.0, 30.0]]
    assert image.masks_confirmed_by and "helper" in image.masks_confirmed_by
    assert is_black(pixel(copy, (35, 35))) and is_photo(pixel(copy, (200, 200)))
