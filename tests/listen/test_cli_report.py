"""``civicspace listen import`` and ``civicspace listen report`` against the test database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from civicspace.cli import app
from tests.support.listen_seed import DIALOGUE, NEW_TOPIC, SECRET_SPEAKER

CORPUS = Path(__file__).parent / "fixtures" / "contributions.jsonl"


def _pango() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["listen", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.mark.skipif(not _pango(), reason="WeasyPrint needs the system's Pango")
def test_import_then_report_as_html_pdf_and_json(cli_env: str, tmp_path: Path) -> None:
    dialogue = tmp_path / "dialogue.txt"
    dialogue.write_text(DIALOGUE, encoding="utf-8")
    code, out = invoke(
        "import", str(CORPUS), "--project", "Reimagining Democracy", "--consent", "--type",
        "comment",
    )  # fmt: skip
    assert code == 0, out
    assert "19 new contributions" in out and "reimagining-democracy" in out
    code, out = invoke(
        "import", str(dialogue), "-p", "reimagining-democracy", "--consent", "--type",
        "dialogue", "--country", "KEN",
    )  # fmt: skip
    assert code == 0 and "1 new contributions" in out, out
    code, out = invoke(
        "import", str(CORPUS), "-p", "Reimagining Democracy", "--consent", "--type", "comment"
    )
    assert code == 0 and "0 new contributions (19 already there)" in out, out
    more = tmp_path / "more.jsonl"
    more.write_text(
        "\n".join(json.dumps({"text": t, "country": c}) for t, c in NEW_TOPIC), encoding="utf-8"
    )
    code, out = invoke("import", str(more), "-p", "Reimagining Democracy", "--consent")
    assert code == 0 and "1 new themes" in out, out

    for fmt in ("html", "pdf", "json"):
        target = tmp_path / f"report.{fmt}"
        code, out = invoke(
            "report", "--project", "Reimagining Democracy", "--format", fmt, "--output",
            str(target),
        )  # fmt: skip
        assert code == 0, out
    html = (tmp_path / "report.html").read_text("utf-8")
    pdf = "\n".join(
        p.extract_text()
        for p in pypdf.PdfReader(io.BytesIO((tmp_path / "report.pdf").read_bytes())).pages
    )
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    for text in (html, pdf, json.dumps(data, ensure_ascii=False)):
        for part in SECRET_SPEAKER.split():
            assert part not in text
    assert data["totals"]["contributions"] == 23
    assert 'href="#quotes-' in html and 'class="quote-link" href="#claim-' in html
    first = data["themes"][0]
    assert first["label"] in pdf.replace("\n", " ") or first["label"][:30] in pdf


def test_bad_input_is_one_line(cli_env: str, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Police arrested our members.", encoding="utf-8")
    code, out = invoke("import", str(note), "-p", "X")  # no --consent
    assert code == 2 and "consent" in out
    code, out = invoke("import", str(note), "-p", "X", "--consent", "--author", "Someone")
    assert code == 2 and "--named" in out
    code, out = invoke("import", str(note), "-p", "X", "--consent", "--type", "poem")
    assert code == 2 and "--type" in out
    code, out = invoke("import", str(tmp_path / "missing.txt"), "-p", "X", "--consent")
    assert code == 2 and "cannot read" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"txt": "no"}\n', encoding="utf-8")
    code, out = invoke("import", str(bad), "-p", "X", "--consent")
    assert code == 2 and "line 2" in out
    code, out = invoke("report", "-p", "nothing-here", "-o", str(tmp_path / "r.html"))
    assert code == 2 and "no listen project" in out
