"""The automatic support reply: the packaged file, an organisation's own file, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicspace.errors import InvalidInput
from civicspace.protect import support

OWN = """
version: 1
intro: {en: "Thank you.", fr: "Merci."}
closing: {en: "Keep your code safe."}
headings:
  legal_aid: {en: "Legal aid", fr: "Aide juridique"}
  psychosocial: {en: "Psychosocial support"}
  digital_security: {en: "Digital security"}
resources:
  "*":
    digital_security:
      - {name: "Global helpline", contact: "help@example.org"}
  sn:
    legal_aid:
      - name: "Dakar lawyers"
        contact: "+221 33 000 00 00"
        note: {fr: "Du lundi au vendredi", en: "Monday to Friday"}
"""


def test_packaged_file_has_every_language_of_the_form() -> None:
    book = support.load()
    for lang in ("en", "fr", "es", "ar"):
        text = support.message(book, lang, "KE")
        assert text.startswith(book.intro[lang]), lang
        assert book.headings["digital_security"][lang] in text, lang
        assert "help@accessnow.org" in text


def test_country_first_then_everywhere_in_the_senders_language(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_text(OWN, "utf-8")
    book = support.load(path)
    french = support.message(book, "fr", "SN")
    assert french.index("Aide juridique") < french.index("Digital security")  # en fallback
    assert "Dakar lawyers · +221 33 000 00 00 · Du lundi au vendredi" in french
    assert french.startswith("Merci.") and french.endswith("Keep your code safe.")
    elsewhere = support.message(book, "es", "KE")
    assert "Dakar lawyers" not in elsewhere and "Global helpline" in elsewhere
    assert elsewhere.startswith("Thank you.")  # no Spanish intro: English
    assert "Global helpline" in support.message(book, "en", None)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("version: 2\nintro: {en: x}", "version: 1"),
        ("version: 1\nintro: {fr: x}", "English"),
        ("version: 1\nintro: {en: x}\nresources: {KEN: {}}", "not a country code"),
        ("version: 1\nintro: {en: x}\nresources: {KE: {food: []}}", "not one of"),
        ("version: 1\nintro: {en: x}\nresources: {KE: {legal_aid: [{contact: y}]}}", "a name"),
        ("version: 1\nintro: [", "not YAML"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / f"bad{abs(hash(text))}.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(InvalidInput, match=error):
        support.load(path)
