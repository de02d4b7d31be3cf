"""Spanish against English on real text: the held-out real sets, per set and per language.

Codes the dev split of the real sets of ``../shared/data`` (hand labels applied: ``news_en`` =
BBC, AG News Reuters/AFP and English RSS items; ``news_es`` = the Argentine ACEP news and
Spanish RSS items; the held-out splits of HRDsAttack, Mass Mobilization and ML4P, English; the
held-out Colombian narratives, Spanish) with each backend asked for, and prints one JSON object:
per backend, per set and per language, incident precision, recall and F1, violation micro-F1
end to end (a missed or false incident costs its labels) and given the incident, and the
Spanish-minus-English gap of violation micro-F1 (the parity goal of issue 11: within 0.05).

    python -m bench.language_parity [--data ../shared/data] [--backend default --backend multilingual]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from civicspace.classify.coder import get_coder
from civicspace.training.devset import GROUPS, dev_gold
from civicspace.training.evaluate import Report, evaluate, gold_inputs

SETS = {
    "news_en": "en",
    "news_es": "es",
    "hrdsattack_heldout": "en",
    "mass_mobilization_heldout": "en",
    "ml4p_heldout": "en",
    "colombia_heldout": "es",
}
SOURCES = ("bbc", "ag_news", "rss", "acep", "hrdsattack", "mass_mobilization", "ml4p", "colombia")


def figures(report: Report) -> dict[str, Any]:
    inc = report.incident
    return {
        "items": report.n,
        "incidents": inc.support,
        "flagged": inc.tp + inc.fp,
        "precision": round(inc.precision, 3),
        "recall": round(inc.recall, 3),
        "f1": round(inc.f1, 3),
        "violation_micro_f1": round(report.micro["violations"].f1, 3),
        "violation_micro_f1_given_incident": round(report.micro_given_incident["violations"].f1, 3),
        "labelled_both": report.micro_given_incident["violations"].tp
        + report.micro_given_incident["violations"].fn,
    }


def run(backend: str, gold: list[dict[str, Any]]) -> dict[str, Any]:
    coder = get_coder(backend)
    started = time.perf_counter()
    predictions = coder.code(gold_inputs(gold))
    seconds = time.perf_counter() - started
    sets = {}
    for name, lang in SETS.items():
        lines = [g for g in gold if g["set"] in GROUPS[name]]
        if lines:
            sets[name] = {"lang": lang, **figures(evaluate(lines, predictions))}
    languages = {}
    for lang in sorted(set(SETS.values())):
        names = [n for n, sl in SETS.items() if sl == lang]
        lines = [g for g in gold if any(g["set"] in GROUPS[n] for n in names)]
        if lines:
            languages[lang] = figures(evaluate(lines, predictions))
    gap = None
    if "es" in languages and "en" in languages:
        gap = {
            key: round(languages["es"][key] - languages["en"][key], 3)
            for key in ("violation_micro_f1", "violation_micro_f1_given_incident", "f1")
        }
    return {
        "coder_version": predictions[0].coder_version if predictions else None,
        "sets": sets,
        "languages": languages,
        "es_minus_en": gap,
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default_data = os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data")
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--backend", action="append", default=None)
    args = parser.parse_args()
    gold = dev_gold(args.data, SOURCES, hand_labels=True)
    out = {
        "items": len(gold),
        "backends": {b: run(b, gold) for b in (args.backend or ["default", "multilingual"])},
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
