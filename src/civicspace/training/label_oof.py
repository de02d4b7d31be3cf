"""Out-of-fold label decisions on the training split: where the label rules are chosen.

``python -m civicspace.training.label_oof [--cache FILE] [--out FILE]`` refits the default
coder's label heads (the same features, weights and fit as :mod:`civicspace.training.train`)
on half of the training incidents, grouped (a report, a protest, a country's notes: each
group's fold by a hash of its name, :mod:`civicspace.training.folds`), and scores the other
half; the shipped model's Platt scaling and thresholds turn the scores into probabilities, as
they were fitted on out-of-fold scores of the same kind. On those probabilities it

* fits :data:`civicspace.classify.label_tables.NO_CUE_THRESHOLDS`: per label with at least
  :data:`MIN_CUELESS` out-of-fold predictions without a cue of its own, the no-cue threshold
  (grid :data:`GRID`, or never) with the best F1 of that label pooled over every training set;
* reports, per training set, violation and target micro- and macro-F1 given the incident and
  per-label precision and recall, with the heads alone (``label_rules.NONE``) and with the
  coder's rules (``label_rules.DEFAULT``), through the coder's own :func:`decide`.

Held-out data is never read. One JSON object is printed (and written to ``--out``); the
out-of-fold scores can be cached (``--cache``, outside the repository: 2-3 minutes on a core;
a cache is only read back when it was made from the same inputs, :func:`fit_inputs_digest`).
``--table`` prints instead the fitted table in the exact form of its constant in
``label_tables.py``, with the fit record (:data:`NO_CUE_FITTED_ON`, the model the fit read, and
:data:`NO_CUE_FIT_INPUTS`, the digest of what else it read): paste it over the shipped block.
``tests/classify/test_label_rules.py`` fails when no fit is recorded for the current inputs (a
lexicon, a mapping, a hand-label file or a setting of the fit changed since): the shipped table
is then stale; rerun this tool, measure its table held-out, and either paste its block into
``label_tables.py`` or record it in ``NO_CUE_NOT_ADOPTED`` (measured, not adopted, and why).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from civicspace.classify.label_rules import (
    DEFAULT,
    NONE,
    LabelEvidence,
    Rules,
    cue_evidence,
    decide,
)
from civicspace.classify.label_tables import (
    EVIDENCE_OF,
    NEVER,
    NO_CUE_FIT_INPUTS,
    NO_CUE_FITTED_ON,
    NO_CUE_NOT_ADOPTED,
    NO_CUE_THRESHOLDS,
)
from civicspace.classify.lexicon import lexicon_bytes
from civicspace.classify.model import CoderModel, Heads, sigmoid
from civicspace.training.datasets import load_examples
from civicspace.training.evaluate import Counts
from civicspace.training.folds import fold_ids
from civicspace.training.hand import HELD_BACK_FILES, hand_label_folder
from civicspace.training.train import (
    C_LABELS,
    SECOND_LOOK,
    SOURCE_WEIGHTS,
    TRAIN_SOURCES,
    _fit,
    example_weight,
    known_matrix,
    label_matrix,
    training_text,
)

FOLDS = 2
# each group's fold by a hash of its name (training/folds.py): a change to the gold moves no
# other group between folds, so a refit reads the same folds (nocue-folds)
FOLDS_BY = "hash"
GRID = (*(round(float(t), 2) for t in np.arange(0.30, 0.96, 0.05)), NEVER)
MIN_CUELESS = 30
FITTED_KINDS = ("violations", "targets")
# what the artifact keeps of each head (``CoderModel.save``): scored as shipped
KEEP_FULL, KEEP_CUE = 12_000, 40_000


def fit_inputs_digest() -> str:
    """Ten hex digits over what the no-cue fit reads besides the model and the shared data: the
    cue lexicons (features and evidence), the gold the training split gets (ACLED's mapping and
    its code, the real sets' mappings and their code, the review files and the hand-label files
    applied), the fit's settings and the training settings it repeats, and :data:`EVIDENCE_OF`
    (whose cues count as a label's own). The other rules do not enter the fit: it reads the
    heads alone (``NONE``)."""
    digest = hashlib.sha256(lexicon_bytes())
    training = resources.files("civicspace.training")
    files = [
        resources.files("civicspace.acled").joinpath("mapping.yaml"),
        # the code that applies the mappings is the gold too (acled-three's fix was in mapping.py)
        resources.files("civicspace.acled").joinpath("mapping.py"),
        training.joinpath("real_sets.py"),
        training.joinpath("mappings.yaml"),
        *sorted(training.joinpath("data").iterdir(), key=lambda f: f.name),
        *sorted(hand_label_folder().glob("*.jsonl")),
    ]
    for f in files:
        if not f.name.endswith((".yaml", ".json", ".jsonl", ".py")):
            continue
        if f.name.endswith(".jsonl") and f.name.split(".")[0] in HELD_BACK_FILES:
            continue
        digest.update(f"\0{f.name}\0".encode())
        digest.update(f.read_bytes())
    settings = [
        FOLDS,
        FOLDS_BY,
        list(GRID),
        MIN_CUELESS,
        list(FITTED_KINDS),
        KEEP_FULL,
        KEEP_CUE,
        C_LABELS,
        sorted(SECOND_LOOK.items()),
        sorted(SOURCE_WEIGHTS.items()),
        list(TRAIN_SOURCES),
        sorted((k, list(v)) for k, v in EVIDENCE_OF.items()),
    ]
    digest.update(json.dumps(settings).encode("utf-8"))
    return digest.hexdigest()[:10]


def constant_block(fitted: Mapping[str, float], model_version: str, inputs: str) -> str:
    """The fitted table and its fit record as they stand in ``label_tables.py``."""
    lines = ["NO_CUE_THRESHOLDS: dict[str, float] = {"]
    lines += [f'    "{n}": {"NEVER" if t == NEVER else repr(float(t))},' for n, t in fitted.items()]
    lines += ["}", f'NO_CUE_FITTED_ON = "{model_version}"', f'NO_CUE_FIT_INPUTS = "{inputs}"']
    return "\n".join(lines) + "\n"


def recorded_fit(inputs: str) -> Mapping[str, float] | None:
    """The table ``label_tables`` records for a fit on ``inputs``: the shipped one, or a refit
    measured and not adopted (``NO_CUE_NOT_ADOPTED``); None: these inputs were never fitted."""
    if inputs == NO_CUE_FIT_INPUTS:
        return NO_CUE_THRESHOLDS
    return NO_CUE_NOT_ADOPTED.get(inputs)


@dataclass
class OofSet:
    """Out-of-fold head probabilities (before the cue rules) of the training incidents."""

    names: list[str]
    probs: NDArray[np.float32]  # (documents, labels)
    thresholds: NDArray[np.float32]
    gold: NDArray[np.bool_]
    known: NDArray[np.bool_]
    sources: list[str]
    strong: list[dict[str, int]]
    evidence: list[LabelEvidence]


def _pruned(w: NDArray[np.float32], keep: int) -> NDArray[np.float32]:
    state = Heads(["x"], w.reshape(-1, 1), *(np.zeros(1, np.float32),) * 4).to_state(keep)
    out: NDArray[np.float32] = Heads.from_state(state).weights[:, 0]
    return out


def oof_scores(data_dir: Path, model: CoderModel, log: Any = print) -> OofSet:
    """Refit the label heads fold by fold and score the held-back fold (training split only)."""
    examples = [
        e
        for e in load_examples(data_dir, TRAIN_SOURCES)
        if e.split == "train" and e.is_incident and e.labels_known
    ]
    log(f"{len(examples)} training incidents")
    fz = model.featurizer
    texts = [training_text(e, fz, int(SECOND_LOOK["windows"])) for e in examples]
    prepared = model.prepare(texts, [e.lang for e in examples])
    x = sp.hstack([prepared.groups.to_csr(), prepared.cues], format="csr", dtype=np.float32)
    x_cue = prepared.cues.tocsr()
    names = list(model.labels.names)
    y = label_matrix(examples, names)
    known = known_matrix(examples, names)
    weight = np.array([example_weight(e, SOURCE_WEIGHTS, {}) for e in examples])
    groups = [f"{e.source}:{e.group}" for e in examples]
    z_full = np.zeros((len(examples), len(names)), np.float32)
    z_cue = np.zeros_like(z_full)
    fold = fold_ids(groups, FOLDS, FOLDS_BY)
    folds = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(FOLDS)]
    for j, name in enumerate(names):
        for train_rows, test_rows in folds:
            rows = train_rows[known[train_rows, j]]
            for xs, z, keep in ((x, z_full, KEEP_FULL), (x_cue, z_cue, KEEP_CUE)):
                w, b = _fit(xs[rows], y[rows, j], weight[rows], C_LABELS)
                z[test_rows, j] = xs[test_rows] @ _pruned(w, keep) + b
        log(f"  {name}")
    assert model.labels_cue is not None
    other = np.array([lang not in model.trained_languages for lang in prepared.languages])
    full, cue = model.labels, model.labels_cue
    probs = np.where(
        other[:, None],
        sigmoid(cue.platt_a * z_cue + cue.platt_b),
        sigmoid(full.platt_a * z_full + full.platt_b),
    )
    thresholds = np.where(other[:, None], cue.thresholds[None, :], full.thresholds[None, :])
    cues = prepared.cues.tocsr()
    evidence = [
        cue_evidence(model.cue_names, cues.indices[cues.indptr[i] : cues.indptr[i + 1]])
        for i in range(len(examples))
    ]
    return OofSet(
        names,
        probs.astype(np.float32),
        thresholds.astype(np.float32),
        y.astype(bool) & known,
        known,
        [e.source for e in examples],
        prepared.strong,
        evidence,
    )


def with_cue_rules(oof: OofSet, model: CoderModel, rules: Rules) -> NDArray[np.float32]:
    """Probabilities after the model's cue rules (rare and derived labels) under ``rules``."""
    p = oof.probs.copy()
    model.apply_cue_rules(p, oof.strong, rules)
    return p


def fit_no_cue(oof: OofSet, model: CoderModel) -> dict[str, float]:
    """Per label, the no-cue threshold with the best pooled out-of-fold F1 of that label."""
    p = with_cue_rules(oof, model, NONE)
    fitted: dict[str, float] = {}
    for j, name in enumerate(oof.names):
        if name.split(":", 1)[0] not in FITTED_KINDS:
            continue
        has_cue = np.array([DEFAULT.has_cue(name, ev) for ev in oof.evidence])
        base = (p[:, j] >= oof.thresholds[:, j]) & oof.known[:, j]
        if int((base & ~has_cue).sum()) < MIN_CUELESS:
            continue
        gold = oof.gold[:, j]

        def f1(pred: NDArray[np.bool_], gold: NDArray[np.bool_] = gold) -> float:
            tp = int((pred & gold).sum())
            return 2 * tp / max(int(pred.sum()) + int(gold.sum()), 1)

        best_t, best_f = None, f1(base)
        for t in GRID:
            f = f1(base & (has_cue | (p[:, j] >= t)))
            if f > best_f + 1e-9:
                best_t, best_f = t, f
        if best_t is not None:
            fitted[name] = best_t
    return fitted


def evaluate_rules(oof: OofSet, model: CoderModel, rules: Rules) -> dict[str, Any]:
    """Per training set (and all together): violation and target micro and macro F1 given the
    incident, and each label's counts, with the coder's :func:`decide` under ``rules``."""
    p = with_cue_rules(oof, model, rules)
    index = {n: j for j, n in enumerate(oof.names)}
    first = {
        k: next(j for j, n in enumerate(oof.names) if n.startswith(k + ":")) for k in FITTED_KINDS
    }
    micro: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    labels: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    for i, source in enumerate(oof.sources):
        decision = decide(oof.names, p[i], oof.thresholds[i], oof.evidence[i], rules)
        for kind in FITTED_KINDS:
            if not oof.known[i, first[kind]]:
                continue  # a kind this source does not decide
            predicted = {f"{kind}:{lab.id}" for lab in decision.labels[kind]}
            gold = {n for n in oof.names if n.startswith(kind + ":") and oof.gold[i, index[n]]}
            for name in predicted | gold:
                for group in (source, "all"):
                    micro[group][kind].add(name in gold, name in predicted)
                    labels[group][name].add(name in gold, name in predicted)
    out: dict[str, Any] = {}
    for group in sorted(micro):
        row: dict[str, Any] = {}
        for kind in FITTED_KINDS:
            per = [c for n, c in labels[group].items() if n.startswith(kind + ":")]
            row[kind] = {
                **micro[group][kind].as_dict(),
                "macro_f1": round(float(np.mean([c.f1 for c in per])) if per else 0.0, 4),
            }
        row["labels"] = {n: c.as_dict() for n, c in sorted(labels[group].items())}
        out[group] = row
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="out-of-fold scores (pickle), read or written")
    ap.add_argument("--out", type=Path, help="also write the JSON report here")
    ap.add_argument(
        "--table",
        action="store_true",
        help="print the fitted table and its fit record as label_tables.py holds them",
    )
    args = ap.parse_args(argv)
    data_dir = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    model = CoderModel.load()
    inputs = fit_inputs_digest()
    key = f"{model.version}:{inputs}"
    cached = joblib.load(args.cache) if args.cache is not None and args.cache.is_file() else None
    if isinstance(cached, tuple) and cached[0] == key:
        oof: OofSet = cached[1]
    else:
        oof = oof_scores(data_dir, model, log=lambda m: print(m, flush=True, file=sys.stderr))
        if args.cache is not None:
            joblib.dump((key, oof), args.cache)
    fitted = fit_no_cue(oof, model)
    table = constant_block(fitted, model.version, inputs)
    report = {
        "model": model.version,
        "documents": len(oof.sources),
        "no_cue_thresholds_fitted": fitted,
        "fit_matches_shipped": fitted == NO_CUE_THRESHOLDS,
        "fit_inputs": inputs,
        "fit_inputs_match_shipped": (model.version, inputs)
        == (NO_CUE_FITTED_ON, NO_CUE_FIT_INPUTS),
        # the table recorded for these inputs (shipped, or measured and not adopted), if any
        "fit_matches_record": fitted == recorded_fit(inputs),
        "constant": table,
        "heads_alone": evaluate_rules(oof, model, NONE),
        "with_rules": evaluate_rules(oof, model, DEFAULT),
    }
    text = json.dumps(report, indent=1)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(table if args.table else text, end="" if args.table else "\n")


if __name__ == "__main__":
    main()
