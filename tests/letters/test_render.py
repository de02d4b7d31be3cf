"""Letters and posters drawn to pixels and read back: the words are there, in the right script
and shaped, nothing touches the page edge, the pages are exactly A4 or US Letter."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from PIL import Image

from civicspace.letters import Kind, LetterRequest, Paper, fonts
from civicspace.letters.address import compose, forms
from civicspace.letters.model import MAX_WORDS
from civicspace.letters.render import SHARE_PX, _fetcher, pdf, png
from tests.support.pdf_checks import (
    edge_ink,
    glyphs_per_char,
    ink_share,
    page_sizes,
    pages,
    squash,
    text,
    text_box,
)

SIZES = {Paper.a4: (595.28, 841.89), Paper.letter: (612.0, 792.0)}
WORDS = {
    "en": "Release Maria and every defender jailed for speaking out.",
    "es": "Liberen a María y a todas las defensoras encarceladas por hablar.",
    "ar": "أطلقوا سراح مريم وكل المدافعات المسجونات بسبب كلماتهن.",
    "ko": "말했다는 이유로 갇힌 마리아와 모든 인권 옹호자를 석방하십시오.",
}
EDGE_PX = 15  # at 50 dpi, 7.6 mm: the pages keep a 15 mm margin
HANGUL = range(0xAC00, 0xD7A4)


def _request(lang: str, kind: Kind, paper: Paper, words: str) -> LetterRequest:
    return LetterRequest(
        kind=kind,
        lang=lang,
        paper=paper,
        recipient="head_of_state",
        country="MX",
        words=words,
        name="Ana",
        day=date(2026, 3, 19),
    )


def _nothing_at_the_edges(document: bytes) -> None:
    for number, image in enumerate(pages(document), 1):
        assert edge_ink(image, EDGE_PX) == 0, f"page {number}: ink within {EDGE_PX}px of an edge"
        assert ink_share(image) > 0.005, f"page {number} is blank"


@pytest.mark.parametrize("lang", list(WORDS))
@pytest.mark.parametrize("kind", [Kind.poster, Kind.letter])
@pytest.mark.parametrize("paper", [Paper.a4, Paper.letter])
def test_page_says_it_all_within_the_margins(
    fonts_for: Callable[[str], None], lang: str, kind: Kind, paper: Paper
) -> None:
    fonts_for(lang)
    request = _request(lang, kind, paper, WORDS[lang])
    wording = compose(request)
    document = pdf(wording, kind, paper)

    sizes = page_sizes(document)
    assert len(sizes) == 1
    assert sizes[0] == pytest.approx(SIZES[paper], abs=0.05)
    found = squash(text(document))
    for part in (
        WORDS[lang],
        wording.to,
        wording.headline if kind is Kind.poster else wording.opening,
    ):
        assert squash(part) in found, part
    assert "#DefendDefenders" in found
    _nothing_at_the_edges(document)


def test_arabic_is_arabic_and_shaped(fonts_for: Callable[[str], None]) -> None:
    fonts_for("ar")
    document = pdf(
        compose(_request("ar", Kind.letter, Paper.a4, WORDS["ar"])), Kind.letter, Paper.a4
    )
    found = text(document)
    assert squash(WORDS["ar"]) in squash(found)  # read back in logical order
    assert not any(0xFB50 <= ord(c) <= 0xFEFF for c in found)  # no presentation-form code points
    # Lam (ل) joins on both sides: shaped text draws it with several glyphs of one font.
    forms_of_lam: dict[str, set[int]] = {}
    for font, gid in glyphs_per_char(document)["ل"]:
        forms_of_lam.setdefault(font, set()).add(gid)
    assert max(len(g) for g in forms_of_lam.values()) >= 3, forms_of_lam
    # The page reads right to left: the short salutation stands against the right margin.
    left, right = text_box(document, forms()["ar"]["recipients"]["head_of_state"]["salutation"])
    assert left > SIZES[Paper.a4][0] / 2
    assert right == pytest.approx(SIZES[Paper.a4][0] - 15 / 25.4 * 72, abs=3)


def test_korean_is_hangul(fonts_for: Callable[[str], None]) -> None:
    fonts_for("ko")
    document = pdf(
        compose(_request("ko", Kind.poster, Paper.a4, WORDS["ko"])), Kind.poster, Paper.a4
    )
    found = text(document)
    assert sum(ord(c) in HANGUL for c in found) > 40
    assert squash(forms()["ko"]["headline"]) in squash(found)


@pytest.mark.parametrize("lang", list(WORDS))
@pytest.mark.parametrize("paper", [Paper.a4, Paper.letter])
def test_the_longest_words_wrap_on_one_poster(
    fonts_for: Callable[[str], None], lang: str, paper: Paper
) -> None:
    fonts_for(lang)
    words = (WORDS[lang] + " ") * (MAX_WORDS // len(WORDS[lang]))
    words = words[:MAX_WORDS].rsplit(" ", 1)[0] + " FIN"
    unbroken = "x" * 300  # one "word" longer than any line must break, not run off the page
    document = pdf(
        compose(_request(lang, Kind.poster, paper, words[: MAX_WORDS - 302] + "\n\n" + unbroken)),
        Kind.poster,
        paper,
    )
    assert len(page_sizes(document)) == 1
    found = squash(text(document))
    assert squash(unbroken) in found
    _nothing_at_the_edges(document)


def test_a_long_letter_flows_onto_pages_within_the_margins(
    fonts_for: Callable[[str], None],
) -> None:
    fonts_for("es")
    words = "\n\n".join([WORDS["es"] * 3] * 6)[:MAX_WORDS]
    document = pdf(
        compose(_request("es", Kind.letter, Paper.letter, words)), Kind.letter, Paper.letter
    )
    assert all(s == pytest.approx(SIZES[Paper.letter], abs=0.05) for s in page_sizes(document))
    assert squash(words) in squash(text(document))
    _nothing_at_the_edges(document)


def test_handwriting_version_has_room_and_no_typed_words(fonts_for: Callable[[str], None]) -> None:
    fonts_for("en")
    wording = compose(_request("en", Kind.poster, Paper.a4, ""))
    document = pdf(wording, Kind.poster, Paper.a4)
    found = text(document)
    assert "Write your message here" in found
    assert "To the Head of State of Mexico" in found


def test_general_version_names_no_government(fonts_for: Callable[[str], None]) -> None:
    fonts_for("es")
    request = LetterRequest(kind="letter", lang="es", words="Basta.")
    found = text(pdf(compose(request), Kind.letter, Paper.a4))
    assert "A todos los gobiernos" in found
    assert "A quien corresponda:" in found
    assert "Estado" not in found


def test_words_are_text_never_markup(fonts_for: Callable[[str], None]) -> None:
    fonts_for("en")
    words = '<img src="file:///etc/passwd"> <b>bold</b> </style><style>@import url(x)</style>'
    found = text(pdf(compose(_request("en", Kind.letter, Paper.a4, words)), Kind.letter, Paper.a4))
    assert squash(words) in squash(found)


def test_the_renderer_reads_its_fonts_and_nothing_else(fonts_for: Callable[[str], None]) -> None:
    fonts_for("en")
    found = fonts.faces("en")
    fetch = _fetcher(found)
    assert fetch.fetch(found[0].path.as_uri()).status == 200
    for url in ("file:///etc/passwd", "http://127.0.0.1/", "data:text/css,x"):
        with pytest.raises(ValueError, match="nothing but their fonts"):
            fetch.fetch(url)


@pytest.mark.parametrize("lang", ["en", "ar", "ko"])
def test_share_image_is_square_and_drawn(fonts_for: Callable[[str], None], lang: str) -> None:
    fonts_for(lang)
    data = png(compose(_request(lang, Kind.poster, Paper.a4, WORDS[lang])))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (SHARE_PX, SHARE_PX)
    assert 0.01 < ink_share(image) < 0.5
    assert edge_ink(image, 12) == 0
    other = png(compose(_request(lang, Kind.poster, Paper.a4, "")))
    assert other != data  # the words are drawn
