"""Training-side firings of some labels: the coder as the working tree has it, on every
training-split example, against the training gold (mappings and hand labels).

    CIVICSPACE_DATA_DIR=../shared/data python scripts/label_counts_train.py OUT.json \
        violations:surveillance violations:censorship

Prints, per label, right / wrong / missed firings (items whose labels are known), and the
incident decision's; writes one record per example to OUT.json to compare two runs. Reads no
held-out item (surveil-two, docs/coder-journal.md)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.schema import InputDoc
from civicspace.training.datasets import load_examples


def main(argv: list[str]) -> None:
    out_path, labels = Path(argv[0]), [a.partition(":")[2] or a for a in argv[1:]]
    data = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    examples = load_examples(data, split="train")
    docs = [InputDoc(id=e.id, text=e.text, title=e.title, lang=e.lang) for e in examples]
    codings = DefaultCoder().code(docs, full=False)
    records = [
        {
            "id": e.id,
            "set": e.source,
            "known": e.labels_known and "violations" not in e.unknown,
            "gold_inc": bool(e.is_incident),
            "pred_inc": c.is_incident,
            "gold": sorted(e.violations) if e.is_incident else [],
            "pred": sorted(c.ids("violations")) if c.is_incident else [],
        }
        for e, c in zip(examples, codings, strict=True)
    ]
    out_path.write_text(json.dumps(records), "utf-8")
    for lab in labels:
        known = [r for r in records if r["known"]]
        right = sum(lab in r["gold"] and lab in r["pred"] for r in known)
        wrong = sum(lab not in r["gold"] and lab in r["pred"] for r in known)
        missed = sum(lab in r["gold"] and lab not in r["pred"] for r in known)
        print(f"{lab}: right {right}, wrong {wrong}, missed {missed}")
    tp = sum(r["gold_inc"] and r["pred_inc"] for r in records)
    fp = sum(not r["gold_inc"] and r["pred_inc"] for r in records)
    fn = sum(r["gold_inc"] and not r["pred_inc"] for r in records)
    print(f"incidents: right {tp}, wrong {fp}, missed {fn}")


if __name__ == "__main__":
    main(sys.argv[1:])
