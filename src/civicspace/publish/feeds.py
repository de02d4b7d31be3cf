"""Atom feeds (RFC 4287) of published incidents, written with ElementTree (always escaped).

Characters that XML 1.0 forbids (control characters) are dropped from every text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from civicspace.codebook import load_codebook
from civicspace.publish.exports import public_url

ATOM = "http://www.w3.org/2005/Atom"
SCHEME = "https://civicspace.org/codebook/"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ET.register_namespace("", ATOM)


def _clean(text: str) -> str:
    return _BAD_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def atom_feed(
    *,
    title: str,
    self_url: str,
    alternate_url: str,
    base_url: str,
    items: Sequence[dict[str, Any]],
) -> bytes:
    """The Atom document for ``items`` (public records, newest first)."""
    cb = load_codebook()
    labels = {t.id: t.label for kind in ("violations", "targets") for t in getattr(cb, kind)}
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", self_url)
    _sub(feed, "title", title)
    updated = max((i["updated_at"] for i in items), default=datetime(2000, 1, 1, tzinfo=UTC))
    _sub(feed, "updated", _iso(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    author = _sub(feed, "author")
    _sub(author, "name", "civicspace")
    _sub(feed, "generator", "civicspace")
    for item in items:
        url = public_url(base_url, item["id"])
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", item["title"])
        _sub(entry, "updated", _iso(item["updated_at"]))
        _sub(entry, "published", _iso(item["published_at"]))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        where = ", ".join(x for x in (item["place"], item["country_name"]) if x)
        when = item["start_date"].isoformat() if item["start_date"] else ""
        lead = " · ".join(x for x in (when, where) if x)
        _sub(entry, "summary", (f"{lead}. " if lead else "") + (item["summary"] or ""))
        for kind in ("violations", "targets"):
            for term in item[kind]:
                label = labels.get(term, term)
                _sub(entry, "category", term=term, scheme=SCHEME + kind, label=label)
        if item["country"]:
            _sub(entry, "category", term=item["country"], scheme=SCHEME + "countries")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
