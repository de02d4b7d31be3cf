"""The per-set and per-label tables of docs/coder.md, printed from `civicspace eval --dev --json`.

    CIVICSPACE_DATA_DIR=../shared/data civicspace eval --dev --json new.json
    CIVICSPACE_CODER_MODEL_PATH=old.joblib CIVICSPACE_DATA_DIR=../shared/data \\
      civicspace eval --dev --json old.json
    python scripts/coder_tables.py new.json --before old.json

Prints two Markdown tables: one row per group of the dev report (incident P / R / F1, the
previous coder's F1, label micro-F1 end to end and given the incident, country accuracy, F1 and
recall per language), and one row per label with its F1 in each group against the previous
coder's (``n`` = gold items; "flagged" = predicted where the gold has none).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SET_GROUPS = (
    "acled_dev",
    "news_en",
    "news_es",
    "keepiton_dev",
    "korean",
    "hrdsattack_heldout",
    "mass_mobilization_heldout",
    "ml4p_heldout",
    "colombia_heldout",
    "real_heldout",
    "all_heldout",
)
LABEL_GROUPS = (
    "hrdsattack_heldout",
    "mass_mobilization_heldout",
    "ml4p_heldout",
    "colombia_heldout",
    "news_en",
    "news_es",
    "acled_dev",
    "real_heldout",
)
Report = dict[str, Any]


def _f(x: float) -> str:
    return f"{x:.3f}"


def _micro(report: Report, kind: str) -> str:
    end = report["micro"].get(kind, {}).get("f1", 0.0)
    given = report["micro_given_incident"].get(kind, {}).get("f1", 0.0)
    return f"{_f(end)} ({_f(given)})"


def _languages(report: Report) -> str:
    parts = [
        f"{lang} {_f(c['f1'])} ({_f(c['recall'])})"
        for lang, c in sorted(report["by_language"].items())
        if c.get("support", 0) or c.get("predicted", 0)
    ]
    return ", ".join(parts) or "—"


def set_table(new: dict[str, Report], old: dict[str, Report] | None) -> str:
    head = (
        "| set | docs | incidents | P | R | F1 | F1 before | violations micro-F1 (given incident)"
        " | targets micro-F1 (given incident) | country acc. | per language: F1 (R) |"
    )
    lines = [head, "|" + "---|" * 11]
    for group in SET_GROUPS:
        r = new.get(group)
        if r is None:
            continue
        inc = r["is_incident"]
        before = _f(old[group]["is_incident"]["f1"]) if old and group in old else "—"
        country = f"{_f(r['country_accuracy'])} (n={r['country_n']})" if r["country_n"] else "—"
        lines.append(
            f"| {group} | {r['n']} | {inc['support']} | {_f(inc['precision'])} | "
            f"{_f(inc['recall'])} | {_f(inc['f1'])} | {before} | {_micro(r, 'violations')} | "
            f"{_micro(r, 'targets')} | {country} | {_languages(r)} |"
        )
    return "\n".join(lines)


def _cell(label: str, r: Report | None, o: Report | None) -> str:
    c = r["labels"].get(label) if r else None
    if not c or (not c["support"] and not c["predicted"]):
        return "—"
    if not c["support"]:
        return f"0 gold, {c['predicted']} flagged"
    prev = o["labels"].get(label) if o else None
    vs = f" vs {prev['f1']:.2f}" if prev else ""
    return f"{c['f1']:.2f}{vs} (n={c['support']})"


def label_table(new: dict[str, Report], old: dict[str, Report] | None) -> str:
    labels = sorted(
        {
            label
            for g in LABEL_GROUPS
            for label in new.get(g, {}).get("labels", {})
            if label.split(":")[0] in ("violations", "targets")
        },
        key=lambda s: (not s.startswith("violations"), s),
    )
    lines = ["| label | " + " | ".join(LABEL_GROUPS) + " |", "|" + "---|" * (1 + len(LABEL_GROUPS))]
    for label in labels:
        cells = [_cell(label, new.get(g), old.get(g) if old else None) for g in LABEL_GROUPS]
        lines.append(f"| `{label}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="civicspace eval --dev --json output")
    parser.add_argument("--before", type=Path, help="the previous coder's report, to compare")
    args = parser.parse_args(argv)
    try:
        new = json.loads(args.report.read_text("utf-8"))
        old = json.loads(args.before.read_text("utf-8")) if args.before else None
    except (OSError, json.JSONDecodeError) as exc:
        print(f"coder_tables: cannot read a report: {exc}", file=sys.stderr)
        return 2
    print(set_table(new, old))
    print()
    print(label_table(new, old))
    return 0


if __name__ == "__main__":
    sys.exit(main())
