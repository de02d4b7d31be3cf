"""Letters and posters to PDF (WeasyPrint: Pango and HarfBuzz shape Arabic and Hangul), and the
share image to PNG (the square page drawn by PDFium).

HTML comes from the Jinja templates beside this module, autoescaped, so a supporter's words are
text and never markup; WeasyPrint may read only the font files that :mod:`.fonts` found, nothing
else (no network, no other file). A poster is one page whatever the length of the words (the
type shrinks with them, up to :data:`~civicspace.letters.model.MAX_WORDS` characters).
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from civicspace.letters import fonts
from civicspace.letters.address import Wording
from civicspace.letters.model import Kind, Paper

SHARE_PX = 1080  # the share image is SHARE_PX × SHARE_PX
# (characters of the supporter's words up to, their type size in pt on A4)
WORD_SIZES = ((80, 34), (200, 26), (450, 18), (900, 13), (10**9, 10.5))


@dataclass(frozen=True)
class Layout:
    size: str  # CSS @page size
    margin: str
    frame_height: str  # the poster's frame: the page less its margins
    scale: float  # poster type relative to A4


LAYOUTS = {
    Paper.a4: Layout("210mm 297mm", "15mm", "267mm", 1.0),
    Paper.letter: Layout("8.5in 11in", "15mm", "249.4mm", 0.96),  # 279.4mm less the margins
    Paper.share: Layout(f"{SHARE_PX}px {SHARE_PX}px", "24px", f"{SHARE_PX - 48}px", 0.95),
}

# One render at a time: Pango's font setup is shared state, and a render is CPU work anyway.
_LOCK = threading.Lock()

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("civicspace.letters", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def _poster_sizes(w: Wording, layout: Layout) -> dict[str, Any]:
    """Type sizes that keep the poster on one page: smaller as the words grow."""
    chars = sum(len(p) for p in w.words)
    words_pt = next(pt for limit, pt in WORD_SIZES if chars <= limit)
    headline_pt = 40 if len(w.headline) <= 60 else 30
    s = layout.scale
    return {
        "base": f"{14 * s:.1f}pt",
        "headline": f"{headline_pt * s:.1f}pt",
        "words": f"{words_pt * s:.1f}pt",
        "hashtag": f"{30 * s:.1f}pt",
        "rules": 7 if layout is not LAYOUTS[Paper.share] else 4,
        "box_height": "42%" if layout is not LAYOUTS[Paper.share] else "35%",
        "rule": f"{14 * 2.2 * s:.1f}pt",
    }


def html(w: Wording, kind: Kind, paper: Paper, faces: list[fonts.Face]) -> str:
    """The page as HTML (``faces`` from :func:`civicspace.letters.fonts.faces`)."""
    layout = LAYOUTS[paper]
    template = "poster.html" if kind is Kind.poster or paper is Paper.share else "letter.html"
    context: dict[str, Any] = {
        "w": w,
        "faces": [{"family": f.family, "url": f.path.as_uri(), "bold": f.bold} for f in faces],
        "families": fonts.families(faces),
        "size": layout.size,
        "margin": layout.margin,
        "frame_height": layout.frame_height,
        "rule": "2.4em",
    }
    if template == "poster.html":
        context.update(_poster_sizes(w, layout))
    return _env.get_template(template).render(**context)


def _fetcher(faces: list[fonts.Face]) -> Any:
    """A URL fetcher for WeasyPrint that serves the chosen font files and refuses the rest."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {f.path.as_uri(): f.path for f in faces}

    class FontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = allowed.get(url)
            if path is None:
                raise ValueError(f"letters load nothing but their fonts, not {url[:80]!r}")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})

    return FontsOnly()


def pdf(w: Wording, kind: Kind, paper: Paper, font_dirs: tuple[Path, ...] = ()) -> bytes:
    """The PDF of ``w`` as ``kind`` on ``paper``."""
    import weasyprint  # imported here: it loads Pango at import, which the CLI rarely needs

    found = fonts.faces(w.lang, font_dirs)
    document = weasyprint.HTML(
        string=html(w, kind, paper, found), url_fetcher=_fetcher(found), base_url="about:blank"
    )
    with _LOCK:
        out: bytes = document.write_pdf()
    return out


def png(w: Wording, font_dirs: tuple[Path, ...] = ()) -> bytes:
    """The share image: the poster on a square page, SHARE_PX × SHARE_PX pixels."""
    import pypdfium2

    data = pdf(w, Kind.poster, Paper.share, font_dirs)
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        width_pt = page.get_width()
        image = page.render(scale=SHARE_PX / width_pt).to_pil()
    finally:
        document.close()
    if image.size != (SHARE_PX, SHARE_PX):  # a rounding pixel at most
        image = image.resize((SHARE_PX, SHARE_PX))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=True)
    return buf.getvalue()


__all__ = ["LAYOUTS", "SHARE_PX", "html", "pdf", "png"]
