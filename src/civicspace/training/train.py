"""Train the default coder from ``../shared/data`` and write its artifact.

``civicspace train`` and ``scripts/train_coder.py`` both call :func:`train`. Training reads the
train split of :mod:`civicspace.training.datasets` (ACLED: Kenya, South Asia, Bangladesh,
Africa 2016; AG News without Reuters and AFP; #KeepItOn 2016–2020) and of the real incident
reports of :mod:`civicspace.training.real_sets` (HRDsAttack, Mass Mobilization, ML4P, Colombian
social leaders; long documents read where they tell their incident), fits logistic regression
heads over shared hashed features plus a second set of heads over the language-independent cue
features alone (used for languages without training data, where hashed n-grams mean nothing),
and calibrates every head with Platt scaling on out-of-fold scores grouped by source.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from civicspace.classify.features import HashingFeaturizer, telling_window
from civicspace.classify.lexicon import feature_names, lower_preserving, multilexicon
from civicspace.classify.model import ARTIFACT, CoderModel, Heads, model_digest
from civicspace.codebook import load_codebook
from civicspace.errors import InvalidInput
from civicspace.training.datasets import Example, load_examples
from civicspace.training.folds import fold_ids
from civicspace.training.hand import HELD_BACK_FILES, INCIDENT_HELD_BACK_FILES
from civicspace.training.silver import PROTECTED, PROTECTED_TARGETS, strong_labels

MAJOR = 2
LABEL_KINDS = ("violations", "targets", "perpetrators", "freedoms")
TRAIN_SOURCES = (
    "acled",
    "ag_news",
    "keepiton",
    "hrdsattack",
    "mass_mobilization",
    "ml4p",
    "colombia",
)
# A violation or target with fewer training examples than this also fires on a strong cue of
# its own (probability RULE_PRIOR): a head trained on a handful of items rarely reaches its
# threshold (LGBTIQ targets: 17 examples).
RULE_MIN_POSITIVES = 30
RULE_KINDS = ("violations", "targets")
RULE_PRIOR = 0.6
C_INCIDENT = 1.0
# The incident decision is "more likely than not" on the calibrated score: out-of-fold folds are
# whole other files, so an F-optimal out-of-fold threshold lands at either extreme of the grid
# (0.2 with F1, 0.65 with F0.5), and both did worse on sources never trained on.
INCIDENT_THRESHOLD = 0.5
BETA = 1.0
C_LABELS = 1.0
LABEL_FOLDS = 2
# Whole articles: the coder reads the lead, and long documents whose lead scores at least LOW
# (but below the threshold) in up to WINDOWS windows (see CoderModel.second_look).
SECOND_LOOK = {"low": 0.2, "windows": 8.0}
# Real incident reports are few beside ACLED's 22,000 notes but are the genre the coder reads:
# each weighs more in every fit.
SOURCE_WEIGHTS = {"hrdsattack": 3.0, "colombia": 3.0, "ml4p": 1.5}
# Mass Mobilization's labels are event-level (a summary need not tell the dispersal or the
# arrests): in the incident head its 8,000 summaries weigh half, or protest news at large
# starts to look like incidents.
INCIDENT_SOURCE_WEIGHTS = {**SOURCE_WEIGHTS, "mass_mobilization": 0.5}
# Short report snippets (docs/coder-journal.md, "Short report snippets (snippet-train)"): a long
# training report (body over SNIPPET_MIN_BODY characters) of these sets also trains the incident
# heads as its lead snippet (title and the body's first sentences, SNIPPET_CHARS characters or so)
# when the title or snippet holds a strong violation cue (an act), with its report's incident label;
# a snippet without one is left out, incident or not (whether it tells the incident is unknown, and
# keeping only the negatives would teach that short text is never an incident). Snippets train the
# incident heads only, never the label heads.
SNIPPET_TRAIN = False
SNIPPET_SOURCES = ("hrdsattack", "ml4p")
SNIPPET_CHARS = 250
SNIPPET_MIN_BODY = 600
# the second variant: a snippet is kept only when it also names a protected target (an act and
# a target: the incident as the codebook defines it is told there)
SNIPPET_NEEDS_TARGET = False
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# An item a person read and coded (hand_labels/, docs/annotation-guide.md) is gold where the
# mapped items are silver: it weighs this many times its set's weight.
HAND_LABEL_WEIGHT = 3.0
# How the out-of-fold scores (Platt, label thresholds) deal groups to folds (folds.fold_ids):
# "groupkfold" (scikit-learn's GroupKFold, balanced by size: the shipped artifact's; a change to
# the data moves other groups between folds) or "hash" (each group by a hash of its name).
# docs/coder-journal.md, "A retrain on hashed folds (retrain-hashed)": measured, not adopted.
FOLDS_BY = "groupkfold"


def default_artifact() -> Path:
    """Where the packaged default-coder artifact lives (an editable install's source tree)."""
    return Path(str(resources.files("civicspace.classify").joinpath("artifacts"))) / ARTIFACT


def label_names() -> list[str]:
    cb = load_codebook()
    return [f"{kind}:{i}" for kind in LABEL_KINDS for i in cb.ids(kind)] + ["gendered"]


def training_text(e: Example, fz: HashingFeaturizer, windows: int) -> str:
    """What the coder learns a document from: its lead, or, for a long document, the window
    with the most violation and target cues (:func:`telling_window`)."""
    return telling_window(e.title, e.text, e.lang, fz.max_chars, windows)


def lead_snippet(text: str, chars: int = SNIPPET_CHARS) -> str:
    """The body's first sentences, about ``chars`` characters: whole sentences while the snippet
    is shorter than ``chars`` // 2 and the next one keeps it within 1.2 * ``chars``; a first
    sentence longer than that is cut at a word boundary."""
    out = ""
    for sentence in _SENTENCE_END.split(text.strip()):
        sentence = sentence.strip()
        if not sentence:
            continue
        if not out:
            out = sentence
        elif len(out) < chars // 2 and len(out) + 1 + len(sentence) <= chars * 1.2:
            out = f"{out} {sentence}"
        else:
            break
    if len(out) > chars * 1.2:
        cut = out.rfind(" ", 0, chars)
        out = out[: cut if cut > 0 else chars]
    return out


def lead_snippets(
    examples: Sequence[Example], needs_target: bool = SNIPPET_NEEDS_TARGET
) -> list[Example]:
    """Each long report's lead snippet as an incident-only example (see ``SNIPPET_TRAIN``)."""
    ml = multilexicon()
    out: list[Example] = []
    for e in examples:
        if e.source not in SNIPPET_SOURCES or len(e.text.strip()) <= SNIPPET_MIN_BODY:
            continue
        if e.is_incident is None:
            continue
        snippet = lead_snippet(e.text)
        _lang, hits = ml.find(lower_preserving(f"{e.title}.\n{snippet}"), e.lang)
        if not strong_labels(hits, "violations"):
            continue  # the lead names no act: whether it tells the incident is unknown
        if needs_target and not set(strong_labels(hits, "targets")) & PROTECTED:
            continue
        out.append(
            Example(
                id=f"{e.id}#lead",
                text=snippet,
                title=e.title,
                source=e.source,
                group=e.group,  # with its report in one fold: no leak out of fold
                split=e.split,
                lang=e.lang,
                is_incident=e.is_incident,
                labels_known=False,
                rule=f"{e.rule}, lead snippet",
            )
        )
    return out


def training_split(
    data_dir: Path, sources: Sequence[str], held_back: Collection[str] = HELD_BACK_FILES
) -> list[Example]:
    """The train split of ``sources`` with a gold incident decision; the hand-label files named
    in ``held_back`` are not applied."""
    if not sources:
        return []
    return [
        e
        for e in load_examples(data_dir, tuple(sources), held_back=held_back)
        if e.split == "train" and e.is_incident is not None
    ]


def incident_rows(
    examples: Sequence[Example], incident_examples: Sequence[Example]
) -> tuple[NDArray[np.int64], list[Example]]:
    """Each incident-head example's row among the documents featurized for ``examples``: the
    row of the same item (same id and text; its labels may differ), or a row after them for an
    item only the incident heads read. Returns the rows and those items, in row order."""
    index = {(e.id, e.lang, e.title, e.text): i for i, e in enumerate(examples)}
    rows: list[int] = []
    added: list[Example] = []
    for e in incident_examples:
        key = (e.id, e.lang, e.title, e.text)
        if key not in index:
            index[key] = len(examples) + len(added)
            added.append(e)
        rows.append(index[key])
    return np.array(rows, np.int64), added


def label_kind(name: str) -> str:
    """``violations`` for ``violations:killing``; ``gendered`` for ``gendered``."""
    return name.split(":", 1)[0]


def known_matrix(examples: list[Example], names: list[str]) -> NDArray[np.bool_]:
    """True where an example's source decides the label (see ``Example.unknown``)."""
    kinds = [label_kind(n) for n in names]
    return np.array([[k not in e.unknown for k in kinds] for e in examples], dtype=bool).reshape(
        len(examples), len(names)
    )


def label_matrix(examples: list[Example], names: list[str]) -> NDArray[np.int8]:
    y = np.zeros((len(examples), len(names)), dtype=np.int8)
    index = {n: j for j, n in enumerate(names)}
    for i, e in enumerate(examples):
        for kind in LABEL_KINDS:
            for label in getattr(e, kind):
                j = index.get(f"{kind}:{label}")
                if j is not None:
                    y[i, j] = 1
        if e.gendered:
            y[i, index["gendered"]] = 1
    return y


@dataclass
class TrainReport:
    path: Path
    version: str
    n_train: int
    n_positive: int
    seconds: float


def _fit(
    x: sp.csr_matrix, y: NDArray[np.int8], w: NDArray[np.float64], c: float
) -> tuple[NDArray[np.float32], float]:
    if y.min() == y.max():
        return np.zeros(x.shape[1], np.float32), (10.0 if y[0] else -10.0)
    # the dual problem: far fewer documents than hashed features, and many times faster here
    clf = LogisticRegression(
        C=c, solver="liblinear", dual=True, class_weight="balanced", max_iter=200, random_state=0
    )
    clf.fit(x, y, sample_weight=w)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _platt(z: NDArray[np.float64], y: NDArray[np.int8]) -> tuple[float, float]:
    if y.min() == y.max():
        return 1.0, 0.0
    clf = LogisticRegression(C=1e4, solver="lbfgs")
    clf.fit(z.reshape(-1, 1), y)
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])


def _best_threshold(p: NDArray[np.float64], y: NDArray[np.int8], beta: float = 1.0) -> float:
    """The threshold with the best out-of-fold F-beta (beta < 1 favours precision)."""
    if y.sum() == 0:
        return 0.5
    best, best_f = 0.5, -1.0
    b2 = beta * beta
    for t in np.arange(0.2, 0.91, 0.05):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        f = (1 + b2) * tp / max(float(pred.sum() + b2 * y.sum()), 1.0)
        if f > best_f + 1e-9:
            best, best_f = float(t), f
    return best


def _heads(
    x: sp.csr_matrix,
    y: NDArray[np.int8],
    groups: list[str],
    names: list[str],
    c: float,
    folds: int,
    log: Callable[[str], None],
    cue_only: bool = False,
    beta: float = 1.0,
    fixed_threshold: float | None = None,
    prior: tuple[sp.csr_matrix, NDArray[np.int8], NDArray[np.float64]] | None = None,
    known: NDArray[np.bool_] | None = None,
    weight: NDArray[np.float64] | None = None,
    folds_by: str = FOLDS_BY,
) -> Heads:
    """Fit, calibrate (Platt on out-of-fold scores) and threshold one head per column of y.

    ``prior`` rows (codebook prior examples) join every fit but are never scored out of fold;
    ``known`` (same shape as y) leaves out, column by column, the rows whose label is unknown;
    ``folds_by`` deals the groups to folds (:func:`civicspace.training.folds.fold_ids`).
    """
    n, n_feat = x.shape
    x_all = x
    weights = np.zeros((n_feat, len(names)), np.float32)
    bias = np.zeros(len(names), np.float32)
    platt_a = np.ones(len(names), np.float32)
    platt_b = np.zeros(len(names), np.float32)
    thresholds = np.full(len(names), 0.5, np.float32)
    w_all = np.ones(n) if weight is None else weight
    n_groups = len(set(groups))

    def fit(
        rows: NDArray[np.int64] | None, yj: NDArray[np.int8]
    ) -> tuple[NDArray[np.float32], float]:
        xs, ys, ws = (x_all, yj, w_all) if rows is None else (x_all[rows], yj[rows], w_all[rows])
        if prior is not None:
            xs = sp.vstack([xs, prior[0]]).tocsr()
            ys = np.concatenate([ys, prior[1]])
            ws = np.concatenate([ws, prior[2]])
        return _fit(xs, ys, ws, c)

    for j, name in enumerate(names):
        yj = y[:, j]
        rows_j = np.arange(n) if known is None else np.flatnonzero(known[:, j])
        if len(rows_j) == n:
            weights[:, j], bias[j] = fit(None, yj)
        else:
            weights[:, j], bias[j] = fit(rows_j, yj)
        yk = yj[rows_j]
        groups_k = [groups[int(i)] for i in rows_j]
        if n_groups < 2 or yk.sum() < 5 or len(set(groups_k)) < 2:
            continue
        fold = fold_ids(groups_k, min(folds, len(set(groups_k))), folds_by)
        if len(np.unique(fold)) < 2:  # hashed: every group fell in one fold
            continue
        oof = np.zeros(len(rows_j))
        for k in np.unique(fold):
            tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            wj, bj = fit(rows_j[tr], yj)
            oof[te] = x[rows_j[te]] @ wj + bj
        platt_a[j], platt_b[j] = _platt(oof, yk)
        p = 1.0 / (1.0 + np.exp(-(platt_a[j] * oof + platt_b[j])))
        thresholds[j] = (
            fixed_threshold if fixed_threshold is not None else _best_threshold(p, yk, beta)
        )
        log(f"  {name}: {int(yj.sum())} positives, threshold {thresholds[j]:.2f}")
    return Heads(list(names), weights, bias, platt_a, platt_b, thresholds, cue_only)


def train(
    data_dir: Path,
    out: Path,
    *,
    folds: int = 4,
    log: Callable[[str], None] = print,
    featurizer: HashingFeaturizer | None = None,
    sources: Sequence[str] = TRAIN_SOURCES,
    max_per_source: int | None = None,
    extra: Sequence[tuple[Example, float]] = (),
    snippets: bool | None = None,
    snippets_need_target: bool = SNIPPET_NEEDS_TARGET,
    incident_held_back: Collection[str] = INCIDENT_HELD_BACK_FILES,
    folds_by: str = FOLDS_BY,
) -> TrainReport:
    """Train the default coder on the train split and write it to ``out``.

    ``sources`` and ``max_per_source`` (a seeded sample of each set's train split) make a
    smaller fit; ``extra`` adds examples of another kind (reviewers' decisions on the desk,
    :mod:`civicspace.training.desk`), each with its weight in every fit; ``snippets`` (default
    ``SNIPPET_TRAIN``) adds each long report's lead snippet to the incident heads. The incident
    heads read the training split without the hand-label files named in ``incident_held_back``
    (``hand.INCIDENT_HELD_BACK_FILES``); the label heads read it with them. ``folds_by``
    (default ``FOLDS_BY``) deals the groups to the out-of-fold folds (``folds.fold_ids``).
    """
    start = time.perf_counter()
    fz = featurizer or HashingFeaturizer()
    cue_names = feature_names()
    examples = training_split(data_dir, sources)
    incident_examples = examples
    if set(incident_held_back) != set(HELD_BACK_FILES):
        incident_examples = training_split(data_dir, sources, incident_held_back)
    if max_per_source is not None:
        _rows, only_incident = incident_rows(examples, incident_examples)
        keep = {e.id for e in sample_per_source([*examples, *only_incident], max_per_source)}
        examples = [e for e in examples if e.id in keep]
        incident_examples = [e for e in incident_examples if e.id in keep]
    with_snippets = SNIPPET_TRAIN if snippets is None else snippets
    if with_snippets:
        added = lead_snippets(incident_examples, snippets_need_target)
        log(f"lead snippets: {len(added)} ({sum(bool(e.is_incident) for e in added)} incidents)")
        incident_examples = [*incident_examples, *added]
    extra_weight = {e.id: w for e, w in extra}
    from_desk = [e for e, _w in extra if e.is_incident is not None]
    examples = [*examples, *from_desk]
    incident_examples = [*incident_examples, *from_desk]
    if not any(e.is_incident and e.labels_known for e in examples):
        raise InvalidInput("nothing to train on: no labelled incident among the examples")
    rows, only_incident = incident_rows(examples, incident_examples)
    log(
        f"training on {len(examples)} documents ({len(extra_weight)} from the desk); the "
        f"incident heads on {len(incident_examples)} ({len(only_incident)} of them theirs alone)"
    )
    shell = CoderModel(fz, cue_names, _empty(1), _empty(1), "untrained")
    docs = [*examples, *only_incident]
    texts = [training_text(e, fz, int(SECOND_LOOK["windows"])) for e in docs]
    prepared = shell.prepare(texts, [e.lang for e in docs])
    x_hash = prepared.groups.to_csr()
    x = sp.hstack([x_hash, prepared.cues], format="csr", dtype=np.float32)
    x_cue = prepared.cues.tocsr()
    same_rows = len(rows) == x.shape[0] and bool((rows == np.arange(len(rows))).all())
    x_inc, x_cue_inc = (x, x_cue) if same_rows else (x[rows], x_cue[rows])
    groups = [f"{e.source}:{e.group}" for e in examples]
    groups_inc = [f"{e.source}:{e.group}" for e in incident_examples]
    y_inc = np.array([[1 if e.is_incident else 0] for e in incident_examples], dtype=np.int8)
    weight = np.array([example_weight(e, SOURCE_WEIGHTS, extra_weight) for e in examples])
    incident_weight = np.array(
        [example_weight(e, INCIDENT_SOURCE_WEIGHTS, extra_weight) for e in incident_examples]
    )
    log("incident head")
    incident = _heads(
        x_inc,
        y_inc,
        groups_inc,
        ["is_incident"],
        C_INCIDENT,
        folds,
        log,
        fixed_threshold=INCIDENT_THRESHOLD,
        weight=incident_weight,
        folds_by=folds_by,
    )
    log("incident head on cue features only (languages without training data)")
    incident_cue = _heads(
        x_cue_inc,
        y_inc,
        groups_inc,
        ["is_incident"],
        1.0,
        folds,
        log,
        cue_only=True,
        fixed_threshold=INCIDENT_THRESHOLD,
        prior=codebook_prior(cue_names),
        weight=incident_weight,
        folds_by=folds_by,
    )

    names = label_names()
    pos = np.array([i for i, e in enumerate(examples) if e.is_incident and e.labels_known])
    y_lab = label_matrix([examples[i] for i in pos], names)
    known = known_matrix([examples[i] for i in pos], names)
    log(f"label heads on {len(pos)} incidents")
    labels = _heads(
        x[pos],
        y_lab,
        [groups[i] for i in pos],
        names,
        C_LABELS,
        LABEL_FOLDS,
        log,
        known=known,
        weight=weight[pos],
        folds_by=folds_by,
    )
    log("label heads on cue features only")
    labels_cue = _heads(
        x_cue[pos],
        y_lab,
        [groups[i] for i in pos],
        names,
        1.0,
        3,
        log,
        cue_only=True,
        known=known,
        weight=weight[pos],
        folds_by=folds_by,
    )
    counts = (y_lab * known).sum(axis=0)
    rule_labels = {
        n: RULE_PRIOR
        for n, c in zip(names, counts, strict=True)
        if c < RULE_MIN_POSITIVES and label_kind(n) in RULE_KINDS
    }

    model = CoderModel(
        fz,
        cue_names,
        incident,
        labels,
        "pending",
        rule_labels,
        incident_cue=incident_cue,
        labels_cue=labels_cue,
        trained_languages=("en",),
        second_look=dict(SECOND_LOOK),
    )
    model.metadata = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_train": len(incident_examples),
        "n_incidents": int(y_inc.sum()),
        "n_label_view": len(examples),
        "incident_held_back": sorted(incident_held_back),
        "label_counts": {n: int(c) for n, c in zip(names, counts, strict=True)},
        "sources": list(sources),
        "max_per_source": max_per_source,
        "extra_examples": len(extra_weight),
    }
    if folds_by != FOLDS_BY:
        model.metadata["folds_by"] = folds_by
    if with_snippets:
        model.metadata["lead_snippets"] = sum(e.id.endswith("#lead") for e in incident_examples)
    model.save(out)
    # the version hashes what was saved (pruned, float16), so it can be recomputed from the file
    saved = CoderModel.load(out)
    saved.version = f"{MAJOR}.{model_digest(saved)}"
    saved.save(out)
    model.version = saved.version
    seconds = time.perf_counter() - start
    log(f"wrote {out} (version {model.version}) in {seconds:.0f} s")
    return TrainReport(out, model.version, len(incident_examples), int(y_inc.sum()), seconds)


def example_weight(e: Example, by_source: dict[str, float], extra: dict[str, float]) -> float:
    """An example's weight in a fit: its set's, times ``HAND_LABEL_WEIGHT`` when a person coded
    it; a desk example (``extra``) has its own."""
    if e.id in extra:
        return extra[e.id]
    hand = HAND_LABEL_WEIGHT if e.rule == "hand label" else 1.0
    return by_source.get(e.source, 1.0) * hand


def sample_per_source(examples: list[Example], n: int) -> list[Example]:
    """At most ``n`` examples of each source, a seeded sample in the sets' order."""
    by_source: dict[str, list[Example]] = {}
    for e in examples:
        by_source.setdefault(e.source, []).append(e)
    rng = random.Random(0)
    keep: set[str] = set()
    for items in by_source.values():
        keep.update(e.id for e in (rng.sample(items, n) if len(items) > n else items))
    return [e for e in examples if e.id in keep]


DISTRACTORS = ("crime", "conflict", "sport", "business", "entertainment", "technology")
PRIOR_WEIGHT = 2.0


def codebook_prior(
    cue_names: list[str],
) -> tuple[sp.csr_matrix, NDArray[np.int8], NDArray[np.float64]]:
    """The codebook's definition as examples over cue features, for the cue-only head.

    ACLED has few arrests of journalists, and no threats, censorship or smears. The cue head
    codes the languages without training data from cues alone, so it gets the definition
    itself: a violation of a protected target in one sentence is an incident; a violation in a
    crime, war, sport or business sentence, or alone, is not.
    """
    index = {n: i for i, n in enumerate(cue_names)}
    violations = sorted({n.split(":")[2] for n in cue_names if n.startswith("cue:violations:")})
    rows: list[list[int]] = []
    labels: list[int] = []

    def add(keys: list[str], label: int) -> None:
        cols = [index[k] for k in keys if k in index]
        if cols:
            rows.append(cols)
            labels.append(label)

    def cue(kind_label: str) -> list[str]:
        return [f"cue:{kind_label}", f"strong:{kind_label}"]

    for v in violations:
        if v == "positive":
            continue
        vk = f"violations:{v}"
        for t in PROTECTED_TARGETS:
            add(cue(vk) + cue(f"targets:{t}") + [f"strong:pair:{vk}|targets:{t}"], 1)
        for ctx in DISTRACTORS:
            add(cue(vk) + cue(f"context:{ctx}") + [f"strong:pair:{vk}|context:{ctx}"], 0)
        add(cue(vk), 0)
    x = sp.csr_matrix(
        (
            np.ones(sum(len(r) for r in rows), np.float32),
            np.concatenate([np.array(r, dtype=np.int64) for r in rows]),
            np.concatenate([[0], np.cumsum([len(r) for r in rows])]),
        ),
        shape=(len(rows), len(cue_names)),
    )
    return x, np.array(labels, dtype=np.int8), np.full(len(rows), PRIOR_WEIGHT)


def _empty(n: int) -> Heads:
    z = np.zeros(n, np.float32)
    return Heads(["x"] * n, np.zeros((1, n), np.float32), z, z + 1, z, z + 0.5)
