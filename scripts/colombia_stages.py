"""Where the default coder loses the Colombian TRAINING narratives, stage by stage.

For each training narrative (killings before the held-out cut, ``training/mappings.yaml``) prints
the cheap pass's probability and threshold, the pair judge's best pair, whether the boost or the
cue-pair rule kept it, and the stage that lost it: ``cheap`` (under the boost's range or nothing to
pair), ``boost<p`` (in the boost's range, the judge under its ``p_from``), ``gate`` (kept, then no
incident by the label decisions' target gate) or ``found``. The held-out narratives are not read.
Run (docs/coder-journal.md, "Colombian narratives, second pass (colombia-two)")::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/colombia_stages.py [--text]
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.evidence import document_sentences
from civicspace.classify.pairing import PairJudgement, cue_sentences, judge
from civicspace.classify.schema import InputDoc
from civicspace.training.real_sets import load_colombia


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", action="store_true", help="print each lost narrative's text")
    args = ap.parse_args()
    data = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    examples = [e for e in load_colombia(data) if e.split == "train"]
    coder = DefaultCoder()
    docs = [InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang) for e in examples]
    prepared, p, kept, _chosen = coder._screen(docs)
    _, thr = coder.model.incident_proba(prepared)
    cheap = kept.copy()
    judged: dict[int, PairJudgement | None] = {}
    coder._boost(docs, prepared, p, kept, judged)
    boosted = kept.copy()
    coder._keep_cue_pairs(docs, prepared, p, kept, judged)
    codings = coder.code(docs, full=False)
    boost = coder.pair_model.boost
    stages: Counter[str] = Counter()
    for i, e in enumerate(examples):
        lang = prepared.languages[i]
        pair = judge(coder.pair_model, cue_sentences(document_sentences(e.title, e.text), lang))
        if codings[i].is_incident:
            stage = "found"
        elif kept[i]:
            stage = "gate"
        elif pair is not None and boost is not None and p[i] >= boost.score_from:
            stage = "boost<p"
        else:
            stage = "cheap"
        stages[stage] += 1
        if stage == "found" and not args.text:
            continue
        strong = sorted(
            k for k in prepared.strong[i] if k.startswith(("pair:", "violations:", "targets:"))
        )
        print(
            f"{e.id} [{stage}] p={p[i]:.3f} thr={thr[i]:.3f} cheap={bool(cheap[i])} "
            f"boost={bool(boosted[i])} cue_pair={bool(kept[i])} "
            f"judge={None if pair is None else round(pair.p, 3)}"
        )
        print("   strong:", strong)
        if args.text:
            print("   text:", e.text.replace("\n", " || ")[:600])
    print(dict(stages), "of", len(examples))


if __name__ == "__main__":
    main()
