"""Feed items keep their paragraph breaks: "21 April" and "A man…" stay apart in stored text."""

from __future__ import annotations

from civicspace.extract.fragment import fragment_text
from civicspace.ingest.items import Item
from civicspace.ingest.process import Limits, process_item
from civicspace.sources.feeds import parse_feed

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbourtown Post</title><link>https://post.example/</link>
<item>
  <title>Man held after filming police at market</title>
  <link>https://post.example/2026/04/21/man-held</link>
  <pubDate>Tue, 21 Apr 2026 09:12:00 +0000</pubDate>
  <description>&lt;p&gt;A man was held.&lt;/p&gt;</description>
  <content:encoded><![CDATA[<div class="dateline"><strong>Harbourtown</strong><br/>21 April</div><p>A man who filmed officers at the central market was detained for six hours, his lawyer said. Police accused him of <em>obstruction</em>.</p><h2>Phone seized</h2><p>His phone was kept.<br>He was released without charge.</p><ul><li>Lawyer: Ms Okoth</li><li>Station: Central</li></ul><blockquote>"Filming is not a crime."</blockquote><table><tr><td>Held</td><td>6 h</td></tr></table>]]></content:encoded>
</item></channel></rss>"""


def test_block_boundaries_survive_extraction() -> None:
    entry = parse_feed(FEED).entries[0]
    assert entry.content is not None
    text = fragment_text(entry.content)
    assert "21 AprilA man" not in text
    assert "Harbourtown\n21 April\n\nA man who filmed" in text
    assert "of obstruction." in text  # inline elements stay inline
    assert "\n\nPhone seized\n\nHis phone was kept.\nHe was released" in text
    assert "Lawyer: Ms Okoth\nStation: Central" in text
    assert "Held 6 h" in text
    assert "\n\n\n" not in text and text == text.strip()


def test_stored_text_of_a_feed_item_keeps_paragraphs() -> None:
    entry = parse_feed(FEED).entries[0]
    item = Item(input_key="k", origin="feed", title=entry.title, text=entry.content)
    result = process_item(item, Limits(min_chars=10))
    assert result.outcome == "stored", result.reason
    assert result.text is not None
    assert "21 April\n\nA man who filmed" in result.text


def test_plain_text_and_hostile_markup() -> None:
    assert fragment_text("just text") == "just text"
    assert fragment_text("<p>one</p><script>alert(1)</script><p>two</p>") == "one\n\ntwo"
    assert fragment_text("<p>a&nbsp;b   c</p>") == "a b c"
    assert fragment_text("<<<>>>") in ("<<<>>>", "")
