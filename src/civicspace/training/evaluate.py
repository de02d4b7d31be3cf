"""Precision, recall and F1 of a coder against gold codings, per label and overall.

A gold line is an input line (``id``, ``text``, ``title`` …) plus any of the gold fields
``is_incident``, ``violations``, ``targets``, ``perpetrators``, ``freedoms`` (lists of codebook
ids), ``country``, ``event_date`` and ``gendered``. Label lists are scored only on lines that
carry them (each kind on the lines that carry that kind); a line without ``is_incident`` is
skipped. Labels of a predicted non-incident count
as predicted empty, labels of a gold non-incident as gold empty, so a false alarm costs
precision on its labels too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from civicspace.classify.schema import LABEL_KINDS, Coding, InputDoc


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: bool, pred: bool) -> None:
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
        elif gold:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
            "predicted": self.tp + self.fp,
        }


@dataclass
class Report:
    n: int = 0
    incident: Counts = field(default_factory=Counts)
    labels: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    micro: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    # the same, only over documents that are incidents in gold and prediction: label quality
    # apart from the incident decision
    micro_given_incident: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_language: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    # label micro counts per language of the gold line (``es:violations``): Spanish vs English
    micro_by_language: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    micro_given_incident_by_language: dict[str, Counts] = field(
        default_factory=lambda: defaultdict(Counts)
    )
    country_total: int = 0
    country_correct: int = 0
    date_total: int = 0
    date_correct: int = 0
    brier: float = 0.0
    calibration: list[tuple[float, float, int]] = field(default_factory=list)

    @property
    def country_accuracy(self) -> float:
        return self.country_correct / self.country_total if self.country_total else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.date_correct / self.date_total if self.date_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "is_incident": self.incident.as_dict(),
            "micro": {k: v.as_dict() for k, v in sorted(self.micro.items())},
            "micro_given_incident": {
                k: v.as_dict() for k, v in sorted(self.micro_given_incident.items())
            },
            "labels": {k: v.as_dict() for k, v in sorted(self.labels.items())},
            "by_language": {k: v.as_dict() for k, v in sorted(self.by_language.items())},
            "micro_by_language": {
                k: v.as_dict() for k, v in sorted(self.micro_by_language.items())
            },
            "micro_given_incident_by_language": {
                k: v.as_dict() for k, v in sorted(self.micro_given_incident_by_language.items())
            },
            "country_accuracy": round(self.country_accuracy, 4),
            "country_n": self.country_total,
            "event_date_accuracy": round(self.date_accuracy, 4),
            "event_date_n": self.date_total,
            "brier": round(self.brier, 4),
            "calibration": self.calibration,
        }


def _ids(value: object) -> set[str]:
    if not value:
        return set()
    out = set()
    for item in value:  # type: ignore[attr-defined]
        out.add(item["id"] if isinstance(item, dict) else str(item))
    return out


def evaluate(gold: Sequence[dict[str, Any]], predictions: Sequence[Coding]) -> Report:
    """Score ``predictions`` (matched by id) against gold lines."""
    by_id = {p.id: p for p in predictions}
    report = Report()
    scores: list[tuple[float, int]] = []
    for g in gold:
        if g.get("is_incident") is None:
            continue
        gid = str(g["id"])
        pred = by_id.get(gid)
        if pred is None:
            continue
        report.n += 1
        gold_inc = bool(g["is_incident"])
        lang = str(g.get("lang") or pred.language or "und")
        report.incident.add(gold_inc, pred.is_incident)
        report.by_language[lang].add(gold_inc, pred.is_incident)
        scores.append((pred.score, int(gold_inc)))
        if any(k in g for k in LABEL_KINDS):
            for kind in LABEL_KINDS:
                if kind not in g:
                    continue  # a kind the gold line does not decide
                gold_set = _ids(g.get(kind)) if gold_inc else set()
                pred_set = set(pred.ids(kind)) if pred.is_incident else set()
                for label in gold_set | pred_set:
                    report.labels[f"{kind}:{label}"].add(label in gold_set, label in pred_set)
                    report.micro[kind].add(label in gold_set, label in pred_set)
                    report.micro_by_language[f"{lang}:{kind}"].add(
                        label in gold_set, label in pred_set
                    )
                    if gold_inc and pred.is_incident:
                        report.micro_given_incident[kind].add(label in gold_set, label in pred_set)
                        report.micro_given_incident_by_language[f"{lang}:{kind}"].add(
                            label in gold_set, label in pred_set
                        )
        if gold_inc and pred.is_incident and g.get("country"):
            report.country_total += 1
            report.country_correct += int(pred.country == g["country"])
        if gold_inc and pred.is_incident and g.get("event_date"):
            report.date_total += 1
            gd = date.fromisoformat(str(g["event_date"])[:10])
            report.date_correct += int(
                pred.event_date is not None and abs((pred.event_date - gd).days) <= 1
            )
    if scores:
        report.brier = sum((s - y) ** 2 for s, y in scores) / len(scores)
        bins: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for s, y in scores:
            bins[min(int(s * 10), 9)].append((s, y))
        report.calibration = [
            (
                round(sum(s for s, _ in v) / len(v), 3),
                round(sum(y for _, y in v) / len(v), 3),
                len(v),
            )
            for _, v in sorted(bins.items())
        ]
    return report


def gold_inputs(gold: Iterable[dict[str, Any]]) -> list[InputDoc]:
    return [InputDoc.model_validate(g) for g in gold]


def format_report(report: Report, title: str = "") -> str:
    """A plain-text table: incident, micro per kind, every label, country, date."""
    lines = [title] if title else []
    lines.append(f"documents scored: {report.n}")
    lines.append(f"{'label':45s} {'P':>6s} {'R':>6s} {'F1':>6s} {'support':>8s}")

    def row(name: str, c: Counts) -> str:
        return f"{name:45s} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.support:8d}"

    lines.append(row("is_incident", report.incident))
    for kind in LABEL_KINDS:
        if kind in report.micro:
            lines.append(row(f"{kind} (micro)", report.micro[kind]))
    for kind in LABEL_KINDS:
        if kind in report.micro_given_incident:
            lines.append(row(f"{kind} (micro, given incident)", report.micro_given_incident[kind]))
    for name, c in sorted(report.labels.items()):
        lines.append(row(f"  {name}", c))
    for lang, c in sorted(report.by_language.items()):
        lines.append(row(f"is_incident [{lang}]", c))
    for key, c in sorted(report.micro_by_language.items()):
        lang, kind = key.split(":", 1)
        lines.append(row(f"{kind} (micro) [{lang}]", c))
    for key, c in sorted(report.micro_given_incident_by_language.items()):
        lang, kind = key.split(":", 1)
        lines.append(row(f"{kind} (micro, given incident) [{lang}]", c))
    lines.append(f"country accuracy: {report.country_accuracy:.3f} (n={report.country_total})")
    lines.append(f"event date accuracy ±1 day: {report.date_accuracy:.3f} (n={report.date_total})")
    lines.append(f"incident Brier score: {report.brier:.4f}")
    return "\n".join(lines)


def write_json(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report.as_dict(), indent=2, default=str) + "\n", "utf-8")
