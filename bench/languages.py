"""How the coder does per language on real, hand-labelled text (not templates).

Reads the hand labels in ``src/civicspace/training/hand_labels/multilingual.jsonl`` (keys, labels
and a SHA-256 prefix of each text; never the texts), rebuilds each text from ``../shared/data``
(``--data`` or ``CIVICSPACE_DATA_DIR``), codes it, and prints one JSON object: per language the
number of items and incidents, incident precision, recall and F1, violation micro-F1 on the
incidents both the gold and the coder call incidents, country accuracy on those, and the keys of
the missed incidents and false alarms. Items whose
source is absent are skipped and counted; an item whose text no longer hashes as labelled (a
changed extractor) is still scored and counted under ``hash_mismatch``.

    python -m bench.languages [--data ../shared/data] [--model PATH] [--backend NAME]

``--model`` (or ``CIVICSPACE_CODER_MODEL_PATH``) scores another default-coder artifact, e.g. one
written by ``civicspace train --out FILE``; ``--backend`` another backend over it
(``multilingual``: the sentence-vector heads on top of the default).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from civicspace.classify.coder import get_coder
from civicspace.classify.schema import InputDoc
from civicspace.extract.article import extract_article
from civicspace.settings import get_settings

LABELS = (
    Path(__file__).resolve().parents[1] / "src/civicspace/training/hand_labels/multilingual.jsonl"
)
_TRAF = "trafilatura_eval_multilingual_html"
_KO = "korean_sci_news_50"
_RSS = "rss_feeds_real"
_AEB = "article_extraction_benchmark_html"
_ITEM = re.compile(r"<(item|entry)[\s>](.*?)</\1>", re.S)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def text_hash(title: str, text: str) -> str:
    """The first 16 hex digits of SHA-256 over ``title + "\\n" + text``."""
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:16]


def _rss_field(block: str, tag: str) -> str:
    m = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", block, re.S)
    if not m:
        return ""
    value = html.unescape(_CDATA.sub(r"\1", m.group(1)))
    return " ".join(_TAG.sub(" ", value).split())


def _rss_items(path: Path) -> dict[str, tuple[str, str]]:
    """``guid -> (title, description)`` for every item of a saved feed (tolerant of bad XML)."""
    out: dict[str, tuple[str, str]] = {}
    for m in _ITEM.finditer(path.read_text(errors="replace")):
        block = m.group(2)
        title = _rss_field(block, "title")
        text = (
            _rss_field(block, "description")
            or _rss_field(block, "summary")
            or _rss_field(block, "content")
        )
        link = _rss_field(block, "link")
        guid = _rss_field(block, "guid") or _rss_field(block, "id") or link
        out.setdefault(guid, (title, text))
    return out


class Texts:
    """Rebuilds the labelled texts from the shared data folder, caching parsed sources."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self._traf: dict[str, str] | None = None
        self._ko: list[dict[str, Any]] | None = None
        self._rss: dict[str, dict[str, tuple[str, str]]] = {}
        self._aeb: dict[str, Any] | None = None

    def get(self, key: str) -> tuple[str, str] | None:
        source, _, rest = key.partition(":")
        if source == _TRAF:
            return self._trafilatura(rest)
        if source == _KO:
            return self._korean(int(rest))
        if source == _AEB:
            return self._benchmark(rest)
        if source == _RSS:
            feed, _, guid = rest.partition("#")
            return self._feed(feed).get(guid)
        raise ValueError(f"unknown source in key {key!r}")

    def _trafilatura(self, name: str) -> tuple[str, str] | None:
        root = self.data / _TRAF
        if self._traf is None:
            index = root / "evaldata_subset.json"
            if not index.exists():
                return None
            self._traf = {v["file"]: url for url, v in json.loads(index.read_text()).items()}
        page = root / "html" / name
        if name not in self._traf or not page.exists():
            return None
        article = extract_article(page.read_text(errors="replace"), self._traf[name], min_chars=50)
        return article.title or "", article.text

    def _korean(self, n: int) -> tuple[str, str] | None:
        if self._ko is None:
            path = self.data / _KO / "sci_news_sum_kr_50.jsonl"
            if not path.exists():
                return None
            self._ko = [json.loads(line) for line in path.read_text().splitlines() if line]
        if n >= len(self._ko):
            return None
        item = self._ko[n]
        return item["title"], " ".join(item["sentences"])

    def _benchmark(self, page: str) -> tuple[str, str] | None:
        """The gold article body of one benchmark page (it has no separate title)."""
        if self._aeb is None:
            path = self.data / _AEB / "ground-truth.json"
            if not path.exists():
                return None
            self._aeb = json.loads(path.read_text())
        item = self._aeb.get(page)
        return None if item is None else ("", item["articleBody"])

    def _feed(self, name: str) -> dict[str, tuple[str, str]]:
        if name not in self._rss:
            path = self.data / _RSS / name
            self._rss[name] = _rss_items(path) if path.exists() else {}
        return self._rss[name]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {
        "precision": None if p is None else round(p, 3),
        "recall": None if r is None else round(r, 3),
        "f1": None if f is None else round(f, 3),
    }


def score(rows: list[tuple[dict[str, Any], Any]]) -> dict[str, Any]:
    """Figures for (gold label, coding) pairs of one language."""
    tp = fp = fn = tn = 0
    vtp = vfp = vfn = 0
    country_ok = country_n = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    for gold, coding in rows:
        g, c = bool(gold["is_incident"]), bool(coding.is_incident)
        if g != c:
            (misses if g else false_alarms).append(gold.get("key", ""))
        tp += g and c
        fp += c and not g
        fn += g and not c
        tn += not g and not c
        if g and c:
            want, got = set(gold["violations"]), set(coding.ids("violations"))
            vtp += len(want & got)
            vfp += len(got - want)
            vfn += len(want - got)
            if gold.get("country"):
                country_n += 1
                country_ok += coding.country == gold["country"]
    return {
        "items": len(rows),
        "incidents": tp + fn,
        "flagged": tp + fp,
        "incident": _prf(tp, fp, fn),
        "false_positive_rate": round(fp / (fp + tn), 3) if fp + tn else None,
        "violation_micro_f1": _prf(vtp, vfp, vfn)["f1"],
        "country_accuracy": round(country_ok / country_n, 3) if country_n else None,
        "country_n": country_n,
        "misses": misses,
        "false_alarms": false_alarms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default_data = os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data")
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--model", type=Path, default=None, help="a default-coder artifact")
    parser.add_argument("--backend", default="default", help="default, multilingual, ...")
    args = parser.parse_args()
    settings = get_settings()
    if args.model is not None:
        settings = settings.model_copy(update={"coder_model_path": args.model})
    labels = [json.loads(line) for line in args.labels.read_text().splitlines() if line.strip()]
    texts = Texts(args.data)
    docs: list[InputDoc] = []
    golds: list[dict[str, Any]] = []
    skipped: dict[str, int] = defaultdict(int)
    mismatch = 0
    for gold in labels:
        got = texts.get(gold["key"])
        if got is None:
            skipped[gold["lang"]] += 1
            continue
        title, text = got
        mismatch += text_hash(title, text) != gold["sha256"]
        docs.append(InputDoc(id=gold["key"], title=title, text=text, lang=gold["lang"]))
        golds.append(gold)
    coder = get_coder(args.backend, settings)
    started = time.perf_counter()
    codings = coder.code(docs) if docs else []
    seconds = time.perf_counter() - started
    by_lang: dict[str, list[tuple[dict[str, Any], Any]]] = defaultdict(list)
    for gold, coding in zip(golds, codings, strict=True):
        by_lang[gold["lang"]].append((gold, coding))
    out = {
        "model": str(args.model or settings.coder_model_path or "packaged default"),
        "backend": args.backend,
        "coder_version": codings[0].coder_version if codings else None,
        "items": len(docs),
        "skipped_absent": dict(skipped),
        "hash_mismatch": mismatch,
        "languages": {lang: score(rows) for lang, rows in sorted(by_lang.items())},
        "ms_per_item": round(1000 * seconds / len(docs), 1) if docs else None,
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
