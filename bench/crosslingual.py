"""Cross-lingual themes (the listen area): do contributions in several languages share themes?

    python -m bench.crosslingual [--data ../shared/data] [--split test]

Prints one JSON object. The input is ``bench/data/listen_crosslingual.json``: 60 statements on
ten topics, each written in English and translated by hand into German, Chinese, Spanish,
French and Arabic. Its topics are split in two: methods were chosen on ``dev``, the figures to
report are on ``test`` (the default ``--split``), which was only scored.

Each statement is one contribution with its language given; ``find_themes`` runs with its
defaults, once as shipped (``default``: multilingual vectors, since the input is in several
languages) and once with ``multilingual=False`` (``wordllama``: the single-language path).
Three inputs per split:

* ``parallel``: every statement in all six languages (180 contributions);
* ``one_language``: every statement once, in one language, the languages taking turns (30
  contributions, five per language): nothing has its translation beside it;
* ``english_and_a_few_others``: every statement in English, and the 25 non-English ones of
  ``one_language`` (55 contributions): a main language with a minority beside it.

For each: ``purity`` (share of statements whose theme's majority topic is theirs; a statement
in no theme counts as wrong), ``purity_by_language``, ``themes``, ``themes_with_two_languages``
(share of themes holding at least two languages), ``pairs_same_theme`` (share of a statement's
translation pairs that land in one theme; parallel only) and ``same_topic_pairs_same_theme``
(share of pairs of one topic in different languages in one theme).

``cosine``: mean cosine of translations and of unrelated statements in one language, for both
vectors. ``multilingual_sentences_per_second``: the packaged model's speed on the set.
``polis_mixed``: with the shared data, a German Polis conversation (Austrian climate council)
and an English one (March On) pooled as one question, about 4,300 comments in two languages:
seconds per 10,000 comments on the multilingual path (and on the WordLlama path, timed in the
same process for comparison), and how much the themes mix the two conversations (they are on
different subjects, though both speak of taxes, transport and health).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from bench.common import ROOT  # noqa: E402
from civicspace.listen.embed import get_embedder  # noqa: E402
from civicspace.listen.polis import load_comments  # noqa: E402
from civicspace.listen.records import Contribution  # noqa: E402
from civicspace.listen.themes import ThemeOptions, ThemeReport, find_themes  # noqa: E402
from civicspace.textvec import multilingual  # noqa: E402

SET = ROOT / "bench" / "data" / "listen_crosslingual.json"
POLIS_MIXED = ("austria-climate.5tzfrp5eaa.2022-07-07", "march-on.operation-marchin-orders")


@dataclass(frozen=True)
class Statement:
    topic: str
    row: int
    lang: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.topic}-{self.row}-{self.lang}"


def load_set(split: str, path: Path = SET) -> tuple[list[str], list[Statement]]:
    """The set's languages and every statement of ``split``'s topics in every language."""
    spec = json.loads(path.read_text("utf-8"))
    langs: list[str] = spec["languages"]
    out = [
        Statement(topic, r, lang, text)
        for topic in spec["split"][split]
        for r, row in enumerate(spec["topics"][topic])
        for lang, text in zip(langs, row, strict=True)
    ]
    return langs, out


def one_language(langs: list[str], statements: list[Statement]) -> list[Statement]:
    """Each statement once, in one language; the languages take turns along the rows."""
    topics = list(dict.fromkeys(s.topic for s in statements))
    return [
        s for s in statements if langs.index(s.lang) == (s.row + topics.index(s.topic)) % len(langs)
    ]


def score(statements: list[Statement], report: ThemeReport) -> dict[str, object]:
    by_id = {s.id: s for s in statements}
    theme_of: dict[str, int] = {}
    right: Counter[str] = Counter()
    multi = 0
    for k, theme in enumerate(report.themes):
        members = [by_id[i] for i in theme.items]
        majority = Counter(s.topic for s in members).most_common(1)[0][0]
        multi += len({s.lang for s in members}) >= 2
        for s in members:
            theme_of[s.id] = k
            right[s.lang] += s.topic == majority
    total = Counter(s.lang for s in statements)

    def same(a: Statement, b: Statement) -> bool:
        return a.id in theme_of and theme_of.get(a.id) == theme_of.get(b.id)

    rows: dict[tuple[str, int], list[Statement]] = defaultdict(list)
    for s in statements:
        rows[(s.topic, s.row)].append(s)
    pairs = [same(a, b) for g in rows.values() for a, b in itertools.combinations(g, 2)]
    topic_pairs = [
        same(a, b)
        for a, b in itertools.combinations(statements, 2)
        if a.topic == b.topic and a.lang != b.lang
    ]
    out: dict[str, object] = {
        "contributions": len(statements),
        "themes": len(report.themes),
        "vectors": [str(v) for v in report.vectors],
        "purity": round(sum(right.values()) / len(statements), 3),
        "purity_by_language": {lang: round(right[lang] / n, 3) for lang, n in total.items()},
        "themes_with_two_languages": round(multi / max(1, len(report.themes)), 3),
        "same_topic_pairs_same_theme": round(float(np.mean(topic_pairs)), 3),
    }
    if pairs:
        out["pairs_same_theme"] = round(float(np.mean(pairs)), 3)
    return out


def themes_of(statements: list[Statement], multilingual_path: bool) -> ThemeReport:
    contributions = [Contribution(s.id, s.text, lang=s.lang) for s in statements]
    return find_themes(contributions, ThemeOptions(multilingual=multilingual_path))


def cosines(statements: list[Statement]) -> dict[str, dict[str, float]]:
    texts = [s.text for s in statements]
    out = {}
    models = {"wordllama": lambda: get_embedder().embed(texts)}
    if multilingual.available():
        models["multilingual"] = lambda: multilingual.embed(texts)
    for name, fn in models.items():
        v = fn()
        sim = v @ v.T
        trans, unrelated = [], []
        for i, j in itertools.combinations(range(len(statements)), 2):
            a, b = statements[i], statements[j]
            if (a.topic, a.row) == (b.topic, b.row):
                trans.append(sim[i, j])
            elif a.lang == b.lang and a.topic != b.topic:
                unrelated.append(sim[i, j])
        out[name] = {
            "translations": round(float(np.mean(trans)), 3),
            "unrelated_same_language": round(float(np.mean(unrelated)), 3),
        }
    return out


def evaluate(split: str) -> dict[str, object]:
    """The three inputs of ``split``, on the default path and on the WordLlama path."""
    langs, statements = load_set(split)
    few = [s for s in one_language(langs, statements) if s.lang != "en"]
    out: dict[str, object] = {}
    for name, items in (
        ("parallel", statements),
        ("one_language", one_language(langs, statements)),
        ("english_and_a_few_others", [s for s in statements if s.lang == "en"] + few),
    ):
        out[name] = {
            "default": score(items, themes_of(items, True)),
            "wordllama": score(items, themes_of(items, False)),
        }
    out["cosine"] = cosines(statements)
    return out


def headline(split: str = "test") -> dict[str, object]:
    """The figures ``bench.synthesis`` reports: the parallel input on the default path."""
    _, statements = load_set(split)
    s = score(statements, themes_of(statements, True))
    return {
        "parallel_theme_purity": s["purity"],
        "parallel_theme_purity_by_language": s["purity_by_language"],
        "parallel_pairs_same_theme": s["pairs_same_theme"],
        "parallel_themes_with_two_languages": s["themes_with_two_languages"],
        "parallel_vectors": s["vectors"],
    }


def speed(split: str) -> float:
    _, statements = load_set(split)
    texts = [s.text for s in statements]
    multilingual.embed(texts[:2])  # load once, outside the timing
    start = time.perf_counter()
    multilingual.embed(texts)
    return round(len(texts) / (time.perf_counter() - start), 1)


def polis_mixed(data: Path) -> dict[str, object]:
    comments = []
    for name in POLIS_MIXED:
        comments += [
            Contribution(c.id, c.text, "pooled", c.lang, c.country)
            for c in load_comments(data, name)
        ]
    multilingual.embed(["."])  # load once, outside the timing
    find_themes(comments[:50])
    start = time.perf_counter()
    report = find_themes(comments)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    find_themes(comments, ThemeOptions(multilingual=False))
    one_language_seconds = time.perf_counter() - start
    source = {c.id: c.id.split(":", 1)[0] for c in comments}
    right = 0
    for theme in report.themes:
        counts = Counter(source[i] for i in theme.items)
        right += counts.most_common(1)[0][1]
    mixed = sum(
        min(Counter(source[i] for i in t.items).get(n, 0) for n in POLIS_MIXED)
        >= 0.1 * len(t.items)
        for t in report.themes
    )
    return {
        "comments": len(comments),
        "vectors": [str(v) for v in report.vectors],
        "seconds_per_10k": round(seconds * 10_000 / len(comments), 2),
        "seconds_per_10k_wordllama_path": round(one_language_seconds * 10_000 / len(comments), 2),
        "themes": len(report.themes),
        "conversation_purity": round(right / max(1, sum(len(t.items) for t in report.themes)), 3),
        "themes_with_both_conversations": mixed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    args = parser.parse_args()
    out: dict[str, object] = {
        "multilingual_model": multilingual.model_id() if multilingual.available() else None,
        "split": args.split,
    }
    out.update(evaluate(args.split))
    if multilingual.available():
        out["multilingual_sentences_per_second"] = speed(args.split)
        data = Path(
            args.data or os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data"
        )
        if (data / "polis_opendata").is_dir():
            out["polis_mixed"] = polis_mixed(data)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
