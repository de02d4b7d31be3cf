"""Long general news on the training side (``training/news_long.py``, news-long): the English
pages of the extraction benchmark, their hand labels (``hand_labels/news_long_train.jsonl``)
and the check script (``scripts/news_long_check.py``)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from civicspace.codebook import load_codebook
from civicspace.training.hand import (
    HELD_BACK_FILES,
    HandLabel,
    hand_label_folder,
    load_hand_labels,
)
from civicspace.training.news_long import (
    LABEL_FILE,
    SOURCE,
    Checked,
    held_out_pages,
    incident_prf,
    load_pages,
    news_long_labels,
    page_title,
)

ROOT = Path(__file__).resolve().parents[2]


def _bench(tmp_path: Path, pages: dict[str, tuple[str, str]]) -> Path:
    folder = tmp_path / SOURCE
    (folder / "html").mkdir(parents=True)
    truth = {pid: {"articleBody": body, "url": ""} for pid, (_title, body) in pages.items()}
    (folder / "ground-truth.json").write_text(json.dumps(truth))
    for pid, (title, _body) in pages.items():
        with gzip.open(folder / "html" / f"{pid}.html.gz", "wt") as fh:
            fh.write(f"<html><head><title>\n {title} </title></head><body></body></html>")
    return tmp_path


def test_page_title_is_the_unescaped_title_on_one_line() -> None:
    assert page_title("<head><TITLE lang='en'>A &amp; B\n  - Site</TITLE>") == "A & B - Site"
    assert page_title("<html>no title</html>") == ""


def test_pages_skip_the_held_out_ones_and_hash_title_and_body(tmp_path: Path) -> None:
    data = _bench(tmp_path, {"b": ("Police arrest six", "Body b."), "a": ("T a", "Body a.")})
    pages = load_pages(data, exclude={"a"})
    assert [p.page_id for p in pages] == ["b"]
    page = pages[0]
    assert page.key == f"{SOURCE}:b" and page.title == "Police arrest six"
    doc = page.doc()
    assert (doc.id, doc.title, doc.text) == (page.key, "Police arrest six", "Body b.")
    want = hashlib.sha256(b"Police arrest six\nBody b.").hexdigest()[:16]
    assert page.sha256 == want
    assert load_pages(tmp_path / "missing") == []


def test_the_held_out_pages_are_the_twelve_of_the_multilingual_labels() -> None:
    held = held_out_pages()
    assert len(held) == 12
    rows = [json.loads(x) for x in (hand_label_folder() / "multilingual.jsonl").open()]
    langs = {r["lang"] for r in rows if r["key"].startswith(f"{SOURCE}:")}
    assert langs == {"pt", "ru", "ko"}


def test_incident_prf_scores_only_decided_pages() -> None:
    def hl(key: str, inc: bool | None) -> HandLabel:
        return HandLabel(key=key, set=SOURCE, sha256="", is_incident=inc)

    labels = {"a": hl("a", True), "b": hl("b", False), "c": hl("c", None), "d": hl("d", True)}
    rows = [
        Checked(k, "", 0.9 if flag else 0.1, flag, violations=[], targets=[])
        for k, flag in (("a", True), ("b", True), ("c", True), ("d", False), ("e", True))
    ]
    fig = incident_prf(rows, labels)
    assert (fig["decided"], fig["tp"], fig["fp"], fig["fn"]) == (3, 1, 1, 1)
    assert fig["p"] == fig["r"] == fig["f1"] == 0.5


def test_the_shipped_labels_follow_the_schema_and_are_held_back() -> None:
    cb = load_codebook()
    path = hand_label_folder() / f"{LABEL_FILE}.jsonl"
    lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    assert len(lines) >= 60 and len({x["key"] for x in lines}) == len(lines)
    held = held_out_pages()
    for x in lines:
        assert x["set"] == SOURCE and x["key"].startswith(f"{SOURCE}:")
        assert x["key"].split(":", 1)[1] not in held  # never a held-out page
        assert x["is_incident"] in (True, False, "uncertain") and x["pass"] == 1
        assert set(x["violations"]) <= set(cb.ids("violations"))
        assert set(x["targets"]) <= set(cb.ids("targets"))
        assert re.fullmatch(r"[0-9a-f]{16}", x["sha256"])
        assert x["country"] is None or re.fullmatch(r"[A-Z]{2}", x["country"])
        assert len(x["evidence_act"]) <= 60 and len(x["evidence_target"]) <= 60
        if x["is_incident"] is True:
            assert x["violations"] and x["targets"] and x["evidence_act"], x["key"]
    assert sum(x["is_incident"] is True for x in lines) >= 5
    # a check set for choosing rules, never a training correction
    assert LABEL_FILE in HELD_BACK_FILES
    assert not {x["key"] for x in lines} & set(load_hand_labels())
    assert set(news_long_labels()) == {x["key"] for x in lines}


def test_the_labels_match_the_pages_texts(shared_data: Path) -> None:
    pages = {p.key: p for p in load_pages(shared_data)}
    if not pages:
        pytest.skip("no article_extraction_benchmark_html in the shared data")
    assert len(pages) == 169
    for key, label in news_long_labels().items():
        assert pages[key].sha256 == label.sha256, key


def test_the_check_script_skips_clearly_without_the_data(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "news_long_check.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "nothing to check" in run.stderr and run.stdout == ""
