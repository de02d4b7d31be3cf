"""Intake of contributions: files to text, dialogue turns, consent and anonymity."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from civicspace.errors import InvalidInput
from civicspace.listen.dialogue import parse_turns
from civicspace.listen.intake import ContributionType, take_in, take_in_file
from civicspace.listen.readers import markdown_text, read_document

TRANSCRIPT = """Facilitator notes, Nairobi dialogue.
[00:00:05] Amina Odhiambo: The police stopped our meeting
and took our banners.
[00:01:10] John Mwangi - Amina is right, they came without a warrant.
Q: What did you do next?
Amina Odhiambo: We moved the meeting online.
"""


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a real text layer, written by hand (no PDF library needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_txt_markdown_docx_and_pdf(tmp_path: Path) -> None:
    assert read_document(b"Plain words.\n", "a.txt") == "Plain words."
    md = "# Title\n\n- **Bold** point with a [link](https://x.example)\n> quoted `code`\n"
    assert markdown_text(md) == "Title\n\nBold point with a link\nquoted code\n"
    document = docx.Document()
    document.add_paragraph("First paragraph of the essay.")
    document.add_paragraph("Second paragraph.")
    buf = io.BytesIO()
    document.save(buf)
    assert read_document(buf.getvalue(), "essay.DOCX") == (
        "First paragraph of the essay.\nSecond paragraph."
    )
    assert read_document(minimal_pdf("Freedom of assembly matters"), "x.pdf") == (
        "Freedom of assembly matters"
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"x", "a.exe", "unsupported file type"),
        (b"not a zip", "a.docx", "not a readable .docx"),
        (b"%PDF-1.4 garbage", "a.pdf", "a.pdf"),
        (b"   \n", "a.txt", "no text"),
        (b"\xff\xfe\x00\xd8", "a.txt", "not UTF-8"),
    ],
)
def test_unreadable_files_are_clear_errors(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_document(data, name)


def test_dialogue_turns() -> None:
    turns = parse_turns(TRANSCRIPT)
    assert [t.speaker for t in turns] == [
        None,
        "Amina Odhiambo",
        "John Mwangi",
        "Q",
        "Amina Odhiambo",
    ]
    assert turns[1].text == "The police stopped our meeting and took our banners."
    assert turns[2].text == "Amina is right, they came without a warrant."


def test_named_dialogue_keeps_names() -> None:
    s = take_in(
        TRANSCRIPT,
        type=ContributionType.dialogue,
        consent=True,
        anonymous=False,
        country="ke",
        author="Grace Wanjiru",
    )
    assert s.author == s.display_name == "Grace Wanjiru"
    assert s.country == "KE" and s.language == "en"
    assert "Amina Odhiambo" in s.text


def test_anonymous_dialogue_never_carries_a_name() -> None:
    s = take_in(
        TRANSCRIPT + "Thanks to Grace for hosting.",
        type=ContributionType.dialogue,
        consent=True,
        anonymous=True,
        author="Grace Wanjiru",
        title="Grace's dialogue",
    )
    assert s.author is None and s.display_name == "Anonymous"
    assert [t.speaker for t in s.turns] == [None, "Speaker 1", "Speaker 2", "Q", "Speaker 1"]
    everything = " ".join([s.text, s.title or "", *(t.text for t in s.turns)])
    for name in ("Amina", "Odhiambo", "John", "Mwangi", "Grace", "Wanjiru"):
        assert name not in everything
    assert "Speaker 1 is right" in s.text
    assert s.contribution("q").text == s.text


def test_anonymous_essay_file(tmp_path: Path) -> None:
    s = take_in_file(
        b"Ich, Jana Novak, habe Angst vor Polizeigewalt bei Demonstrationen.",
        "essay.txt",
        type=ContributionType.essay,
        consent=True,
        anonymous=True,
        author="Jana Novak",
    )
    assert "Jana" not in s.text and "Novak" not in s.text and s.language == "de"


def test_no_consent_keeps_nothing() -> None:
    with pytest.raises(InvalidInput, match="consent"):
        take_in("text", type=ContributionType.essay, consent=False, anonymous=False)
