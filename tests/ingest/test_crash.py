"""The crash test: ``civicspace import`` killed with SIGKILL mid-run, twice, then run to the end.

Whatever moment the process dies at, the store must end with every distinct input exactly once,
each with one outcome, and with duplicate detection intact across the restarts (no text stored
twice, every duplicate pointing at a stored document). The corpus is generated here: HTML pages
(some gzipped) and JSON lines of distinct made-up text, with some exact repeats under new URLs.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.extract.urls import url_key
from civicspace.ingest.items import key_for_bytes
from civicspace.store.models import Document, DocumentBand

pytestmark = pytest.mark.slow

PAGES = 40
RECORDS = 800  # in files of 200 lines
REPEATS = 30  # records that repeat an earlier record's text under a new URL
KILL_AT = (0.15, 0.5)  # share of the inputs committed before each SIGKILL


def make_corpus(folder: Path) -> set[str]:
    """Write the corpus; return the input keys it must produce."""
    rng = random.Random(20240506)
    syllables = [
        "ka",
        "lo",
        "mi",
        "ren",
        "tas",
        "vo",
        "pe",
        "dri",
        "nu",
        "sel",
        "ga",
        "tor",
        "bi",
        "len",
        "qu",
        "ash",
        "om",
        "ver",
        "zi",
        "fa",
    ]
    vocabulary = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(6000)}
    )

    def sentence(words: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."

    keys: set[str] = set()
    folder.mkdir()
    for n in range(PAGES):
        paragraphs = "".join(f"<p>{sentence(45)} {sentence(30)}</p>" for _ in range(5))
        title = sentence(5)
        html = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
            "</article></body></html>"
        ).encode()
        keys.add(key_for_bytes(html))
        if n % 2:
            (folder / f"page-{n:03d}.html.gz").write_bytes(gzip.compress(html))
        else:
            (folder / f"page-{n:03d}.html").write_bytes(html)
    stories: list[tuple[str, str]] = []
    lines: list[str] = []
    for n in range(RECORDS):
        if n >= RECORDS - REPEATS:
            title, text = stories[n - (RECORDS - REPEATS)]  # a repeat under a new URL
        else:
            title, text = sentence(6), " ".join(sentence(rng.randint(25, 40)) for _ in range(3))
            stories.append((title, text))
        url = f"https://news.example.org/story/{n}"
        keys.add(url_key(url))
        lines.append(json.dumps({"url": url, "title": title, "text": text}))
    rng.shuffle(lines)
    for start in range(0, len(lines), 200):
        chunk = "\n".join(lines[start : start + 200]) + "\n"
        (folder / f"records-{start // 200:02d}.jsonl").write_text(chunk, "utf-8")
    return keys


def count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def start_import(corpus: Path, database_url: str, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CIVICSPACE_DATABASE_URL": database_url, "COLUMNS": "100"}
    return subprocess.Popen(
        [sys.executable, "-m", "civicspace.cli", "import", str(corpus), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches its workers too
    )


def kill_when(proc: subprocess.Popen[bytes], engine: Engine, committed: int) -> int:
    """SIGKILL ``proc`` (and its worker processes) once ``committed`` documents are in the
    store; returns how many were committed when it died."""
    deadline = time.monotonic() + 60
    while count(engine) < committed:
        assert proc.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL
    return count(engine)


def test_import_survives_sigkill(engine: Engine, database_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    expected = make_corpus(corpus)
    total = len(expected)
    assert total == PAGES + RECORDS

    committed = 0
    for share in KILL_AT:
        before = committed
        proc = start_import(corpus, database_url, workers=2)
        committed = kill_when(proc, engine, int(total * share))
        assert before < committed < total, (before, committed, total)

    finish = start_import(corpus, database_url, workers=1)
    out, _ = finish.communicate(timeout=120)
    assert finish.returncode == 0
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert report["skipped"] == committed  # everything committed before the kill was kept
    assert report["recorded"] == total - committed

    with Session(engine) as session:
        docs = list(session.scalars(select(Document)))
        twice = session.execute(
            select(Document.input_key).group_by(Document.input_key).having(func.count() > 1)
        ).all()
        banded = set(session.scalars(select(DocumentBand.document_id).distinct()))
    assert not twice
    assert len(docs) == total and {d.input_key for d in docs} == expected
    by_id = {d.id: d for d in docs}
    stored = [d for d in docs if d.outcome == "stored"]
    for doc in docs:
        assert doc.outcome in ("stored", "duplicate"), (doc.outcome, doc.reason)
        assert doc.attempts == 1
        if doc.outcome == "duplicate":
            assert doc.duplicate_kind == "text"
            assert by_id[doc.duplicate_of or -1].outcome == "stored"
    # Duplicate detection held across the crashes: no text is stored twice, and every stored
    # document (only those) is in the near-duplicate index.
    assert len({d.content_hash for d in stored}) == len(stored)
    assert sum(d.outcome == "duplicate" for d in docs) == REPEATS
    assert banded == {d.id for d in stored}
