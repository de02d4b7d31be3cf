"""``civicspace listen themes``: the JSON contract, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.errors import InvalidInput
from civicspace.textvec import multilingual

CORPUS = Path(__file__).parent / "fixtures" / "contributions.jsonl"


def invoke(*args: str) -> tuple[int, str, BaseException | None]:
    """In-process run (errors surface as the exception ``main()`` would turn into one line)."""
    result = CliRunner().invoke(app, ["listen", "themes", *args])
    return result.exit_code, result.stdout, result.exception


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """A real process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "civicspace.cli", "listen", "themes", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_themes_contract(tmp_path: Path) -> None:
    out = tmp_path / "themes.json"
    code, _, exc = invoke("--input", str(CORPUS), "--output", str(out))
    assert code == 0, exc
    doc = json.loads(out.read_text("utf-8"))
    texts = {
        (row := json.loads(line))["id"]: row["text"]
        for line in CORPUS.read_text("utf-8").splitlines()
    }
    assert doc["themes"]
    for theme in doc["themes"]:
        assert {"id", "label", "items", "quotes"} <= theme.keys()
        assert isinstance(theme["label"], str) and theme["label"]
        assert set(theme["items"]) <= texts.keys()
        for q in theme["quotes"]:
            assert texts[q["id"]][q["start"] : q["end"]] == q["text"]
            assert q["id"] in theme["items"]
    assert len({t["id"] for t in doc["themes"]}) == len(doc["themes"])


def test_themes_to_stdout(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t})
            for i, t in enumerate(["Free the jailed reporters.", "Release jailed journalists now."])
        )
        + "\n"
    )
    code, stdout, exc = invoke("--input", str(src))
    assert code == 0, exc
    doc = json.loads(stdout)
    assert doc["themes"][0]["items"] == ["0", "1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "fine"}\n{"id": "b", "text": \n', "line 2: not valid JSON"),
        ('{"id": "a", "text": "fine"}\n\n["a list"]\n', "line 3: expected a JSON object"),
        ('{"text": "no id"}\n', "line 1: 'id' must be"),
        ('{"id": "a", "text": ""}\n', "line 1: 'text' must be a non-empty string"),
        ('{"id": "a", "text": "x", "question": 3}\n', "line 1: 'question' must be a string"),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "line 2: duplicate id 'a'"),
    ],
)
def test_bad_lines_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(content)
    out = tmp_path / "out.json"
    code, _, exc = invoke("--input", str(src), "--output", str(out))
    assert code != 0
    assert isinstance(exc, InvalidInput) and message in str(exc)
    assert not out.exists()


def test_missing_input_file(tmp_path: Path) -> None:
    _, _, exc = invoke("--input", str(tmp_path / "nope.jsonl"))
    assert isinstance(exc, InvalidInput) and "input file not found" in str(exc)


def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": \n')
    result = run("--input", str(src))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["error: line 2: not valid JSON (Expecting value)"], result.stderr
    assert result.stdout == ""


@pytest.mark.skipif(
    not multilingual.available(),
    reason=f"the {multilingual.PACKAGE} package (multilingual sentence vectors) is not installed",
)
def test_themes_across_languages(tmp_path: Path) -> None:
    """Statements in English, German and Chinese (no language given: guessed) share themes;
    ``--no-multilingual`` takes the WordLlama path."""
    rows = json.loads((Path(__file__).parent / "fixtures" / "translations.json").read_text("utf-8"))
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"id": f"s{i}-{lang}", "text": text}, ensure_ascii=False)
            for i, (_, texts) in enumerate(rows)
            for lang, text in texts.items()
        ),
        encoding="utf-8",
    )
    for flag, kind in (([], "multilingual"), (["--no-multilingual"], "wordllama")):
        out = tmp_path / f"{kind}.json"
        code, _, exc = invoke("--input", str(src), "--output", str(out), *flag)
        assert code == 0, exc
        doc = json.loads(out.read_text("utf-8"))
        assert doc["vectors"] == [kind]
        whole = [  # themes made of whole statements: each in all three languages
            t
            for t in doc["themes"]
            if len(t["items"]) == 3 * len({i.split("-")[0] for i in t["items"]})
        ]
        assert len(whole) == (len(doc["themes"]) if kind == "multilingual" else 0)
