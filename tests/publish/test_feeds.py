"""Atom feeds stay well-formed whatever the text holds; cursors resist tampering."""

from __future__ import annotations

from datetime import UTC, date, datetime

import feedparser
import pytest

from civicspace.errors import InvalidInput
from civicspace.publish.feeds import atom_feed
from civicspace.publish.query import decode_cursor, encode_cursor


def test_hostile_text_is_escaped_and_control_characters_dropped() -> None:
    now = datetime(2024, 5, 1, tzinfo=UTC)
    item = {
        "id": 1,
        "title": "<script>alert(1)</script> & \x00\x07 ]]> title",
        "summary": "summary with \x1b escape and <b>tags</b>",
        "place": None,
        "country": "KE",
        "country_name": "Kenya",
        "start_date": date(2024, 4, 30),
        "violations": ["attack"],
        "targets": ["hrd"],
        "updated_at": now,
        "published_at": now,
    }
    body = atom_feed(
        title="t",
        self_url="http://x/f",
        alternate_url="http://x/",
        base_url="http://x",
        items=[item],
    )
    assert b"\x00" not in body and b"\x1b" not in body
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.bozo_exception
    assert "&lt;script&gt;" in body.decode()
    assert feed.entries[0].title.startswith("<script>")  # as text, not markup
    assert [t.term for t in feed.entries[0].tags] == ["attack", "hrd", "KE"]


def test_cursor_round_trip_and_tampering() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    cursor = encode_cursor("-published_at", when, 42)
    assert decode_cursor(cursor, "-published_at") == (when, 42)
    for bad in ("", "!!!", cursor[:-3], encode_cursor("id", 5, 5)):
        with pytest.raises(InvalidInput):
            decode_cursor(bad, "-published_at")
