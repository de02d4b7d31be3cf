"""An annotator's agreement with themself: a blind second pass over a sample of the first.

Cohen's kappa on the incident decision (three categories: yes, no, uncertain), and for the items
both passes call incidents, the mean Jaccard of the violation and target sets and, label by label,
how often the two passes agree on its presence (with a kappa where both classes occur).

    python -m civicspace.training.agreement PASS1.jsonl PASS2.jsonl   # one JSON object
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

from civicspace.training.hand import HandLabel, read_labels


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two codings of the same items (1.0 when both use one category only)."""
    if len(a) != len(b) or not a:
        raise ValueError("two codings of the same, non-empty list of items are needed")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca.keys() | cb.keys()) / (n * n)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    """Overlap of two label sets (1.0 when both are empty)."""
    sa, sb = set(a), set(b)
    return 1.0 if not sa | sb else len(sa & sb) / len(sa | sb)


def _share(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    return round(sum(x == y for x, y in zip(a, b, strict=True)) / len(a), 3)


def _decision(label: HandLabel) -> str:
    return {True: "yes", False: "no", None: "uncertain"}[label.is_incident]


def agreement(first: dict[str, HandLabel], second: dict[str, HandLabel]) -> dict[str, Any]:
    """Agreement of the second pass with the first over the items both coded."""
    keys = sorted(first.keys() & second.keys())
    if not keys:
        raise ValueError("the two passes share no item")
    d1 = [_decision(first[k]) for k in keys]
    d2 = [_decision(second[k]) for k in keys]
    decided = [
        k for k in keys if first[k].is_incident is not None and second[k].is_incident is not None
    ]
    both = [k for k in keys if first[k].is_incident and second[k].is_incident]
    out: dict[str, Any] = {
        "items": len(keys),
        "incident_agreement": round(
            sum(x == y for x, y in zip(d1, d2, strict=True)) / len(keys), 3
        ),
        "incident_kappa": round(cohen_kappa(d1, d2), 3),
        "incident_kappa_decided": round(
            cohen_kappa(
                [first[k].is_incident for k in decided], [second[k].is_incident for k in decided]
            ),
            3,
        )
        if decided
        else None,
        "decided_items": len(decided),
        "both_incident": len(both),
        "by_set": dict(Counter(first[k].set for k in keys)),
    }
    for kind in ("violations", "targets"):
        if not both:
            continue
        pairs = [(getattr(first[k], kind), getattr(second[k], kind)) for k in both]
        out[f"{kind}_jaccard"] = round(sum(jaccard(x, y) for x, y in pairs) / len(pairs), 3)
        out[f"{kind}_exact"] = round(sum(set(x) == set(y) for x, y in pairs) / len(pairs), 3)
        per: dict[str, dict[str, float | int | None]] = {}
        for label in sorted({v for x, y in pairs for v in (*x, *y)}):
            p1 = [label in x for x, _ in pairs]
            p2 = [label in y for _, y in pairs]
            per[label] = {
                "in_first": sum(p1),
                "in_second": sum(p2),
                "agreement": round(
                    sum(x == y for x, y in zip(p1, p2, strict=True)) / len(pairs), 3
                ),
                "kappa": round(cohen_kappa(p1, p2), 3) if len(set(p1) | set(p2)) > 1 else None,
            }
        out[f"{kind}_per_label"] = per
    return out


def main(argv: list[str]) -> None:
    first = {label.key: label for label in read_labels(Path(argv[0]))}
    second = {label.key: label for label in read_labels(Path(argv[1]))}
    print(json.dumps(agreement(first, second), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
