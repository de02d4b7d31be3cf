"""Plain text of an HTML fragment (a feed item's content or summary) that keeps its structure.

``lxml``'s ``text_content()`` glues blocks together ("21 AprilA man…"); here block elements
end a line, paragraphs are separated by a blank line, ``<br>`` breaks a line, table cells are
spaced, scripts and styles are dropped, and runs of spaces are collapsed. Safe on hostile
markup: anything lxml cannot parse comes back as the stripped input.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

# Blocks that stand apart from their neighbours by a blank line.
PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
     "figure", "section", "article", "header", "footer", "aside", "hr", "address", "details"}
)  # fmt: skip
# Blocks that only end a line.
LINES = frozenset(
    {"div", "li", "tr", "dt", "dd", "figcaption", "caption", "summary", "main", "nav", "form"}
)
CELLS = frozenset({"td", "th"})
DROPPED = frozenset({"script", "style", "template", "noscript", "head", "title"})

_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BREAKS = re.compile(r"\n{3,}")
PARA, LINE, BREAK = "\x00P", "\x00L", "\x00B"  # markers, resolved once the walk is done


def _walk(element: lxml.html.HtmlElement, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag in DROPPED or not tag:  # comments and processing instructions have no str tag
        if element.tail:
            out.append(element.tail)
        return
    marker = PARA if tag in PARAGRAPHS else LINE if tag in LINES else ""
    if marker:
        out.append(marker)
    if tag == "br":
        out.append(BREAK)
    if tag in CELLS:
        out.append(" ")
    if element.text:
        out.append(element.text)
    for child in element:
        _walk(child, out)
    if marker:
        out.append(marker)
    if tag in CELLS:
        out.append(" ")
    if element.tail:
        out.append(element.tail)


def _resolve(pieces: list[str]) -> str:
    """Join the walk: source whitespace is a space; a run of block markers is one line break,
    or a blank line if a paragraph is among them; each ``<br>`` is a line break of its own."""
    text = _SPACES.sub(" ", "".join(pieces).replace("\n", " "))
    parts: list[str] = []
    pending = ""  # the break owed before the next text
    for chunk in re.split(r"(\x00[PLB])", text):
        if chunk == PARA:
            pending = "\n\n"
        elif chunk == LINE:
            pending = pending or "\n"
        elif chunk == BREAK:
            pending = (pending + "\n")[:2]
        elif chunk.strip():
            if parts and pending:
                parts.append(pending)
            parts.append(chunk)
            pending = ""
        elif chunk and parts and not pending:
            parts.append(" ")
    joined = "".join(parts)
    joined = "\n".join(line.strip() for line in joined.split("\n"))
    return _BREAKS.sub("\n\n", joined).strip()


def fragment_text(fragment: str) -> str:
    """The text of ``fragment`` with block boundaries kept as line breaks."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return fragment.strip()
    out: list[str] = []
    _walk(root, out)
    return _resolve(out)
