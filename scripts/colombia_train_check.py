"""The Colombian TRAINING narratives and Spanish training-side non-incidents, coded as shipped.

Prints, with the hand labels applied (``hand_labels/en_es.jsonl``; an ``uncertain`` item is left
out): each training narrative the coder misses, the label errors given the incident (violations and
targets the coder adds or drops, counted per label), and the false alarms on the Spanish
non-incident pages of ``hand_labels/multilingual.jsonl`` that come from the trafilatura evaluation
pages (the Spanish RSS items there are not read: they are the held-out ``news_es`` feeds). The
held-out narratives are not read. Run (docs/coder-journal.md, "Colombian narratives, third pass
(colombia-three)")::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/colombia_train_check.py [--text]
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path

from bench.languages import Texts

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.schema import InputDoc
from civicspace.training.datasets import load_examples

_LABELS = Path("src/civicspace/training/hand_labels/multilingual.jsonl")
_PAGES = "trafilatura_eval_multilingual_html:"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", action="store_true", help="print each missed narrative's text")
    args = ap.parse_args()
    data = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    coder = DefaultCoder()
    gold = [
        e for e in load_examples(data, ("colombia",), split="train") if e.is_incident is not None
    ]
    docs = [InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang) for e in gold]
    codings = coder.code(docs, full=False)
    errors: Counter[str] = Counter()
    found = 0
    for e, c in zip(gold, codings, strict=True):
        if e.is_incident and not c.is_incident:
            print(f"missed {e.id} score={c.score} gold={e.violations}/{e.targets}")
            if args.text:
                print("   ", e.text.replace("\n", " || ")[:500])
        elif not e.is_incident and c.is_incident:
            print(f"false alarm {e.id} score={c.score}")
        if not (e.is_incident and c.is_incident):
            continue
        found += 1
        for kind, want in (("violations", e.violations), ("targets", e.targets)):
            got = {lab.id for lab in getattr(c, kind)}
            for lab in got - set(want):
                errors[f"+{kind}:{lab}"] += 1
            for lab in set(want) - got:
                errors[f"-{kind}:{lab}"] += 1
    print(f"found {found} of {sum(bool(e.is_incident) for e in gold)} training incidents")
    print("label errors given the incident (+ added, - dropped):", dict(errors.most_common()))
    alarms, n_pages = page_alarms(data, coder)
    print(f"Spanish non-incident pages flagged: {len(alarms)} of {n_pages}", alarms)


def page_alarms(data: Path, coder: DefaultCoder) -> tuple[list[str], int]:
    """The Spanish non-incident trafilatura pages the coder flags, and how many were read."""
    texts = Texts(data)
    pages = [
        row
        for row in map(json.loads, _LABELS.read_text().splitlines())
        if row["lang"] == "es" and row["key"].startswith(_PAGES) and not row["is_incident"]
    ]
    page_docs = []
    for row in pages:
        got = texts.get(row["key"])
        if got is not None:
            page_docs.append(InputDoc(id=row["key"], title=got[0], text=got[1], lang="es"))
    return [c.id for c in coder.code(page_docs, full=False) if c.is_incident], len(page_docs)


if __name__ == "__main__":
    main()
