"""Reviewers' decisions on the desk as labelled examples, and what retraining on them changed.

``civicspace train --from-desk`` reads every decided source document
(:func:`civicspace.review.training.decisions_for_training`): the document's text with the labels
reviewers settled on (accepted or published: the incident's final fields; rejected: not an
incident; withdrawn: not an incident, weighed half; merged or duplicate: the labels of the
incident it joined). The latest decisions (by the time of the last reviewer's revision) are held
out, never trained on, and scored beside the held-out splits of the real sets, before (the coder
in use) and after (the retrained artifact). :func:`compare` writes that report.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.classify.base import Coder
from civicspace.classify.schema import LABEL_KINDS, Coding
from civicspace.errors import InvalidInput
from civicspace.review.training import Decision, decisions_for_training
from civicspace.store.incidents import IncidentRevision
from civicspace.store.models import Document
from civicspace.training.devset import gold_line
from civicspace.training.evaluate import Report, evaluate, gold_inputs
from civicspace.training.example import Example

SOURCE = "desk"
WITHDRAWN_WEIGHT = 0.5  # an editor took it down: not an incident, but weaker evidence than a reject


@dataclass
class DeskExample:
    example: Example
    decided_at: datetime
    decision: str
    weight: float = 1.0
    machine: dict[str, Any] = field(default_factory=dict)


def _decided_at(session: Session, incident_ids: set[int]) -> dict[int, datetime]:
    """The time of each incident's last reviewer revision (machine revisions aside)."""
    if not incident_ids:
        return {}
    rows = session.execute(
        select(IncidentRevision.incident_id, func.max(IncidentRevision.at))
        .where(IncidentRevision.incident_id.in_(incident_ids))
        .where(IncidentRevision.actor != "machine")
        .group_by(IncidentRevision.incident_id)
    )
    return {int(i): at for i, at in rows if at is not None}


def _example(doc: Document, d: Decision, split: str) -> Example:
    final = d.final
    is_incident = bool(final.get("is_incident"))
    labels_known = is_incident and "violations" in final
    return Example(
        id=f"desk:{doc.id}",
        text=doc.text or "",
        title=doc.title or "",
        source=SOURCE,
        group=f"incident:{final.get('incident_id')}",
        split=split,
        lang=(doc.language or "en").split("-")[0],
        published=doc.published.date() if doc.published else None,
        country=final.get("country"),
        event_date=(
            datetime.fromisoformat(final["event_date"]).date() if final.get("event_date") else None
        ),
        is_incident=is_incident,
        violations=tuple(final.get("violations") or ()),
        targets=tuple(final.get("targets") or ()),
        perpetrators=tuple(final.get("perpetrators") or ()),
        freedoms=tuple(final.get("freedoms") or ()),
        gendered=bool(final.get("gendered")),
        labels_known=labels_known,
        rule=f"desk:{final.get('decision')}",
    )


def desk_examples(session: Session, holdout: float = 0.2) -> list[DeskExample]:
    """Every decided document as an example, oldest decision first; the latest ``holdout``
    share of incidents (by decision time, whole incidents together) has split ``dev``."""
    decisions = list(decisions_for_training(session))
    incident_of = {d.document_id: int(d.final["incident_id"]) for d in decisions}
    # an incident merged into another is decided when its root is: use the later time of both
    at = _decided_at(session, set(incident_of.values()))
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    docs = {
        doc.id: doc
        for doc in session.scalars(select(Document).where(Document.id.in_(list(incident_of))))
    }
    ordered = sorted(
        (d for d in decisions if d.document_id in docs and (docs[d.document_id].text or "")),
        key=lambda d: (at.get(incident_of[d.document_id], epoch), d.document_id),
    )
    incidents: list[int] = []
    for d in ordered:
        if incident_of[d.document_id] not in incidents:
            incidents.append(incident_of[d.document_id])
    n_hold = 0
    if holdout > 0 and len(incidents) >= 2:  # at least one held out, at least one trained on
        n_hold = max(1, min(round(len(incidents) * holdout), len(incidents) - 1))
    held = set(incidents[len(incidents) - n_hold :]) if n_hold else set()
    out = []
    for d in ordered:
        incident = incident_of[d.document_id]
        split = "dev" if incident in held else "train"
        ex = _example(docs[d.document_id], d, split)
        weight = WITHDRAWN_WEIGHT if d.final.get("withdrawn") else 1.0
        out.append(
            DeskExample(
                ex, at.get(incident, epoch), str(d.final.get("decision")), weight, d.machine
            )
        )
    return out


def desk_gold(items: Sequence[DeskExample]) -> list[dict[str, Any]]:
    """Gold lines of the held-out desk decisions (set ``desk``)."""
    return [{**gold_line(i.example), "set": SOURCE} for i in items if i.example.split == "dev"]


def _label_rows(report: Report) -> dict[str, dict[str, float]]:
    rows = {"is_incident": report.incident.as_dict()}
    rows.update({k: c.as_dict() for k, c in sorted(report.labels.items())})
    return rows


def _decisions(coding: Coding | None) -> set[str]:
    if coding is None or not coding.is_incident:
        return set()
    out = {"is_incident"}
    for kind in LABEL_KINDS:
        out.update(f"{kind}:{i}" for i in coding.ids(kind))
    return out


def _final_labels(ex: Example) -> set[str]:
    if not ex.is_incident:
        return set()
    out = {"is_incident"}
    for kind in LABEL_KINDS:
        out.update(f"{kind}:{i}" for i in getattr(ex, kind))
    return out


def flips(
    items: Sequence[DeskExample], before: Sequence[Coding], after: Sequence[Coding]
) -> dict[str, dict[str, int]]:
    """Per label, the desk documents whose machine decision flipped between the two coders:
    ``fixed`` (now agrees with the reviewers), ``broken`` (agreed, no longer does), and the same
    on the held-out decisions alone. A label reviewers never decided (labels of a merged
    document whose incident was not accepted) is left out."""
    b = {c.id: c for c in before}
    a = {c.id: c for c in after}
    out: dict[str, dict[str, int]] = {}
    for item in items:
        ex = item.example
        old, new = _decisions(b.get(ex.id)), _decisions(a.get(ex.id))
        final = _final_labels(ex)
        for label in sorted(old ^ new):
            if label != "is_incident" and ex.is_incident and not ex.labels_known:
                continue
            row = out.setdefault(
                label, {"fixed": 0, "broken": 0, "heldout_fixed": 0, "heldout_broken": 0}
            )
            key = "fixed" if (label in new) == (label in final) else "broken"
            row[key] += 1
            if ex.split == "dev":
                row[f"heldout_{key}"] += 1
    return dict(sorted(out.items()))


def compare(
    before: Coder,
    after: Coder,
    items: Sequence[DeskExample],
    set_gold: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The report of ``civicspace train --from-desk``: per-label P/R/F1 before and after on the
    held-out splits of the sets and on the held-out desk decisions, and the flipped labels."""
    desk_lines = desk_gold(items)
    all_lines = [gold_line(i.example) for i in items]
    heldout: dict[str, list[dict[str, Any]]] = {}
    if set_gold:
        heldout["sets_heldout"] = list(set_gold)
    if desk_lines:
        heldout["desk_heldout"] = desk_lines
    inputs = gold_inputs(list(set_gold) + all_lines)
    coded_before = before.code(inputs)
    coded_after = after.code(inputs)
    groups: dict[str, Any] = {}
    for name, lines in heldout.items():
        rb, ra = evaluate(lines, coded_before), evaluate(lines, coded_after)
        rows_b, rows_a = _label_rows(rb), _label_rows(ra)
        labels = {}
        for label in sorted(set(rows_b) | set(rows_a)):
            zero = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "predicted": 0}
            old, new = rows_b.get(label, zero), rows_a.get(label, zero)
            labels[label] = {
                "before": old,
                "after": new,
                "f1_change": round(float(new["f1"]) - float(old["f1"]), 4),
            }
        groups[name] = {"n": rb.n, "labels": labels}
    desk_ids = {i.example.id for i in items}
    return {
        "desk_examples": {
            "total": len(items),
            "trained": sum(1 for i in items if i.example.split == "train"),
            "heldout": sum(1 for i in items if i.example.split == "dev"),
            "incidents": sum(1 for i in items if i.example.is_incident),
            "not_incidents": sum(1 for i in items if not i.example.is_incident),
        },
        "coders": {"before": before.version, "after": after.version},
        "heldout": groups,
        "flipped": flips(
            items,
            [c for c in coded_before if c.id in desk_ids],
            [c for c in coded_after if c.id in desk_ids],
        ),
    }


def format_comparison(report: dict[str, Any]) -> str:
    """The report as plain text: counts, a before/after table per held-out group, flips."""
    d = report["desk_examples"]
    lines = [
        f"desk examples: {d['total']} ({d['trained']} trained on, {d['heldout']} held out; "
        f"{d['incidents']} incidents, {d['not_incidents']} not)",
        f"coder before: {report['coders']['before']}  after: {report['coders']['after']}",
    ]
    for name, group in report["heldout"].items():
        lines.append(f"== {name} ({group['n']} documents)")
        lines.append(
            f"{'label':38s} {'P':>5s} {'R':>5s} {'F1':>5s} {'pred':>4s}  ->  "
            f"{'P':>5s} {'R':>5s} {'F1':>5s} {'pred':>4s} {'support':>7s}"
        )
        for label, row in group["labels"].items():
            b, a = row["before"], row["after"]
            lines.append(
                f"{label:38s} {b['precision']:5.2f} {b['recall']:5.2f} {b['f1']:5.2f} "
                f"{b['predicted']:4d}  ->  {a['precision']:5.2f} {a['recall']:5.2f} "
                f"{a['f1']:5.2f} {a['predicted']:4d} {a['support']:7d}"
            )
    lines.append("== flipped decisions on desk documents (fixed / broken; held out)")
    if not report["flipped"]:
        lines.append("  none")
    for label, row in report["flipped"].items():
        lines.append(
            f"  {label:40s} fixed {row['fixed']:3d}  broken {row['broken']:3d}  "
            f"(held out: {row['heldout_fixed']} / {row['heldout_broken']})"
        )
    return "\n".join(lines)


def retrain_from_desk(
    session: Session,
    data_dir: Path,
    out: Path,
    *,
    base: Path | None = None,
    sources: Sequence[str],
    max_per_source: int | None = None,
    desk_weight: float = 3.0,
    holdout: float = 0.2,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Export the desk's decisions, retrain with them, write ``out``; the comparison report.

    ``base`` is the coder compared against (default: the packaged artifact). The held-out
    splits of ``sources`` (at most ``max_per_source`` each) and the held-out desk decisions
    are scored by both.
    """
    from civicspace.classify.backends.default import DefaultCoder
    from civicspace.training.devset import dev_gold
    from civicspace.training.train import train

    items = desk_examples(session, holdout)
    if not items:
        raise InvalidInput("no reviewer decisions on the desk (accept or reject incidents first)")
    trained = [(i.example, desk_weight * i.weight) for i in items if i.example.split == "train"]
    log(
        f"desk: {len(items)} decided documents, {len(trained)} trained on, "
        f"{len(items) - len(trained)} held out (the latest decisions)"
    )
    before = DefaultCoder(base)
    report = train(
        data_dir,
        out,
        log=log,
        sources=sources,
        max_per_source=max_per_source,
        extra=trained,
    )
    set_gold: list[dict[str, Any]] = []
    if sources:
        lines = dev_gold(data_dir, tuple(sources))
        if max_per_source is not None:
            lines = _sample_lines(lines, max_per_source)
        set_gold = lines
    after = DefaultCoder(out)
    result = compare(before, after, items, set_gold)
    result["artifact"] = {"path": str(out), "version": report.version, "base": str(base or "")}
    result["training"] = {
        "documents": report.n_train,
        "sources": list(sources),
        "max_per_source": max_per_source,
        "desk_weight": desk_weight,
        "holdout": holdout,
    }
    return result


def _sample_lines(lines: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """At most ``n`` gold lines of each set, a seeded sample in the sets' order."""
    by_set: dict[str, list[int]] = {}
    for i, g in enumerate(lines):
        by_set.setdefault(str(g.get("set")), []).append(i)
    rng = random.Random(0)
    keep: set[int] = set()
    for rows in by_set.values():
        keep.update(rng.sample(rows, n) if len(rows) > n else rows)
    return [g for i, g in enumerate(lines) if i in keep]
