"""Long general news, training side: the English extraction-benchmark pages, coded as shipped.

Lists the pages the coder flags as incidents (score, labels, evidence sentences) and, with
``--all``, every page; scores the coder against ``hand_labels/news_long_train.jsonl`` where
pages are hand-coded. The 12 non-English pages (held out, ``multilingual.jsonl``) are skipped.
Exits quietly (code 0, a note on stderr) when the benchmark is not in the data folder::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/news_long_check.py [DATA] [--all] [--json F]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

from civicspace.classify.coder import get_coder
from civicspace.training.news_long import check, incident_prf, load_pages, news_long_labels


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?", help="shared data folder (default: CIVICSPACE_DATA_DIR)")
    ap.add_argument("--all", action="store_true", help="list unflagged pages too")
    ap.add_argument("--json", type=Path, help="write every page's coding as JSON Lines")
    args = ap.parse_args()
    data = Path(args.data or os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    pages = load_pages(data)
    if not pages:
        print(f"no article_extraction_benchmark_html in {data}: nothing to check", file=sys.stderr)
        return
    rows = check(get_coder(), pages)
    labels = news_long_labels()
    for row in rows:
        if row.is_incident or args.all:
            label = labels.get(row.key)
            hand = "-" if label is None else str(label.is_incident)
            print(
                f"{row.key.split(':', 1)[1][:12]} score={row.score:.3f} flag={row.is_incident}"
                f" hand={hand} {row.violations} {row.targets} | {row.title[:90]}"
            )
            for name, quote in row.evidence.items():
                print(f"    {name}: {quote}")
    flagged = sum(r.is_incident for r in rows)
    print(json.dumps({"pages": len(rows), "flagged": flagged, **incident_prf(rows, labels)}))
    if args.json:
        args.json.write_text("".join(json.dumps(dataclasses.asdict(r)) + "\n" for r in rows))


if __name__ == "__main__":
    main()
