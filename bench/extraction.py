"""Extraction quality on saved real pages; prints JSON.

    python -m bench.extraction [--data ../shared/data] [--no-reference]

* Main text: ``civicspace.extract.article.extract_article`` (after our decoding, as in the
  import path) on the 181 pages of ``article_extraction_benchmark_html`` against the gold
  ``articleBody`` of ``ground-truth.json``: token-level precision, recall and F1 over bags of
  lower-cased words, micro (pooled over all pages) and mean (of the per-page scores). A page
  where extraction finds no text scores 0. ``reference`` gives the same for bare
  ``trafilatura.extract`` with default options, to show what our wrapper adds or loses.
* Language: ``civicspace.extract.language.identify`` on the extracted text of the 74 pages of
  ``trafilatura_eval_multilingual_html`` against ``bench/data/multilingual_languages.json``.
* Strings: the share of those pages whose extracted text contains every ``with`` string and no
  ``without`` string of ``evaldata_subset.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.common import (
    BENCHMARK,
    MULTILINGUAL,
    Page,
    benchmark_pages,
    data_dir,
    multilingual_pages,
)
from civicspace.errors import ItemError
from civicspace.extract.article import extract_article
from civicspace.extract.decode import decode_text
from civicspace.extract.language import identify

_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def ours(page: Page) -> str:
    """The text our import path would store for ``page`` ("" when it records no-text)."""
    try:
        html, _ = decode_text(page.html)
        return extract_article(html, page.url).text
    except ItemError:
        return ""


def trafilatura_default(page: Page) -> str:
    import trafilatura

    html, _ = decode_text(page.html)
    return trafilatura.extract(html, url=page.url) or ""


def prf(predicted: str, gold: str) -> tuple[int, int, int]:
    """``(overlap, predicted tokens, gold tokens)``, counting repeated words."""
    p, g = tokens(predicted), tokens(gold)
    return sum((p & g).values()), sum(p.values()), sum(g.values())


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_text(pages: list[Page], extract: Callable[[Page], str]) -> dict[str, object]:
    """Token precision, recall and F1 of ``extract`` against each page's gold text."""
    started = time.perf_counter()
    overlap = predicted = gold = 0
    per_page: list[tuple[float, float, float]] = []
    empty = 0
    for page in pages:
        if not page.gold:
            continue
        o, p, g = prf(extract(page), page.gold)
        empty += p == 0
        overlap, predicted, gold = overlap + o, predicted + p, gold + g
        precision, recall = (o / p if p else 0.0), (o / g if g else 0.0)
        per_page.append((precision, recall, _f1(precision, recall)))
    seconds = time.perf_counter() - started
    n = len(per_page)
    micro_p, micro_r = overlap / max(predicted, 1), overlap / max(gold, 1)
    return {
        "pages": n,
        "no_text": empty,
        "micro": {
            "precision": round(micro_p, 4),
            "recall": round(micro_r, 4),
            "f1": round(_f1(micro_p, micro_r), 4),
        },
        "mean": {
            "precision": round(sum(s[0] for s in per_page) / n, 4),
            "recall": round(sum(s[1] for s in per_page) / n, 4),
            "f1": round(sum(s[2] for s in per_page) / n, 4),
        },
        "seconds": round(seconds, 2),
    }


def score_strings(pages: list[Page], extract: Callable[[Page], str]) -> dict[str, object]:
    """The ``with``/``without`` checks: pages passing all of them, and each kind pooled."""
    passed = found = wanted = clean = unwanted = 0
    for page in pages:
        text = extract(page)
        musts = [str(s) for s in page.extra["with"]]  # type: ignore[attr-defined]
        nots = [str(s) for s in page.extra["without"]]  # type: ignore[attr-defined]
        hits, leaks = sum(s in text for s in musts), sum(s in text for s in nots)
        passed += hits == len(musts) and leaks == 0
        found, wanted = found + hits, wanted + len(musts)
        clean, unwanted = clean + len(nots) - leaks, unwanted + len(nots)
    return {
        "pages_passing_all": round(passed / len(pages), 4),
        "with_found": round(found / max(wanted, 1), 4),
        "without_absent": round(clean / max(unwanted, 1), 4),
    }


def score_languages(pages: list[Page], extract: Callable[[Page], str] = ours) -> dict[str, object]:
    """Language accuracy of ``identify`` on the extracted text, against the gold languages."""
    right = 0
    misses: list[dict[str, object]] = []
    by_language: Counter[str] = Counter()
    right_by_language: Counter[str] = Counter()
    for page in pages:
        language, _ = identify(extract(page))
        gold = str(page.extra["language"])
        by_language[gold] += 1
        if language == gold:
            right += 1
            right_by_language[gold] += 1
        else:
            misses.append({"page": page.name, "gold": gold, "identified": language})
    n = len(pages)
    return {
        "pages": n,
        "language_accuracy": round(right / n, 4),
        "language_by_gold": {
            lang: f"{right_by_language[lang]}/{count}" for lang, count in by_language.most_common()
        },
        "language_misses": misses,
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="folder of the third-party data (default ../shared/data)")
    parser.add_argument(
        "--no-reference", action="store_true", help="skip bare trafilatura.extract for comparison"
    )
    args = parser.parse_args(argv)
    data: Path = data_dir(args.data)
    bench = benchmark_pages(data)
    ours(bench[0])  # warm-up: first calls load lxml, trafilatura and the language model
    identify("warm up")
    multilingual = multilingual_pages(data)
    text = {"ours": score_text(bench, ours)}
    strings = {"ours": score_strings(multilingual, ours)}
    if not args.no_reference:
        text["reference_trafilatura_extract"] = score_text(bench, trafilatura_default)
        strings["reference_trafilatura_extract"] = score_strings(multilingual, trafilatura_default)
    result: dict[str, object] = {
        "main_text": {"set": f"{BENCHMARK} ({len(bench)} pages, gold articleBody)", **text},
        "language": {
            "set": f"{MULTILINGUAL} ({len(multilingual)} pages)",
            **score_languages(multilingual),
        },
        "with_without": {"set": f"{MULTILINGUAL} evaldata_subset.json", **strings},
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
