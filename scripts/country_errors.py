"""Where the gazetteer's country is wrong or missing on TRAINING-side incidents.

Lists, per set, the gold incidents of the train split whose detected country differs from the
gold country, with a snippet around the first country-bearing mention, and prints one JSON line
of accuracies per set at the end. Only the train split is read: the held-out splits are for
``civicspace eval --dev``. Run::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/country_errors.py [--sets acled,ml4p]
        [--show 40] [--out errors.jsonl] [--all-documents] [--next-words]

``--all-documents`` also scores the train split's documents that are not incidents but carry a
country (ACLED's 18,000 other notes: more text to check a rule's precision on); ``--next-words``
prints, for the word after each demonym, how often the document's gold country is the
demonym's and how often another (country-three's ``_FOREIGN_WORDS`` were read from it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections import Counter
from pathlib import Path

from civicspace.classify.backends.default import geo_span, incident_order
from civicspace.classify.evidence import document_sentences
from civicspace.classify.geo import Gazetteer, gazetteer, is_lowercased
from civicspace.classify.pairing import cue_sentences
from civicspace.training.datasets import Example, load_examples

SETS = ("acled", "hrdsattack", "mass_mobilization", "ml4p", "colombia")


def incident_span(e: Example, text: str) -> tuple[int, int] | None:
    """The offsets of the sentence the coder's expensive pass takes as the incident's."""
    sentences = document_sentences(e.title, text)
    if not sentences:
        return None
    scored = cue_sentences(sentences, e.lang if e.lang and e.lang != "und" else None)
    return geo_span(e.title or "", scored[incident_order(scored)[0]][0])


def next_words(g: Gazetteer, items: list[Example], top: int = 60) -> None:
    """The words after a demonym, with how often the document's gold country is the demonym's
    (same) and another (other), the most frequent words first (country-four; most often other
    first before)."""
    tally: dict[str, list[int]] = {}
    for e in items:
        full = (e.title + "\n" if e.title else "") + e.text[:5000]
        for m in g.mentions(full, caseless=is_lowercased(full)):
            if m.kind != "demonym":
                continue
            after = full[m.end : m.end + 30].lower().lstrip(" -").split()
            if after:
                word = "".join(ch for ch in after[0] if ch.isalpha())
                tally.setdefault(word, [0, 0])[m.country != e.country] += 1
    for word, (same, other) in sorted(tally.items(), key=lambda kv: -sum(kv[1]))[:top]:
        print(json.dumps({"word": word, "same": same, "other": other}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--show", type=int, default=0, help="print this many errors per set")
    ap.add_argument("--out", type=Path, default=None, help="write every error as JSON Lines")
    ap.add_argument("--max-per-set", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--all-documents", action="store_true")
    ap.add_argument("--next-words", action="store_true")
    args = ap.parse_args()
    data_dir = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    g = gazetteer()
    rng = random.Random(args.seed)
    summary: dict[str, dict[str, float]] = {}
    out = args.out.open("w", encoding="utf-8") if args.out else None
    for name in args.sets.split(","):
        items = [
            e
            for e in load_examples(data_dir, (name,), split="train")
            if (e.is_incident or args.all_documents) and e.country
        ]
        rng.shuffle(items)
        items = items[: args.max_per_set]
        if args.next_words:
            next_words(g, items)
            continue
        src = {"acep": "AR"}
        wrong: list[dict[str, object]] = []
        kinds: Counter[str] = Counter()
        for e in items:
            text = e.text[:20_000]
            r = g.detect(text, e.title or "", src.get(e.source), incident_span(e, text), e.lang)
            if r.country == e.country:
                continue
            kinds["missing" if r.country is None else "wrong"] += 1
            top = sorted(r.votes.items(), key=lambda kv: -kv[1])[:4]
            wrong.append(
                {
                    "set": name,
                    "id": e.id,
                    "gold": e.country,
                    "pred": r.country,
                    "votes": {k: round(v, 2) for k, v in top},
                    "text": ((e.title + " | ") if e.title else "") + text[:400],
                }
            )
        n = len(items)
        summary[name] = {
            "n": n,
            "accuracy": round(1 - len(wrong) / n, 4) if n else 0.0,
            "missing": kinds["missing"],
            "wrong": kinds["wrong"],
        }
        for w in wrong[: args.show]:
            print(json.dumps(w, ensure_ascii=False))
        if out:
            for w in wrong:
                out.write(json.dumps(w, ensure_ascii=False) + "\n")
    if out:
        out.close()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
