"""The Colombian TRAINING narratives coded by the whole coder with its cue-only heads out of fold.

The shipped cue-only heads (incident and labels, the heads that read Spanish) were trained with
the Colombian training narratives, so ``colombia_train_check.py`` reads them in-sample. This
refits both cue-only heads as ``train()`` does (same examples, weights, codebook prior and C),
four times, each time without a quarter of the Colombian training narratives (folds by a hash
of the id), keeps the shipped Platt scaling and thresholds, and codes each quarter with the
shipped coder whose cue-only heads are the refit that never saw it. The keep rules, the label
rules and the target gate act on those scores. The held-out narratives are not read
(docs/coder-journal.md, "Colombian narratives, fourth pass (colombia-four)")::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/colombia_oof.py [--text] [--cache /tmp/c4.npz]

The cache holds the refit weights (the lexicon of the run that wrote it); later runs with other
cues reuse the weights, as the shipped coder does, and featurize the narratives anew.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import os
import tempfile
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
from colombia_train_check import page_alarms  # type: ignore[import-not-found]

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.schema import InputDoc
from civicspace.training.datasets import load_examples

FOLDS = 4


def fold_of(example_id: str) -> int:
    return zlib.crc32(example_id.encode()) % FOLDS


def refit(data: Path, cache: Path) -> dict[str, np.ndarray]:
    """Per fold, the cue-only incident and label weights and biases fitted without that fold."""
    import scipy.sparse as sp

    from civicspace.classify.features import HashingFeaturizer
    from civicspace.classify.lexicon import feature_names
    from civicspace.classify.model import CoderModel
    from civicspace.training import train as t

    fz = HashingFeaturizer()
    cue_names = feature_names()
    examples = [
        e
        for e in load_examples(data, tuple(t.TRAIN_SOURCES))
        if e.split == "train" and e.is_incident is not None
    ]
    if t.SNIPPET_TRAIN:
        examples += t.lead_snippets(examples, t.SNIPPET_NEEDS_TARGET)
    print(f"featurizing {len(examples)} training documents")
    shell = CoderModel(fz, cue_names, t._empty(1), t._empty(1), "untrained")
    texts = [t.training_text(e, fz, int(t.SECOND_LOOK["windows"])) for e in examples]
    x_cue = shell.prepare(texts, [e.lang for e in examples]).cues.tocsr()
    y_inc = np.array([1 if e.is_incident else 0 for e in examples], dtype=np.int8)
    w_inc = np.array([t.example_weight(e, t.INCIDENT_SOURCE_WEIGHTS, {}) for e in examples])
    w_lab = np.array([t.example_weight(e, t.SOURCE_WEIGHTS, {}) for e in examples])
    prior = t.codebook_prior(cue_names)
    names = t.label_names()
    pos = np.array([i for i, e in enumerate(examples) if e.is_incident and e.labels_known])
    y_lab = t.label_matrix([examples[i] for i in pos], names)
    known = t.known_matrix([examples[i] for i in pos], names)
    fold = np.array(
        [fold_of(e.id) if e.source == "colombia" else -1 for e in examples], dtype=np.int64
    )
    out: dict[str, np.ndarray] = {"names": np.array(names)}
    for k in range(FOLDS):
        rows = np.flatnonzero(fold != k)
        xs = sp.vstack([x_cue[rows], prior[0]]).tocsr()
        ys = np.concatenate([y_inc[rows], prior[1]])
        ws = np.concatenate([w_inc[rows], prior[2]])
        wi, bi = t._fit(xs, ys, ws, 1.0)
        wl = np.zeros((x_cue.shape[1], len(names)), np.float32)
        bl = np.zeros(len(names), np.float32)
        keep_pos = fold[pos] != k
        for j in range(len(names)):
            r = np.flatnonzero(keep_pos & known[:, j])
            wl[:, j], bl[j] = t._fit(x_cue[pos[r]], y_lab[r, j], w_lab[pos[r]], 1.0)
        out[f"inc_w{k}"], out[f"inc_b{k}"] = wi, np.array([bi], np.float32)
        out[f"lab_w{k}"], out[f"lab_b{k}"] = wl, bl
        print(f"fold {k}: refit without {int((fold == k).sum())} narratives")
    np.savez(cache, **out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", action="store_true", help="print each missed narrative's text")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "colombia_oof.npz")
    ap.add_argument("--labels", action="store_true", help="print each label error")
    ap.add_argument("--pair-from", type=float, default=None, help="try another cue_pair_from")
    ap.add_argument("--near-from", type=float, default=None, help="try another cue_pair_near_from")
    args = ap.parse_args()
    data = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    saved = dict(np.load(args.cache)) if args.cache.exists() else refit(data, args.cache)
    gold = [
        e for e in load_examples(data, ("colombia",), split="train") if e.is_incident is not None
    ]
    base = DefaultCoder()
    if args.pair_from is not None:
        base.label_rules = dataclasses.replace(base.label_rules, cue_pair_from=args.pair_from)
    if args.near_from is not None:
        base.label_rules = dataclasses.replace(base.label_rules, cue_pair_near_from=args.near_from)
    assert base.model.incident_cue is not None and base.model.labels_cue is not None
    assert list(saved["names"]) == list(base.model.labels_cue.names)
    results = {}
    for k in range(FOLDS):
        coder = copy.copy(base)
        model = copy.copy(base.model)
        inc = copy.deepcopy(base.model.incident_cue)
        lab = copy.deepcopy(base.model.labels_cue)
        inc.weights = saved[f"inc_w{k}"].reshape(-1, 1)
        inc.bias = saved[f"inc_b{k}"]
        lab.weights, lab.bias = saved[f"lab_w{k}"], saved[f"lab_b{k}"]
        model.incident_cue, model.labels_cue = inc, lab
        coder.model = model
        part = [e for e in gold if fold_of(e.id) == k]
        docs = [InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang) for e in part]
        for e, c in zip(part, coder.code(docs, full=False), strict=True):
            results[e.id] = (e, c)
    errors: Counter[str] = Counter()
    found = flagged = 0
    for e, c in sorted(results.values(), key=lambda ec: int(ec[0].id.split(":")[1])):
        if e.is_incident and not c.is_incident:
            print(f"missed {e.id} score={c.score} gold={e.violations}/{e.targets}")
            if args.text:
                print("   ", e.text.replace("\n", " || ")[:600])
        elif not e.is_incident and c.is_incident:
            flagged += 1
            print(f"false alarm {e.id} score={c.score}")
        if not (e.is_incident and c.is_incident):
            continue
        found += 1
        wrong: list[str] = []
        for kind, want in (("violations", e.violations), ("targets", e.targets)):
            got = {lab.id for lab in getattr(c, kind)}
            wrong += [f"+{kind}:{lab}" for lab in sorted(got - set(want))]
            wrong += [f"-{kind}:{lab}" for lab in sorted(set(want) - got)]
        errors.update(wrong)
        if args.labels and wrong:
            print(f"labels {e.id} score={c.score}", " ".join(wrong))
    n_inc = sum(bool(e.is_incident) for e, _c in results.values())
    print(f"found {found} of {n_inc} training incidents out of fold")
    print(f"non-incidents flagged {flagged} of {len(results) - n_inc}")
    print("label errors given the incident:", dict(errors.most_common()))
    alarms, n_pages = page_alarms(data, base)
    print(f"Spanish non-incident pages flagged: {len(alarms)} of {n_pages}", alarms)


if __name__ == "__main__":
    main()
