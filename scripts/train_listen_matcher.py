#!/usr/bin/env python
"""Train the listen key point matcher on the ArgKP-2021 train split and write its artifact.

Usage: python scripts/train_listen_matcher.py [--data-dir DIR] [--out PATH]
Only the train split is used for fitting; the dev split is scored for tuning and printed.
The test split is never read here (bench/synthesis.py scores it). See docs/listen.md.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from civicspace.listen.argkp import load_split
from civicspace.listen.embed import get_embedder
from civicspace.listen.matcher import ARTIFACT, Matcher, training_set
from civicspace.listen.metric import argkp_map
from civicspace.settings import get_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="default: data_dir setting")
    parser.add_argument("--out", type=Path, default=ARTIFACT, help="where to write the model")
    args = parser.parse_args()
    data = args.data_dir or get_settings().data_dir
    start = time.perf_counter()
    emb = get_embedder()
    train = load_split(data, "train")
    matcher = Matcher.train(training_set(train, emb))
    matcher.save(args.out)
    dev = load_split(data, "dev")
    strict, relaxed = argkp_map(
        [(a.id, a.topic, a.stance) for a in dev.arguments], matcher.predict_split(dev), dev.labels
    )
    print(
        json.dumps(
            {
                "dev_map_strict": round(strict, 4),
                "dev_map_relaxed": round(relaxed, 4),
                "seconds": round(time.perf_counter() - start, 1),
                "artifact": str(args.out),
                "bytes": args.out.stat().st_size,
            }
        )
    )


if __name__ == "__main__":
    main()
