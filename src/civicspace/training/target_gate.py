"""The target gate measured on the training split (docs/coder-journal.md, "Ordinary crime and
courts: the target gate (court-crime)").

``python -m civicspace.training.target_gate`` codes every training-split example (no held-out
item: ``rare_gold.jsonl``'s items are dropped as well) with the shipped coder, once per variant of
the gate (``label_rules.Rules``: which acts need a target, which targets do not count), and
prints one JSON object: per training set, the incidents each variant removes against the gate
off (right: the gold says no incident; wrong: the gold says incident) and incident P / R / F1.
The figures are in-sample for the incident and label heads (they trained on these items), so
they say what the gate removes, not how well the heads do. The training-side news held back from
training (``news_confounders.jsonl``) is applied and reported as its own set; ``--variants a,b``
measures some variants only (docs/coder-journal.md, "Crime and war: the target gate, second pass
(crime-gate)").

``--errors SET`` lists the shipped coder's incident errors on one training set instead (false
positives and false negatives against the mapped gold, with the gold and the coded violations, the
body length and where the act of a civic target is told, :func:`told_at`): the reading behind
docs/coder-journal.md, "Protest summaries (mm-prec)" and "ML4P: why incidents are missed
(ml4p-recall)". ``--label-errors SET`` lists its violation and target errors on detected gold
incidents (:func:`label_errors`): the reading behind docs/coder-journal.md, "Report labels
(report-labels)".
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.evidence import document_sentences
from civicspace.classify.features import document_text
from civicspace.classify.label_rules import DEFAULT, Rules
from civicspace.classify.label_tables import CUELESS_LONG_NOT_ADOPTED, UNCUED_TITLED_NOT_ADOPTED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.pairing import cue_sentences
from civicspace.classify.schema import Coding, InputDoc
from civicspace.training.datasets import load_examples
from civicspace.training.evaluate import Counts
from civicspace.training.example import Example
from civicspace.training.hand import hand_label_folder, read_labels

# every violation the codebook ties to a target (pairing.TARGETLESS are not)
ALL_TARGETED = frozenset(
    {
        "attack",
        "killing",
        "excessive_force",
        "threats_intimidation",
        "disappearance",
        "protest_disruption",
        "smear_campaign",
        "surveillance",
    }
)
OFF = replace(
    DEFAULT,
    target_gated=frozenset(),
    not_civic=frozenset(),
    violence_gated=frozenset(),
    gate_reads_window=False,
    cueless_gated=frozenset(),
    uncued_titled_target_p=None,
)
# the first pass (court-crime): arrests and trials, the lead alone
FIRST = replace(
    DEFAULT, violence_gated=frozenset(), gate_reads_window=False, cueless_gated=frozenset()
)
# both passes, without the cue-less target (news-gate)
CRIME = replace(DEFAULT, cueless_gated=frozenset())
CUELESS = DEFAULT.cueless_gated
VIOLENT = DEFAULT.violence_gated
VARIANTS: dict[str, Rules] = {
    "off": OFF,
    "shipped": DEFAULT,
    "first_pass": FIRST,
    "violence_lead_only": replace(DEFAULT, gate_reads_window=False),
    "violence_any_context": replace(DEFAULT, ordinary_context=()),
    "violence_target_p_0.6": replace(DEFAULT, violence_target_p=0.6),
    "violence_target_p_0.8": replace(DEFAULT, violence_target_p=0.8),
    "violence_strong_cue_only": replace(DEFAULT, violence_target_p=1.01),
    "violence_no_disappearance": replace(DEFAULT, violence_gated=VIOLENT - {"disappearance"}),
    "violence_with_sgbv": replace(
        DEFAULT, violence_gated=VIOLENT | {"sexual_gender_based_violence"}
    ),
    "violence_no_armed": replace(
        DEFAULT,
        ordinary_context=tuple(
            c for c in DEFAULT.ordinary_context if c.startswith("context:") or "judic" in c
        ),
    ),
    "general_public_counts": replace(FIRST, not_civic=frozenset()),
    "judicial_only": replace(FIRST, target_gated=frozenset({"judicial_harassment"})),
    "arrest_only": replace(FIRST, target_gated=frozenset({"arrest_detention"})),
    "with_violence": replace(FIRST, target_gated=DEFAULT.target_gated | {"attack", "killing"}),
    "all_targeted": replace(FIRST, target_gated=DEFAULT.target_gated | ALL_TARGETED),
    "target_p_0.5": replace(DEFAULT, gate_target_p=0.5),
    # news-gate: the cue-less target, against both passes without it (``crime_gate``)
    "crime_gate": CRIME,
    "cueless_target_p_0.8": replace(DEFAULT, cueless_target_p=0.8),
    "cueless_with_disappearance": replace(DEFAULT, cueless_gated=CUELESS | {"disappearance"}),
    # news-long: the cue-less target for any act in bodies of N characters (not adopted)
    "cueless_long_1500": replace(DEFAULT, cueless_long_chars=CUELESS_LONG_NOT_ADOPTED),
    "cueless_long_1000": replace(DEFAULT, cueless_long_chars=1000),
    # news-victim: titled news naming no civic target anywhere (not adopted)
    "uncued_titled_0.8": replace(DEFAULT, uncued_titled_target_p=UNCUED_TITLED_NOT_ADOPTED),
    "uncued_titled_0.7": replace(DEFAULT, uncued_titled_target_p=0.7),
    "uncued_titled_any": replace(DEFAULT, uncued_titled_target_p=1.01),
    # news-precision: an incident whose acts are all told in another sense, switched off
    "sense_told_off": replace(DEFAULT, sense_told_gated=False),
}


def training_examples(data_dir: Path) -> list[Example]:
    """The training split with a gold incident decision, less the held-out rare gold's items.

    The training-side labels held back from training (``hand.HELD_BACK_FILES``: news the coder
    flags) are applied, and their items reported as a set of their own, ``news_confounders``:
    general news, what the gate is for (crime-gate)."""
    folder = hand_label_folder()
    held = {label.key for label in read_labels(folder / "rare_gold.jsonl")}
    confounders = {label.key for label in read_labels(folder / "news_confounders.jsonl")}
    return [
        replace(e, source="news_confounders") if e.id in confounders else e
        for e in load_examples(data_dir, split="train", held_back=())
        if e.is_incident is not None and e.id not in held
    ]


def measure(examples: Sequence[Example], variants: dict[str, Rules]) -> dict[str, Any]:
    coder = DefaultCoder()
    docs = [
        InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang, published=e.published)
        for e in examples
    ]
    kept: dict[str, list[bool]] = {}
    for name, rules in variants.items():
        coder.label_rules = rules
        kept[name] = [c.is_incident for c in coder.code(docs, full=False)]
    out: dict[str, Any] = {}
    by_set: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        by_set[e.source].append(i)
        by_set["all"].append(i)
    for set_name, rows in sorted(by_set.items()):
        gold = [bool(examples[i].is_incident) for i in rows]
        fig: dict[str, Any] = {"docs": len(rows), "incidents": sum(gold)}
        base = [kept["off"][i] for i in rows]
        for name in variants:
            pred = [kept[name][i] for i in rows]
            counts = Counts()
            for p, g in zip(pred, gold, strict=True):
                counts.add(g, p)
            gone = [g for b, p, g in zip(base, pred, gold, strict=True) if b and not p]
            fig[name] = {
                **counts.as_dict(),
                "removed_right": sum(not g for g in gone),
                "removed_wrong": sum(gone),
            }
        out[set_name] = fig
    return out


def removed_items(examples: Sequence[Example], rules: Rules = DEFAULT) -> list[dict[str, Any]]:
    """The items the gate removes (id, gold, title): for reading them."""
    coder = DefaultCoder()
    docs = [InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang) for e in examples]
    coder.label_rules = OFF
    base = coder.code(docs, full=False)
    coder.label_rules = rules
    gated = coder.code(docs, full=False)
    return [
        {
            "id": e.id,
            "gold": e.is_incident,
            "violations": [v.id for v in b.violations],
            "title": (e.title or e.text)[:120],
        }
        for e, b, g in zip(examples, base, gated, strict=True)
        if b.is_incident and not g.is_incident
    ]


def incident_errors(examples: Sequence[Example], codings: Sequence[Coding]) -> dict[str, Any]:
    """The incident errors of codings against their examples' gold: counts (P / R / F1) and the
    false positives and false negatives (id, coded score, gold and coded violations, opening)."""
    counts = Counts()
    errors: dict[str, list[dict[str, Any]]] = {"false_positives": [], "false_negatives": []}
    for e, c in zip(examples, codings, strict=True):
        gold = bool(e.is_incident)
        counts.add(gold, c.is_incident)
        if gold == c.is_incident:
            continue
        errors["false_negatives" if gold else "false_positives"].append(
            {
                "id": e.id,
                "score": c.score,
                "gold_violations": list(e.violations),
                "violations": c.ids("violations"),
                "text": (e.title or e.text)[:160],
                "chars": len(e.text or ""),
                "told_at": told_at(e),
            }
        )
    return {**counts.as_dict(), **errors}


def told_at(e: Example) -> int | None:
    """Where an example tells an act of a civic target: the body offset of its first sentence
    with a strong violation cue and a strong target cue (-1: the title; None: no such sentence).
    Past the lead (600 characters) the cheap pass reads it only in a second look (ml4p-recall)."""
    for sent, hits in cue_sentences(document_sentences(e.title, e.text or ""), e.lang):
        kinds = {key.split(":", 1)[0] for key, _start, _end in hits}
        if {"violations", "targets"} <= kinds:
            return -1 if sent.field == "title" else sent.start
    return None


def set_errors(examples: Sequence[Example], source: str, rules: Rules = DEFAULT) -> dict[str, Any]:
    """:func:`incident_errors` of the coder with ``rules`` on one training set."""
    rows = [e for e in examples if e.source == source]
    coder = DefaultCoder()
    coder.label_rules = rules
    docs = [
        InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang, published=e.published)
        for e in rows
    ]
    return incident_errors(rows, coder.code(docs, full=False))


def label_errors(examples: Sequence[Example], source: str) -> list[dict[str, Any]]:
    """The shipped coder's violation and target errors on one training set's detected gold
    incidents (report-labels, docs/coder-journal.md): per wrong label, whether it was missed or
    added, the gold's origin (hand label or mapping), where the label's first strong cue is (body
    offset
    from the title's start, None: none) and the opening."""
    rows = [e for e in examples if e.source == source and e.is_incident and e.labels_known]
    docs = [InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang) for e in rows]
    out: list[dict[str, Any]] = []
    for e, c in zip(rows, DefaultCoder().code(docs, full=False), strict=True):
        if not c.is_incident:
            continue
        text = document_text(e.title, e.text)
        _, hits = multilexicon().find(lower_preserving(text), e.lang)
        for kind in ("violations", "targets"):
            gold, coded = set(getattr(e, kind)), set(c.ids(kind))
            for label in sorted(gold ^ coded):
                key = f"{kind}:{label}"
                cue = next((h.start for h in hits if h.key == key and not h.cue.weak), None)
                out.append(
                    {
                        "id": e.id,
                        "label": key,
                        "error": "missed" if label in gold else "added",
                        "gold_from": "hand" if e.rule.startswith("hand") else "mapping",
                        "cue_at": cue,
                        "gold": sorted(gold),
                        "coded": sorted(coded),
                        "text": text[:300],
                    }
                )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--items", action="store_true", help="list the items the gate removes")
    ap.add_argument("--errors", metavar="SET", help="list one set's incident errors")
    ap.add_argument("--variants", help="comma-separated variants to measure (default: all)")
    ap.add_argument("--label-errors", metavar="SET", help="list one set's label errors")
    args = ap.parse_args(argv)
    from civicspace.settings import get_settings

    data_dir = args.data_dir or get_settings().data_dir
    examples = training_examples(data_dir)
    if args.label_errors:
        print(json.dumps(label_errors(examples, args.label_errors), indent=1, ensure_ascii=False))
        return
    if args.errors:
        print(json.dumps(set_errors(examples, args.errors), indent=1, ensure_ascii=False))
        return
    if args.items:
        print(json.dumps(removed_items(examples), indent=1, ensure_ascii=False))
        return
    names = ["off", *args.variants.split(",")] if args.variants else list(VARIANTS)
    print(json.dumps(measure(examples, {n: VARIANTS[n] for n in dict.fromkeys(names)}), indent=1))


if __name__ == "__main__":
    main()
