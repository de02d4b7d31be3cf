"""The dev split as gold JSON Lines, and the dev report of a coder.

``civicspace eval --dev`` and the floors test use :func:`dev_report`; ``scripts/train_coder.py
--export-dev DIR`` writes the same gold lines to files (outside the repository: they hold the
third-party text) for ``civicspace eval --gold``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from civicspace.classify.base import Coder
from civicspace.training.datasets import Example, load_examples
from civicspace.training.evaluate import Report, evaluate, gold_inputs

DEV_SOURCES = (
    "acled",
    "ag_news",
    "bbc",
    "keepiton",
    "acep",
    "korean",
    "rss",
    "hrdsattack",
    "mass_mobilization",
    "ml4p",
    "colombia",
)
# Which sets make up each reported group.
GROUPS: dict[str, tuple[str, ...]] = {
    "acled_dev": ("acled",),
    "news_en": ("bbc", "ag_news", "rss_en"),
    "news_es": ("acep", "rss_es"),
    "keepiton_dev": ("keepiton",),
    "korean": ("korean",),
    # held-out splits of the real incident reports (training/mappings.yaml)
    "hrdsattack_heldout": ("hrdsattack",),
    "mass_mobilization_heldout": ("mass_mobilization",),
    "ml4p_heldout": ("ml4p",),
    "colombia_heldout": ("colombia",),
}
# Every held-out split taken together (the figure a new default must beat), and the same without
# the templated #KeepItOn text (where the rare labels' floors are measured: real text only).
REAL_SETS = tuple(s for sets in GROUPS.values() for s in sets if s != "keepiton")
GROUPS["all_heldout"] = tuple(s for sets in GROUPS.values() for s in sets)
GROUPS["real_heldout"] = REAL_SETS


def gold_line(e: Example) -> dict[str, Any]:
    line: dict[str, Any] = {
        "id": e.id,
        "text": e.text,
        "title": e.title,
        "lang": e.lang,
        "published": e.published.isoformat() if e.published else None,
        "is_incident": e.is_incident,
        "set": _set_name(e),
    }
    if e.source == "acep":
        line["source_country"] = "AR"
    if e.labels_known:
        kinds = {
            "violations": list(e.violations),
            "targets": list(e.targets),
            "perpetrators": list(e.perpetrators),
            "freedoms": list(e.freedoms),
            "gendered": e.gendered,
        }
        # a kind the source does not decide is left out of the gold line, so it is not scored
        line.update({k: v for k, v in kinds.items() if k not in e.unknown})
    if e.country:
        line["country"] = e.country
    if e.event_date:
        line["event_date"] = e.event_date.isoformat()
    return line


def _set_name(e: Example) -> str:
    return f"rss_{'es' if e.lang == 'es' else 'en'}" if e.source == "rss" else e.source


def dev_gold(
    data_dir: Path, sources: Sequence[str] = DEV_SOURCES, hand_labels: bool = True
) -> list[dict[str, Any]]:
    """The dev split's gold lines, with the hand labels (``hand_labels/``) over the mappings'
    labels of the held-out items they name (``hand_labels=False``: the mapped gold the floors
    of ``tests/classify/baseline.json`` were first measured on; docs/annotation-guide.md, 7)."""
    return [
        gold_line(e)
        for e in load_examples(data_dir, tuple(sources), split="dev", hand_labels=hand_labels)
        if e.is_incident is not None
    ]


def export_dev(data_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write one gold file per dev set; returns the line counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    files: dict[str, Any] = {}
    try:
        for line in dev_gold(data_dir):
            name = line["set"]
            if name not in files:
                files[name] = (out_dir / f"dev_{name}.jsonl").open("w", encoding="utf-8")
            files[name].write(json.dumps(line, ensure_ascii=False) + "\n")
            counts[name] = counts.get(name, 0) + 1
    finally:
        for fh in files.values():
            fh.close()
    return counts


def dev_report(
    coder: Coder,
    data_dir: Path,
    groups: dict[str, tuple[str, ...]] | None = None,
    gold: list[dict[str, Any]] | None = None,
) -> dict[str, Report]:
    """Code the dev split and score each group of sets."""
    gold = gold if gold is not None else dev_gold(data_dir)
    predictions = coder.code(gold_inputs(gold))
    out: dict[str, Report] = {}
    for name, sets in (groups or GROUPS).items():
        lines = [g for g in gold if g["set"] in sets]
        if lines:
            out[name] = evaluate(lines, predictions)
    return out
