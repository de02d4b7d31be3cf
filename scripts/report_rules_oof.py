"""Text rules for long reports, measured out of fold on the training split (report-labels-two).

``python -m civicspace.training.label_oof --cache OOF.pkl`` refits the label heads out of fold but
reads what the heads read only; the rules that read a whole text (protest acts told past the lead,
``label_tables.TOLD_LATER``) are not in it. This script emulates such rules on those out-of-fold
probabilities: for each training incident it finds the ``pair:`` keys (a strong act cue and a
strong target, police or army cue in one sentence, ``lexicon.pair_keys``) within the text's first
800 / 1,500 characters and in all of it, raises the acts a variant gives to the rule probability
and decides with the coder's ``label_rules.decide``. Violation and target micro-F1 given the
incident, per training set, per set and gold origin (hand label or mapping) and pooled:

    CIVICSPACE_DATA_DIR=../shared/data python scripts/report_rules_oof.py --cache /tmp/oof.pkl

(the cache is label_oof's, written by it first). Held-out data is never read. docs/coder-journal.md,
"Report labels, second pass (report-labels-two)", has the figures and what they did held out.
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
from numpy.typing import NDArray

from civicspace.classify.features import document_text
from civicspace.classify.label_rules import DEFAULT, decide
from civicspace.classify.label_tables import PAIRED_CUE_P, PAIRED_CUE_RULES
from civicspace.classify.lexicon import lower_preserving, multilexicon, pair_keys
from civicspace.classify.model import CoderModel
from civicspace.training.datasets import load_examples
from civicspace.training.evaluate import Counts
from civicspace.training.label_oof import FITTED_KINDS, OofSet
from civicspace.training.train import TRAIN_SOURCES

WINDOWS = (800, 1500, None)  # first characters read (None: all)
REPORT = 2000  # a report: a text (title and body) longer than this
CIVIC = frozenset(
    k.split("|targets:")[1] for k in PAIRED_CUE_RULES["violations:judicial_harassment"]
)
SETS = ("hrdsattack", "ml4p", "mass_mobilization", "acled", "colombia", "ag_news", "all")


@dataclass(frozen=True)
class Variant:
    """``told``: (text length read whole, characters read of a longer text; None: all) for
    ``TOLD_LATER``; ``acts``: per act, (characters read, victims; None: any) in a report."""

    told: tuple[int, int | None] = (0, None)
    acts: dict[str, tuple[int | None, frozenset[str] | None]] = field(default_factory=dict)


VARIANTS = {
    "shipped (told-later reads all)": Variant(),
    "told-later: reports read to 800": Variant(told=(REPORT, 800)),
    "told-later: reports read to 1500": Variant(told=(REPORT, 1500)),
    "report killing (all, any target)": Variant(acts={"violations:killing": (None, None)}),
    "report disappearance (1500)": Variant(acts={"violations:disappearance": (1500, None)}),
    "report judicial (1500, civic)": Variant(
        acts={"violations:judicial_harassment": (1500, CIVIC)}
    ),
    "report killing + disappearance + judicial": Variant(
        acts={
            "violations:killing": (None, None),
            "violations:disappearance": (1500, None),
            "violations:judicial_harassment": (1500, CIVIC),
        }
    ),
}


@dataclass(frozen=True)
class Text:
    chars: int
    origin: str  # hand or map
    pairs: dict[int | None, frozenset[str]]


def texts(data_dir: Path, oof: OofSet) -> list[Text]:
    """Each out-of-fold incident's length, gold origin and pair keys per window (oof's order)."""
    examples = [
        e
        for e in load_examples(data_dir, TRAIN_SOURCES)
        if e.split == "train" and e.is_incident and e.labels_known
    ]
    assert [e.source for e in examples] == oof.sources, "the cache is of other inputs"
    ml = multilexicon()
    out: list[Text] = []
    for e in examples:
        text = document_text(e.title, e.text)
        low = lower_preserving(text)
        _, hits = ml.find(low, e.lang)
        pairs = {
            w: frozenset(pair_keys(low, [h for h in hits if w is None or h.start < w]))
            for w in WINDOWS
        }
        out.append(Text(len(text), "hand" if e.rule.startswith("hand") else "map", pairs))
    return out


def probabilities(p: NDArray[np.float32], names: list[str], t: Text, v: Variant) -> None:
    """Raise, in place, one incident's probabilities by the variant's text rules."""
    read = None if v.told[1] is None or t.chars <= v.told[0] else v.told[1]
    for name, prob in DEFAULT.told_later_labels(t.pairs[read]).items():
        j = names.index(name)
        p[j] = max(p[j], prob)
    if t.chars <= REPORT:
        return
    for name, (chars, victims) in v.acts.items():
        for key in t.pairs[chars]:
            act, _, other = key.partition("|")
            victim = other[8:] if other.startswith("targets:") else None
            if act == f"pair:{name}" and victim and (victims is None or victim in victims):
                j = names.index(name)
                p[j] = max(p[j], PAIRED_CUE_P)


def measure(oof: OofSet, model: CoderModel, found: list[Text], v: Variant) -> dict[str, float]:
    """Micro-F1 given the incident per group and kind (``group kind``)."""
    base = oof.probs.copy()
    model.apply_cue_rules(base, oof.strong, DEFAULT)
    names = list(oof.names)
    counts: dict[str, Counts] = defaultdict(Counts)
    first = {k: next(j for j, n in enumerate(names) if n.startswith(k + ":")) for k in FITTED_KINDS}
    for i, (source, t) in enumerate(zip(oof.sources, found, strict=True)):
        p = base[i].copy()
        probabilities(p, names, t, v)
        decision = decide(names, p, oof.thresholds[i], oof.evidence[i], DEFAULT)
        for kind in FITTED_KINDS:
            if not oof.known[i, first[kind]]:
                continue
            predicted = {f"{kind}:{lab.id}" for lab in decision.labels[kind]}
            gold = {n for j, n in enumerate(names) if n.startswith(kind + ":") and oof.gold[i, j]}
            for name in predicted | gold:
                for group in (source, f"{source}/{t.origin}", "all"):
                    counts[f"{group} {kind}"].add(name in gold, name in predicted)
    return {k: c.f1 for k, c in counts.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, required=True, help="label_oof's --cache file")
    args = ap.parse_args()
    data_dir = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    model = CoderModel.load()
    _key, oof = joblib.load(args.cache)
    found = texts(data_dir, oof)
    groups = [*SETS[:2], "hrdsattack/hand", "ml4p/hand", *SETS[2:]]
    print("| variant | " + " | ".join(groups) + " |")
    print("|---" * (len(groups) + 1) + "|")
    for name, v in VARIANTS.items():
        f1 = measure(oof, model, found, v)
        cells = [
            f"{f1.get(f'{g} violations', 0):.3f} / {f1.get(f'{g} targets', 0):.3f}" for g in groups
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
