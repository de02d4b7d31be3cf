"""The whole coder on training notes, its incident head out of fold (docs/coder-journal.md, "ACLED
notes: an attack on a named civic target (acled-incidents)").

``python -m civicspace.training.incident_oof --save /tmp/oof.npz`` writes the out-of-fold
incident scores of every training item (``/tmp/oof.hash.npz``). This tool codes one or more
training sets with the shipped coder, each short document's incident score (a note read whole:
no second look) replaced by its out-of-fold score, so that the keep rules, the label rules and
the target gate act on the scores the coder gives to notes it never trained on. The label heads
are still in-sample: the gate passes somewhat more than it would held out. It prints incident
P / R / F1 per set (with ``--groups`` per group too: ACLED's extract files, each a region and
time), and the false negatives and false positives by the mapping rule that made the gold::

    python -m civicspace.training.oof_coder /tmp/oof.hash.npz --sets acled,mass_mobilization
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.model import Prepared
from civicspace.classify.schema import InputDoc
from civicspace.training.evaluate import Counts
from civicspace.training.target_gate import training_examples


class OofCoder(DefaultCoder):
    """The default coder whose cheap pass reads short documents' incident scores from a table
    (id → out-of-fold probability) instead of the shipped head."""

    def __init__(self, scores: dict[str, float]) -> None:
        super().__init__()
        self.scores = scores

    def _screen(
        self, docs: Sequence[InputDoc]
    ) -> tuple[Prepared, np.ndarray, np.ndarray, dict[int, str]]:
        prepared, p, kept, chosen = super()._screen(docs)
        size = self.model.featurizer.max_chars
        for i, d in enumerate(docs):
            if d.id in self.scores and len(d.text) <= size:
                p[i] = self.scores[d.id]
                kept[i] = p[i] >= self.model.threshold
        return prepared, p, kept, chosen


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scores", type=Path, help="incident_oof --save output (.npz)")
    ap.add_argument("--sets", default="acled", help="comma-separated training sets")
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--top", type=int, default=15, help="mapping rules listed per error kind")
    ap.add_argument("--groups", action="store_true", help="also print each group's figures")
    args = ap.parse_args(argv)
    from civicspace.settings import get_settings

    saved = np.load(args.scores)
    scores = dict(zip(saved["ids"].tolist(), saved["p"].tolist(), strict=True))
    sets = set(args.sets.split(","))
    examples = [
        e for e in training_examples(args.data_dir or get_settings().data_dir) if e.source in sets
    ]
    docs = [InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang) for e in examples]
    codings = OofCoder(scores).code(docs, full=False)
    counts: dict[str, Counts] = defaultdict(Counts)
    errors: dict[str, Counter[str]] = defaultdict(Counter)
    for e, c in zip(examples, codings, strict=True):
        gold = bool(e.is_incident)
        for key in (e.source, f"{e.source}:{e.group}") if args.groups else (e.source,):
            counts[key].add(gold, c.is_incident)
        if gold != c.is_incident:
            kind = "false negatives" if gold else "false positives"
            errors[f"{e.source} {kind}"][e.rule] += 1
    for key in sorted(counts):
        d = counts[key].as_dict()
        print(f"{key:55s} P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}")
    for key in sorted(errors):
        print(key)
        for rule, n in errors[key].most_common(args.top):
            print(f"  {n:5d}  {rule}")


if __name__ == "__main__":
    main()
