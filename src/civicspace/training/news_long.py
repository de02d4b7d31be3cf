"""Long general news on the training side: the English pages of the extraction benchmark.

``article_extraction_benchmark_html`` (MIT) holds 181 real news pages with their gold article
body (``ground-truth.json``). Its 12 Portuguese, Russian and Korean pages are part of the
multilingual held-out measurement (``hand_labels/multilingual.jsonl``) and are left out here;
the English pages are used by nothing else, so they are a **training-side** check set of long
general news (crime, courts, war, politics, business, technology) on which to choose precision
rules. They are never trained on; their hand labels are ``hand_labels/news_long_train.jsonl``
(held back: ``hand.HELD_BACK_FILES``).

Each page is coded as ``civicspace eval`` codes a gold line: one ``InputDoc`` with a title (the
page's ``<title>``) and the gold body as text. Run::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/news_long_check.py [--all] [--json F]
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from civicspace.classify.base import Coder
from civicspace.classify.schema import Coding, InputDoc
from civicspace.training.hand import HandLabel, hand_label_folder, read_labels, text_hash

SOURCE = "article_extraction_benchmark_html"
LABEL_FILE = "news_long_train"
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Page:
    """One English benchmark page: its id, its page title and its gold article body."""

    page_id: str
    title: str
    text: str

    @property
    def key(self) -> str:
        return f"{SOURCE}:{self.page_id}"

    @property
    def sha256(self) -> str:
        """The hand labels' hash: 16 hex of the sha256 of title, newline, body."""
        return text_hash(f"{self.title}\n{self.text}".strip() if self.title else self.text)

    def doc(self) -> InputDoc:
        return InputDoc(id=self.key, title=self.title or None, text=self.text)


@dataclass
class Checked:
    """What the coder made of one page."""

    key: str
    title: str
    score: float
    is_incident: bool
    violations: list[str]
    targets: list[str]
    language: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)


def held_out_pages(folder: Path | None = None) -> frozenset[str]:
    """The page ids the multilingual held-out measurement reads (never used here)."""
    path = (folder or hand_label_folder()) / "multilingual.jsonl"
    keys = (json.loads(line)["key"] for line in path.read_text("utf-8").splitlines() if line)
    return frozenset(k.split(":", 1)[1] for k in keys if k.startswith(f"{SOURCE}:"))


def page_title(raw_html: str) -> str:
    """The page's ``<title>``, unescaped, on one line ("" when it has none)."""
    match = _TITLE.search(raw_html)
    return " ".join(html.unescape(match.group(1)).split()) if match else ""


def _read_title(folder: Path, page_id: str) -> str:
    path = folder / "html" / f"{page_id}.html.gz"
    if not path.exists():
        return ""
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        return page_title(fh.read())


def load_pages(data_dir: Path, exclude: Iterable[str] | None = None) -> list[Page]:
    """The English pages (every page but ``exclude``, by default the held-out ones), by id;
    [] when the benchmark is not in ``data_dir``."""
    folder = data_dir / SOURCE
    truth = folder / "ground-truth.json"
    if not truth.exists():
        return []
    skip = held_out_pages() if exclude is None else frozenset(exclude)
    gold = json.loads(truth.read_text("utf-8"))
    return [
        Page(pid, _read_title(folder, pid), str(gold[pid]["articleBody"]))
        for pid in sorted(gold)
        if pid not in skip
    ]


def checked(coding: Coding, title: str) -> Checked:
    """The fields of ``coding`` the check prints, evidence quotes by label."""
    return Checked(
        key=coding.id,
        title=title,
        score=round(coding.score, 3),
        is_incident=coding.is_incident,
        violations=coding.ids("violations"),
        targets=coding.ids("targets"),
        language=coding.language,
        evidence={k: " ".join(v.quote.split())[:200] for k, v in coding.evidence.items()},
    )


def check(coder: Coder, pages: Sequence[Page]) -> list[Checked]:
    """Code every page with ``coder`` as ``civicspace eval`` codes a titled document."""
    codings = coder.code([p.doc() for p in pages])
    return [checked(c, p.title) for c, p in zip(codings, pages, strict=True)]


def news_long_labels(folder: Path | None = None) -> dict[str, HandLabel]:
    """The hand labels of the check set (first pass), by key; {} when the file is absent."""
    path = (folder or hand_label_folder()) / f"{LABEL_FILE}.jsonl"
    if not path.exists():
        return {}
    return {x.key: x for x in read_labels(path) if x.annotator_pass == 1}


def incident_prf(rows: Iterable[Checked], labels: dict[str, HandLabel]) -> dict[str, float | int]:
    """Incident precision, recall and F1 of ``rows`` on the hand-decided pages."""
    tp = fp = fn = n = 0
    for row in rows:
        label = labels.get(row.key)
        if label is None or label.is_incident is None:
            continue
        n += 1
        tp += int(row.is_incident and label.is_incident)
        fp += int(row.is_incident and not label.is_incident)
        fn += int(label.is_incident and not row.is_incident)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"decided": n, "tp": tp, "fp": fp, "fn": fn, "p": p, "r": r, "f1": f1}
