"""Train and measure the pair judge (``classify/pairing.py``) on labelled pairs from the sets.

    python -m civicspace.training.pairing [--data DIR] [--out FILE] [--coder]

Labels come from documents, not from people marking pairs, so training is multiple-instance:

* every candidate pair of a **non-incident** (HRDsAttack articles with no codable attack, Mass
  Mobilization protests met with accommodation or ignored, ML4P's negative categories, ACLED
  notes the mapping calls non-incidents, hand-coded non-incidents) is a negative: nothing in such
  a text is an act done to a civic target; #KeepItOn and the Colombian narratives give
  incidents only;
* an **incident** has at least one positive pair among those of its gold violations and targets:
  first all of them count (each weighed 1/n), then, for two more rounds, only the pair the model
  scores highest; where a hand label (``hand_labels/``) quotes the act's and the target's
  sentences, the pair of those sentences is the positive (weight 5).

Trained on the ``train`` split of each set; the ``dev`` split (by time, country and source file,
``mappings.yaml``) measures it. Prints one JSON object: pairs and documents used, the held-out
document-level figures of the best pair's ``p`` (AUC, precision and recall at the threshold, per
set), how often the chosen act and target sentences are the ones the hand labels quote, and with
``--coder`` the default coder's incident precision and recall on the dev split with and without
the pair judge as a veto. ``--out`` writes the model (``classify/artifacts/pairing.json``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.evidence import Sentence, document_sentences
from civicspace.classify.pairing import (
    Boost,
    Candidate,
    CueHit,
    PairModel,
    Selector,
    candidates,
    cue_sentences,
    judge,
    load_pair_model,
    select_pool,
    select_sentences,
    sentence_features,
)
from civicspace.settings import get_settings
from civicspace.training.datasets import load_examples
from civicspace.training.devset import GROUPS, dev_gold
from civicspace.training.evaluate import gold_inputs
from civicspace.training.example import Example
from civicspace.training.hand import hand_label_folder

SETS = ("hrdsattack", "mass_mobilization", "ml4p", "colombia", "acled", "keepiton")
MAX_NEGATIVE_PAIRS = 40  # per document: the nearest
C = 0.5
ROUNDS = 3
# The boost written into the model: chosen on the dev split among five settings (score from
# 0.2, 0.3 or 0.4; pair p from 0.9, 0.95 or 0.98) as the one that raised recall and kept
# precision in every dev group; see docs/coder.md, Pairing.
BOOST = Boost(score_from=0.3, p_from=0.95)
QUOTED_WEIGHT = 5.0  # a pair a person quoted is worth more than one the model guessed
_SPACE = re.compile(r"\s+")


@dataclass
class Bag:
    """The candidate pairs of one document and what the document's labels say about them."""

    id: str
    source: str
    split: str
    is_incident: bool
    pairs: list[Candidate]
    hand_act: str = ""  # the hand label's quoted act and target sentences (their first chars)
    hand_target: str = ""
    scored: list[tuple[Sentence, list[CueHit]]] | None = None  # every sentence, for selectors


def scored_sentences(
    title: str, text: str, lang: str | None
) -> list[tuple[Sentence, list[CueHit]]]:
    """The document's sentences with their strong cue hits, as the expensive pass reads them."""
    return cue_sentences(document_sentences(title, text), lang)


def hand_quotes() -> dict[str, tuple[str, str]]:
    """First-pass hand labels' quoted act and target sentences, by item key."""
    out: dict[str, tuple[str, str]] = {}
    for path in sorted(hand_label_folder().glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if int(row.get("pass", 1)) == 1 and row.get("evidence_act"):
                out[row["key"]] = (row["evidence_act"], row.get("evidence_target") or "")
    return out


def make_bag(ex: Example, quotes: dict[str, tuple[str, str]]) -> Bag | None:
    if ex.is_incident is None:
        return None
    scored = scored_sentences(ex.title, ex.text, ex.lang if ex.lang != "und" else None)
    if ex.is_incident:
        violations = ex.violations if "violations" not in ex.unknown else ()
        targets = ex.targets if "targets" not in ex.unknown else ()
        pairs = candidates(scored, violations, targets)
    else:
        pairs = candidates(scored, limit=MAX_NEGATIVE_PAIRS)
    if not pairs:
        return None
    act, target = quotes.get(ex.id, ("", ""))
    return Bag(
        ex.id,
        ex.source,
        ex.split,
        bool(ex.is_incident),
        pairs,
        act,
        target,
        scored if act else None,
    )


def _norm(s: str) -> str:
    return _SPACE.sub(" ", s).strip().lower()


def quotes_sentence(quote: str, sent: Sentence | None) -> bool:
    """Does a hand label's quote (the first characters of a sentence) name this sentence?"""
    if not quote or sent is None:
        return False
    q, s = _norm(quote)[:40], _norm(sent.text)
    return bool(q) and (q in s or s[:40] in _norm(quote))


def load_bags(data_dir: Path, split: str) -> list[Bag]:
    quotes = hand_quotes()
    bags = []
    for ex in load_examples(data_dir, SETS, split=split):
        bag = make_bag(ex, quotes)
        if bag is not None:
            bags.append(bag)
    return bags


def _instances(
    bags: Sequence[Bag], model: PairModel | None
) -> tuple[list[dict[str, float]], list[int], list[float]]:
    """(features, labels, weights): every pair of a negative bag, and the positive pairs of the
    incidents (all at 1/n before a model exists; then the hand-quoted or best-scored one)."""
    X: list[dict[str, float]] = []
    y: list[int] = []
    w: list[float] = []
    for bag in bags:
        if not bag.is_incident:
            for c in bag.pairs:
                X.append(c.features)
                y.append(0)
                w.append(min(1.0, 5.0 / len(bag.pairs)))
            continue
        quoted = [
            c
            for c in bag.pairs
            if quotes_sentence(bag.hand_act, c.act)
            and (
                not bag.hand_target
                or c.target is None
                or quotes_sentence(bag.hand_target, c.target)
            )
        ]
        pool = quoted or bag.pairs
        if model is None and not quoted:
            for c in pool:
                X.append(c.features)
                y.append(1)
                w.append(1.0 / len(pool))
            continue
        best = pool[0] if model is None else max(pool, key=lambda c: model.proba(c.features))
        X.append(best.features)
        y.append(1)
        w.append(QUOTED_WEIGHT if quoted else 1.0)
    return X, y, w


def fit(bags: Sequence[Bag], rounds: int = ROUNDS, c: float = C) -> PairModel:
    """Multiple-instance logistic regression (see the module docstring)."""
    model: PairModel | None = None
    for _ in range(rounds):
        X, y, w = _instances(bags, model)
        vec = DictVectorizer()
        Xm = vec.fit_transform(X)
        # balanced: incidents and non-incidents weigh the same in all
        wa = np.asarray(w, dtype=np.float64)
        ya = np.asarray(y)
        for label in (0, 1):
            mask = ya == label
            wa[mask] *= 0.5 * wa.sum() / max(wa[mask].sum(), 1e-9)
        lr = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
        lr.fit(Xm, ya, sample_weight=wa)
        weights = {
            name: round(float(coef), 4)
            for name, coef in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True)
            if abs(coef) >= 1e-4
        }
        model = PairModel(weights)
    assert model is not None
    return model


def doc_scores(model: PairModel, bags: Iterable[Bag]) -> list[tuple[Bag, Candidate, float]]:
    out = []
    for bag in bags:
        best = max(bag.pairs, key=lambda c: model.proba(c.features))
        out.append((bag, best, model.proba(best.features)))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def heldout_figures(model: PairModel, bags: Sequence[Bag]) -> dict[str, Any]:
    """Document-level figures of the best pair's ``p`` on held-out bags, per set and in all."""
    scored = doc_scores(model, bags)
    out: dict[str, Any] = {}
    for name in (*SETS, "all"):
        rows = [s for s in scored if name == "all" or s[0].source == name]
        if not rows:
            continue
        y = [int(b.is_incident) for b, _c, _p in rows]
        p = [p for _b, _c, p in rows]
        tp = sum(1 for yi, pi in zip(y, p, strict=True) if yi and pi >= model.threshold)
        fp = sum(1 for yi, pi in zip(y, p, strict=True) if not yi and pi >= model.threshold)
        fn = sum(y) - tp
        fig: dict[str, Any] = {"docs": len(rows), "incidents": sum(y), **_prf(tp, fp, fn)}
        if 0 < sum(y) < len(y):
            fig["auc"] = round(float(roc_auc_score(y, p)), 3)
        out[name] = fig
    return out


def chosen_sentences(model: PairModel, bag: Bag) -> tuple[Sentence, Sentence | None]:
    """The act's and the target's sentences the judge quotes for ``bag`` (the best pair's own,
    or the selectors' choice when the model has them)."""
    best = max(bag.pairs, key=lambda c: model.proba(c.features))
    if model.select is None or bag.scored is None:
        return best.act, best.target
    a, t = select_sentences(model.select, bag.scored, best)
    return bag.scored[a][0], bag.scored[t][0] if t is not None else None


def _agreement(model: PairModel, rows: Sequence[Bag]) -> dict[str, Any]:
    act = target = old_act = old_target = 0
    for bag in rows:
        act_sent, target_sent = chosen_sentences(model, bag)
        act += quotes_sentence(bag.hand_act, act_sent)
        target += quotes_sentence(bag.hand_target, target_sent or act_sent)
        busiest = max(
            bag.pairs,
            key=lambda c: (c.features.get("same_sentence", 0.0), -c.act_index),
        )
        old_act += quotes_sentence(bag.hand_act, busiest.act)
        old_target += quotes_sentence(bag.hand_target, busiest.act)
    n = max(len(rows), 1)
    return {
        "incidents_with_quotes": len(rows),
        "act_sentence_matches": round(act / n, 3),
        "target_sentence_matches": round(target / n, 3),
        "before_act_matches": round(old_act / n, 3),
        "before_target_matches": round(old_target / n, 3),
    }


def evidence_agreement(model: PairModel, bags: Sequence[Bag]) -> dict[str, Any]:
    """On incidents whose hand label quotes the act and target sentences: how often the pair
    judge's act (target) sentence is the quoted one, against the coder's older choice for both
    (the sentence with the most violation and target cues, ``is_incident`` evidence); in all
    and per set (``by_set``)."""
    rows = [b for b in bags if b.is_incident and b.hand_act]
    out = _agreement(model, rows)
    out["by_set"] = {
        name: _agreement(model, [b for b in rows if b.source == name])
        for name in SETS
        if any(b.source == name for b in rows)
    }
    return out


SELECT_C = 1.0


def _quoted_index(quote: str, scored: Sequence[tuple[Sentence, Sequence[CueHit]]]) -> int | None:
    for i, (sent, _hits) in enumerate(scored):
        if quotes_sentence(quote, sent):
            return i
    return None


def _rank_fit(
    groups: Sequence[tuple[dict[str, float], list[dict[str, float]]]],
) -> dict[str, float]:
    """A linear ranker from (positive, negatives) groups: pairwise logistic regression on
    feature differences (each group weighs 1 in all)."""
    X: list[dict[str, float]] = []
    y: list[int] = []
    w: list[float] = []
    for pos, negs in groups:
        for neg in negs:
            diff = {k: pos.get(k, 0.0) - neg.get(k, 0.0) for k in {*pos, *neg}}
            for sign in (1, -1):
                X.append({k: sign * v for k, v in diff.items() if v})
                y.append(int(sign > 0))
                w.append(1.0 / len(negs))
    if not X or len(set(y)) < 2:
        return {}
    vec = DictVectorizer()
    lr = LogisticRegression(C=SELECT_C, max_iter=2000, fit_intercept=False)
    lr.fit(vec.fit_transform(X), np.asarray(y), sample_weight=np.asarray(w))
    return {
        name: round(float(coef), 4)
        for name, coef in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True)
        if abs(coef) >= 1e-4
    }


def fit_selectors(model: PairModel, bags: Sequence[Bag]) -> tuple[Selector, dict[str, int]]:
    """The act and target selectors, from the training incidents whose hand label quotes the
    sentences: the quoted sentence against every other one the selector ranks, for the pair
    ``model`` judges best (the target's, given the quoted act sentence). Training bags only."""
    acts: list[tuple[dict[str, float], list[dict[str, float]]]] = []
    tgts: list[tuple[dict[str, float], list[dict[str, float]]]] = []
    for bag in bags:
        if bag.split != "train" or not bag.is_incident or not bag.hand_act or bag.scored is None:
            continue
        scored = bag.scored
        best = max(bag.pairs, key=lambda c: model.proba(c.features))
        pool = select_pool(len(scored), best)
        a = _quoted_index(bag.hand_act, scored)
        if a is None or a not in pool:
            continue
        feats = {i: sentence_features(scored, i, best) for i in pool}
        acts.append((feats[a], [feats[i] for i in pool if i != a]))
        t = _quoted_index(bag.hand_target, scored) if bag.hand_target else None
        if t is None or t not in pool or best.target_index is None:
            continue
        feats = {i: sentence_features(scored, i, best, a) for i in pool}
        tgts.append((feats[t], [feats[i] for i in pool if i != t]))
    return Selector(_rank_fit(acts), _rank_fit(tgts)), {
        "select_act_documents": len(acts),
        "select_target_documents": len(tgts),
    }


VETO_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
UNSURE_BELOW = 0.7


def _decide(
    rows: Sequence[tuple[dict[str, Any], Any]], keep: Callable[[Any], bool]
) -> dict[str, Any]:
    tp = fp = fn = changed = 0
    for g, c in rows:
        kept = keep(c)
        changed += int(kept != c.is_incident)
        tp += int(kept and bool(g["is_incident"]))
        fp += int(kept and not g["is_incident"])
        fn += int(not kept and bool(g["is_incident"]))
    return {**_prf(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn, "changed": changed}


def coder_veto(data_dir: Path, model: PairModel) -> dict[str, Any]:
    """The default coder's incident precision and recall on each dev group with its heads alone
    (``as_is``), with the pair judge as a veto (an incident whose best pair scores below τ is
    not one; ``_if_score_below_0.7``: only where the head was unsure), and with ``model``'s
    boost (a document scored in ``[score_from, threshold)`` whose best pair scores at least
    ``p_from`` is one). Pairs judged as the expensive pass judges them: from the coder's own
    labels for its incidents, from every cue below the threshold."""
    gold = dev_gold(data_dir)
    coder = DefaultCoder()
    coder.pair_model = PairModel(model.weights, model.threshold)  # the heads alone
    codings = coder.code(gold_inputs(gold), full=False)
    by_id = {g["id"]: g for g in gold}
    boost = model.boost or BOOST
    pair_p: dict[str, float | None] = {}
    for c in codings:
        if c.is_incident or c.score >= boost.score_from:
            g = by_id[c.id]
            lang = c.language if c.language not in (None, "und") else None
            scored = scored_sentences(str(g.get("title") or ""), str(g["text"]), lang)
            if c.is_incident:
                pair = judge(model, scored, c.ids("violations"), c.ids("targets"))
            else:
                pair = judge(model, scored)
            pair_p[c.id] = pair.p if pair is not None else None
    out: dict[str, Any] = {}
    for name, sets in GROUPS.items():
        rows = [(g, c) for g, c in zip(gold, codings, strict=True) if g["set"] in sets]
        if not rows:
            continue
        fig: dict[str, Any] = {"docs": len(rows), "as_is": _decide(rows, lambda c: c.is_incident)}
        for tau in VETO_THRESHOLDS:

            def veto(c: Any, tau: float = tau, unsure_only: bool = False) -> bool:
                p = pair_p.get(c.id)
                if not c.is_incident or p is None or (unsure_only and c.score >= UNSURE_BELOW):
                    return bool(c.is_incident)
                return p >= tau

            fig[f"veto_below_{tau}"] = _decide(rows, veto)
            fig[f"veto_below_{tau}_if_score_below_{UNSURE_BELOW}"] = _decide(
                rows, partial(veto, unsure_only=True)
            )
        fig[f"boost_from_score_{boost.score_from}_pair_{boost.p_from}"] = _decide(
            rows,
            lambda c: (
                c.is_incident
                or (c.score >= boost.score_from and (pair_p.get(c.id) or 0.0) >= boost.p_from)
            ),
        )
        out[name] = fig
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write the model here")
    parser.add_argument("--coder", action="store_true", help="also measure the coder's veto")
    parser.add_argument(
        "--model", type=Path, default=None, help="measure this model instead of training one"
    )
    parser.add_argument(
        "--keep-weights",
        type=Path,
        default=None,
        help="keep the pair weights of this model (its `metadata` too); train the selectors",
    )
    parser.add_argument(
        "--no-select", action="store_true", help="train no sentence selectors (the old judge)"
    )
    args = parser.parse_args(argv)
    data_dir = args.data or get_settings().data_dir
    train = load_bags(data_dir, "train")
    dev = load_bags(data_dir, "dev")
    if args.model is not None:
        model = load_pair_model(args.model)
        meta: dict[str, Any] = {"measured": str(args.model)}
    else:
        if args.keep_weights is not None:  # the pair score as it is; new selectors only
            kept = load_pair_model(args.keep_weights)
            model = PairModel(kept.weights, kept.threshold)
        else:
            model = fit(train)
        meta = {
            "trained_on": list(SETS),
            "train_documents": len(train),
            "train_incidents": sum(b.is_incident for b in train),
            "train_pairs": sum(len(b.pairs) for b in train),
            "rounds": ROUNDS,
            "C": C,
        }
        if args.keep_weights is not None:
            meta = {
                **(load_pair_model(args.keep_weights).metadata or {}),
                "pair_weights_kept": True,
            }
        select = None
        if not args.no_select:
            select, counts = fit_selectors(model, train)
            meta.update(counts, select_C=SELECT_C)
        model = PairModel(model.weights, model.threshold, meta, BOOST, select)
    report: dict[str, Any] = {
        "model": model.digest(),
        **meta,
        "heldout": heldout_figures(model, dev),
        "evidence_vs_hand_labels": {
            "train": evidence_agreement(model, train),
            "heldout": evidence_agreement(model, dev),
        },
    }
    if args.out:
        args.out.write_text(model.to_json(), "utf-8")
        report["written"] = str(args.out)
    if args.coder:
        report["coder_veto"] = coder_veto(data_dir, model)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
