#!/usr/bin/env python
"""Train the default civicspace coder from ../shared/data and write the packaged artifact.

Usage: python scripts/train_coder.py [--data-dir DIR] [--out PATH]
(the same as `civicspace train`). See docs/coder.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

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
    args = parser.parse_args()
    train(args.data_dir or get_settings().data_dir, args.out)


if __name__ == "__main__":
    main()
