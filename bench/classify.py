"""Coder throughput, as JSON: documents per second for coding alone and from HTML.

    python -m bench.classify [--data DIR] [--repeat 3] [--sample N] [--model ARTIFACT]

* ``cheap_pass``: hashed n-grams + cue lexicon + the calibrated incident head (what every
  document gets) on the lead, and the second look (the same over later windows of the article)
  for long documents whose lead came close, on the full text of BBC News articles (2,225 real
  articles, 2,200 chars mean); ``second_look_fraction`` and ``chars_read_per_doc`` say how much;
* ``coding``: the whole default coder: the cheap pass, then labels, country, date, persons and
  evidence on the documents it keeps (few, in BBC News);
* ``expensive_pass_alone``: places, dates, persons and evidence forced on 500 articles, i.e. the
  cost of each document the cheap pass keeps;
* ``pair_judge``: the part of the expensive pass that pairs each act with its civic target
  (``classify/pairing.py``), alone, on the cue hits of the same 500 articles (general news: few
  violation cues, so few pairs; ``pairs_per_doc`` says how many);
* ``html_path``: from saved HTML (the 181 pages of the extraction benchmark): trafilatura
  extraction, then coding.

Every part also gives ``ms_per_doc``: ``coding.ms_per_doc`` is the whole coder's cost per
document (cheap pass on all, expensive pass on those kept), reported beside the cheap pass.

One process, one core (BLAS and OpenMP threads pinned to 1), best of ``--repeat`` runs after a
warm-up. The goal for the cheap pass is 2,000 documents per second per core.
``cheap_pass.cpu_docs_per_s`` is the same rate over the process's CPU time instead of the wall
clock: on a machine shared with other work the wall-clock rate of one coder spreads by up to half
between runs, its CPU rate by a few per cent.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.common import benchmark_pages, data_dir  # noqa: E402
from civicspace.classify.backends.default import DefaultCoder  # noqa: E402
from civicspace.classify.evidence import document_sentences  # noqa: E402
from civicspace.classify.features import document_text, text_windows  # noqa: E402
from civicspace.classify.pairing import candidates, cue_sentences, judge  # noqa: E402
from civicspace.classify.schema import Coding, InputDoc  # noqa: E402
from civicspace.errors import ItemError  # noqa: E402
from civicspace.extract.article import extract_article  # noqa: E402


def best_rate(
    n: int, run: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    run()  # warm-up: loads the model, the gazetteer, dateparser
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        run()
        best = min(best, clock() - start)
    return n / best


def second_look(coder: DefaultCoder, docs: list[InputDoc]) -> tuple[int, int]:
    """(documents read beyond their lead, characters read in all) by the cheap pass."""
    model, look = coder.model, coder.model.second_look
    size = model.featurizer.max_chars
    leads = [document_text(d.title, d.text) for d in docs]
    prepared = model.prepare(leads, [d.lang for d in docs])
    p, thr = model.incident_proba(prepared)
    looked = chars = 0
    for i, d in enumerate(docs):
        chars += min(len(leads[i]), size)
        trained = prepared.languages[i] in model.trained_languages
        if look and trained and look["low"] <= p[i] < thr[i] and len(d.text) > size:
            looked += 1
            windows = text_windows(d.title, d.text, size, int(look["windows"]))[1:]
            chars += sum(min(len(w), size) for w in windows)
    return looked, chars


def main() -> None:
    parser = argparse.ArgumentParser(description="coder throughput")
    parser.add_argument("--data", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=None, help="only the first N articles")
    parser.add_argument("--model", type=Path, default=None, help="another coder artifact")
    args = parser.parse_args()
    data = data_dir(args.data)
    with (data / "bbc_news_2225" / "bbc_news.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    docs = [InputDoc(id=r["doc_id"], title=r["title"], text=r["text"], lang=None) for r in rows]
    docs = docs[: args.sample] if args.sample else docs
    coder = DefaultCoder(args.model, batch_size=args.batch)

    def cheap() -> None:
        for i in range(0, len(docs), args.batch):
            coder.screen(docs[i : i + args.batch])

    kept = sum(
        int(k)
        for i in range(0, len(docs), args.batch)
        for k in coder.screen(docs[i : i + args.batch])[2]
    )
    looked, chars = second_look(coder, docs)
    cheap_rate = best_rate(len(docs), cheap, args.repeat)
    cheap_cpu_rate = best_rate(len(docs), cheap, args.repeat, time.process_time)
    full_rate = best_rate(len(docs), lambda: coder.code(docs), max(1, args.repeat - 1))

    sample = docs[:500]

    def expensive() -> None:  # labels aside: places, dates, persons, evidence, per document
        for d in sample:
            coder._expensive(Coding(id=d.id, is_incident=True, score=1.0), d, "en")

    expensive_rate = best_rate(len(sample), expensive, 1)
    cued = [cue_sentences(document_sentences(d.title, d.text), "en") for d in sample]

    def pairing() -> None:  # the pair judge alone, on cue hits the expensive pass already has
        for scored in cued:
            judge(coder.pair_model, scored)

    pair_rate = best_rate(len(sample), pairing, args.repeat)
    pairs = sum(len(candidates(scored)) for scored in cued)
    pages = benchmark_pages(data)

    def html_path() -> None:
        batch = []
        for p in pages:
            try:
                art = extract_article(p.html.decode("utf-8", errors="replace"), p.url)
            except ItemError:
                continue
            batch.append(InputDoc(id=p.name, title=art.title, text=art.text))
        coder.code(batch)

    html_rate = best_rate(len(pages), html_path, 1)
    print(
        json.dumps(
            {
                "coder": coder.name,
                "coder_version": coder.version,
                "cores": 1,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cheap_pass": {
                    "docs": len(docs),
                    "docs_per_s": round(cheap_rate, 1),
                    "cpu_docs_per_s": round(cheap_cpu_rate, 1),
                    "kept_fraction": round(kept / len(docs), 4),
                    "lead_chars": coder.model.featurizer.max_chars,
                    "second_look_fraction": round(looked / len(docs), 4),
                    "chars_read_per_doc": round(chars / len(docs), 1),
                    "ms_per_doc": round(1000 / cheap_rate, 3),
                },
                "coding": {
                    "docs": len(docs),
                    "docs_per_s": round(full_rate, 1),
                    "ms_per_doc": round(1000 / full_rate, 3),
                },
                "expensive_pass_alone": {
                    "docs": len(sample),
                    "docs_per_s": round(expensive_rate, 1),
                    "ms_per_doc": round(1000 / expensive_rate, 3),
                },
                "html_path": {
                    "pages": len(pages),
                    "docs_per_s": round(html_rate, 2),
                    "ms_per_doc": round(1000 / html_rate, 2),
                },
                "pair_judge": {
                    "docs": len(sample),
                    "docs_per_s": round(pair_rate, 1),
                    "ms_per_doc": round(1000 / pair_rate, 3),
                    "pairs_per_doc": round(pairs / len(sample), 2),
                },
                "goal_cheap_pass_docs_per_s": 2000,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
