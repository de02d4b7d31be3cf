"""Checks on printed pages: PDFs drawn to pixels (PDFium) and read back as text.

* :func:`pages` → one PIL image per page; :func:`text` → the text of every page, in logical order;
* :func:`page_sizes` in points (A4 is 595.28 × 841.89, US Letter 612 × 792);
* :func:`edge_ink` → the darkest pixels found within a band along the edges (nothing printed there
  means nothing was cut off by the page edge);
* :func:`glyphs_per_char` → for each character, the glyphs of the embedded fonts that stand for it
  (read from their ToUnicode maps): an Arabic letter drawn by more than one glyph was shaped
  (initial, medial, final forms), an unshaped one has a single, isolated form.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

import pypdf
import pypdfium2
from PIL import Image, ImageOps


def pages(pdf: bytes, dpi: int = 50) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [tuple(page.get_size()) for page in document]  # type: ignore[misc]
    finally:
        document.close()


def text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def text_box(pdf: bytes, needle: str) -> tuple[float, float]:
    """Left and right edges (points) of the first place ``needle`` is printed on page one."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        found = textpage.search(needle).get_next()
        assert found is not None, f"{needle!r} is not on the page"
        index, count = found
        boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
        return min(b[0] for b in boxes), max(b[2] for b in boxes)
    finally:
        document.close()


def squash(value: str) -> str:
    """Text without any whitespace: line breaks fall where the layout puts them."""
    return re.sub(r"\s+", "", value)


def edge_ink(image: Image.Image, band: int) -> int:
    """How dark the darkest pixel within ``band`` pixels of any edge is (0: pure white)."""
    gray = ImageOps.grayscale(image)
    w, h = gray.size
    darkest = 0
    for box in ((0, 0, w, band), (0, h - band, w, h), (0, 0, band, h), (w - band, 0, w, h)):
        low, _high = gray.crop(box).getextrema()
        darkest = max(darkest, 255 - int(low))
    return darkest


def ink_share(image: Image.Image) -> float:
    """The share of pixels that are not near-white."""
    gray = ImageOps.grayscale(image)
    histogram = gray.histogram()
    return sum(histogram[:240]) / (gray.size[0] * gray.size[1])


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def glyphs_per_char(pdf: bytes) -> dict[str, set[tuple[str, int]]]:
    """Character → the (font, glyph id) pairs that the embedded fonts map to it."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for name, ref in fonts.items():
            font = ref.get_object()
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            data = cmap.get_object().get_data()
            for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
                for gid, uni in _BFCHAR.findall(block):
                    chars = bytes.fromhex(uni.decode()).decode("utf-16-be")
                    if len(chars) == 1:
                        found[chars].add((str(name), int(gid, 16)))
            for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
                for lo, hi, start in re.findall(
                    rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
                ):
                    base = int(start, 16)
                    for i, gid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                        found[chr(base + i)].add((str(name), gid))
    return found


__all__ = [
    "edge_ink",
    "glyphs_per_char",
    "ink_share",
    "page_sizes",
    "pages",
    "squash",
    "text",
    "text_box",
]
