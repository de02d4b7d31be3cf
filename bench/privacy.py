"""Measure the privacy gate on the committed evaluation set, and optionally on real news.

    python -m bench.privacy                  # the evaluation set: per-kind precision and recall
    python -m bench.privacy --news 200       # also findings per 1,000 words on 200 real articles
    python -m bench.privacy --sample 40      # a quick run on 40 snippets

Prints one JSON object: ``per_kind`` {kind: {precision, recall, tp, fp, fn}}, ``overall``,
``leaked_chars`` (gold characters no finding covers, whatever its kind), ``snippets_per_second``,
and with ``--news`` a ``news`` block per corpus.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import feedparser

from bench.common import ROOT, data_dir
from civicspace.privacy import Finding, scan

FIXTURES = ROOT / "tests" / "privacy" / "fixtures"
EVAL = FIXTURES / "eval.jsonl"  # written with the detectors, used to tune them
HOLDOUT = FIXTURES / "holdout.jsonl"  # written after, measured once before any tuning on it
KINDS = ("phone", "email", "address", "id_number", "coordinates", "plate", "person")


def load(path: Path = EVAL) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate(rows: list[dict]) -> dict:
    """Per-kind precision and recall: a finding matches a gold span of its kind when they overlap."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    leaked = total_chars = 0
    misses: list[dict] = []
    false_alarms: list[dict] = []
    started = time.perf_counter()
    results = [
        (
            row,
            scan(
                {"text": row["text"]},
                known_public_names=row["public"],
                known_private_names=row["private"],
            ),
        )
        for row in rows
    ]
    elapsed = time.perf_counter() - started
    for row, found in results:
        gold = row["expected"]
        hit = [False] * len(found)
        for g in gold:
            matched = [
                i for i, f in enumerate(found) if f.kind.value == g["kind"] and _overlap(f, g)
            ]
            if matched:
                tp[g["kind"]] += 1
                for i in matched:
                    hit[i] = True
            else:
                fn[g["kind"]] += 1
                misses.append({"id": row["id"], "kind": g["kind"], "text": g["text"]})
            covered = set()
            for f in found:
                covered.update(range(max(f.start, g["start"]), min(f.end, g["end"])))
            total_chars += g["end"] - g["start"]
            leaked += (g["end"] - g["start"]) - len(covered)
        for i, f in enumerate(found):
            if not hit[i]:
                # a finding that overlaps a gold span of another kind still protects: not counted
                if any(_overlap(f, g) for g in gold):
                    continue
                fp[f.kind.value] += 1
                false_alarms.append(
                    {"id": row["id"], "kind": f.kind.value, "text": f.text, "detector": f.detector}
                )
    per_kind = {}
    for kind in KINDS:
        t, p, n = tp[kind], fp[kind], fn[kind]
        per_kind[kind] = {
            "precision": round(t / (t + p), 3) if t + p else None,
            "recall": round(t / (t + n), 3) if t + n else None,
            "tp": t,
            "fp": p,
            "fn": n,
        }
    t, p, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "snippets": len(rows),
        "gold_items": t + n,
        "per_kind": per_kind,
        "overall": {"precision": round(t / (t + p), 3), "recall": round(t / (t + n), 3)},
        "leaked_chars": leaked,
        "gold_chars": total_chars,
        "snippets_per_second": round(len(rows) / elapsed, 1),
        "misses": misses,
        "false_alarms": false_alarms,
    }


def _brief(result: dict) -> dict:
    """Counts and scores only, plus what was missed: the part of a result worth printing twice."""
    keep = (
        "snippets",
        "gold_items",
        "overall",
        "per_kind",
        "leaked_chars",
        "misses",
        "false_alarms",
    )
    brief = {k: result[k] for k in keep}
    brief["per_kind"] = {
        k: {"precision": v["precision"], "recall": v["recall"]}
        for k, v in result["per_kind"].items()
    }
    return brief


def _overlap(f: Finding, g: dict) -> bool:
    return f.start < g["end"] and g["start"] < f.end


CORPORA = ("hrdsattack", "bbc_news_2225", "rss_feeds_real")


def news_texts(
    data: Path, limit: int, corpora: tuple[str, ...] = CORPORA
) -> Iterator[tuple[str, str, list[str]]]:
    """(corpus, text, annotated victim names) from hrdsattack, bbc_news_2225 (politics) and
    rss_feeds_real, ``limit`` documents of each of ``corpora``."""
    n = 0 if "hrdsattack" in corpora else limit
    for split in ("test", "dev", "train"):
        for item in json.loads(
            (data / "hrdsattack" / "raw" / "data" / f"{split}.json").read_text("utf-8")
        ):
            if n >= limit:
                break
            sample = item["sample"]
            body = html.unescape(re.sub(r"<[^>]+>", "\n", sample["Input.article_interface"]))
            text = sample["Input.title"] + "\n" + re.sub(r"\n\s*\n+", "\n", body)
            victims = [
                v["victim_name"]
                for a in item["annotations"]
                for v in a["annotation"].get("victims", [])
                if v.get("victim_name")
                and v["victim_name"].strip().lower() not in {"none", "null", ""}
            ]
            n += 1
            yield "hrdsattack", text, victims
    csv.field_size_limit(sys.maxsize)
    n = 0 if "bbc_news_2225" in corpora else limit
    with (data / "bbc_news_2225" / "bbc_news.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("category") != "politics" or n >= limit:
                continue
            n += 1
            yield "bbc_news_2225", f"{row['title']}\n{row['text']}", []
    if "rss_feeds_real" not in corpora:
        return
    n = 0
    for path in sorted((data / "rss_feeds_real").glob("*.xml")):
        for entry in feedparser.parse(path.read_bytes()).entries:
            summary = html.unescape(re.sub(r"<[^>]+>", " ", entry.get("summary", "")))
            text = " ".join(filter(None, [entry.get("title"), summary]))
            if text and n < limit:
                n += 1
                yield "rss_feeds_real", text, []


def news(data: Path, limit: int, show: int) -> dict:
    words: Counter[str] = Counter()
    found: dict[str, Counter[str]] = {}
    samples: dict[str, list[str]] = {}
    started = time.perf_counter()
    docs: Counter[str] = Counter()
    victims_found = victims_total = 0
    missed_victims: list[str] = []
    for corpus, text, victims in news_texts(data, limit):
        docs[corpus] += 1
        words[corpus] += len(text.split())
        counts = found.setdefault(corpus, Counter())
        findings = scan({"text": text}, languages=("en", "es"))
        for name in victims:
            spans = [m.span() for m in re.finditer(re.escape(name), text)]
            if not spans:
                continue
            victims_total += 1
            if all(
                any(f.kind.value == "person" and f.start < e and s < f.end for f in findings)
                for s, e in spans
            ):
                victims_found += 1
            elif len(missed_victims) < show:
                missed_victims.append(name)
        for f in findings:
            counts[f.kind.value] += 1
            bucket = samples.setdefault(f"{corpus}:{f.kind.value}", [])
            if len(bucket) < show:
                bucket.append(
                    f"{f.text} <{f.detector}> …{text[max(0, f.start - 30) : f.end + 30]}…"
                )
    elapsed = time.perf_counter() - started
    out: dict = {
        "seconds": round(elapsed, 1),
        "documents_per_second": round(sum(docs.values()) / elapsed, 1),
        "hrdsattack_victim_names": {
            "present_in_text": victims_total,
            "every_mention_found": victims_found,
            "recall": round(victims_found / victims_total, 3) if victims_total else None,
        },
    }
    for corpus in docs:
        per_k = {k: round(1000 * v / words[corpus], 2) for k, v in sorted(found[corpus].items())}
        out[corpus] = {
            "documents": docs[corpus],
            "words": words[corpus],
            "findings_per_1000_words": round(1000 * sum(found[corpus].values()) / words[corpus], 2),
            "per_kind_per_1000_words": per_k,
        }
    if show:
        out["samples"] = samples
        out["missed_victim_names"] = missed_victims
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="only the first N snippets")
    parser.add_argument(
        "--news", type=int, default=0, help="also scan N documents of each news corpus"
    )
    parser.add_argument(
        "--show", type=int, default=0, help="keep N sample findings per corpus and kind"
    )
    parser.add_argument("--details", action="store_true", help="list misses and false alarms")
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    args = parser.parse_args(argv)
    scan({"warm": "up Calle Mayor 5 +34 612 345 678"})  # load the gazetteer outside the timing
    tuning, holdout = load(EVAL), load(HOLDOUT)
    if args.sample:
        tuning, holdout = tuning[: args.sample], holdout[: args.sample // 4 or 1]
    result = evaluate(tuning + holdout)
    result["tuning_set"] = _brief(evaluate(tuning))
    result["holdout_set"] = _brief(evaluate(holdout))
    if not args.details:
        result.pop("misses")
        result.pop("false_alarms")
    if args.news:
        data = data_dir(args.data)
        result["news"] = news(data, args.news, args.show)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
