"""Where the gazetteer's country is wrong or missing on TRAINING-side incidents.

Lists, per set, the gold incidents of the train split whose detected country differs from the
gold country, with a snippet around the first country-bearing mention, and prints one JSON line
of accuracies per set at the end. Only the train split is read: the held-out splits are for
``civicspace eval --dev``. Run::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/country_errors.py [--sets acled,ml4p]
        [--show 40] [--out errors.jsonl]
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
from civicspace.classify.geo import gazetteer
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--show", type=int, default=0, help="print this many errors per set")
    ap.add_argument("--out", type=Path, default=None, help="write every error as JSON Lines")
    ap.add_argument("--max-per-set", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=0)
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
            if e.is_incident and e.country
        ]
        rng.shuffle(items)
        items = items[: args.max_per_set]
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
