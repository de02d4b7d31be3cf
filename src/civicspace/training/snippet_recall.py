"""Recall on short reports, measured on a training-side snippet set (docs/coder-journal.md, "Short
reports: recall on snippets (snippet-recall)").

``ml4p_heldout``'s items are snippets (title and lede, median body 216 characters), ML4P's
training items long articles. This tool cuts every **training-split** ML4P and HRDsAttack report
to the held-out form (:func:`snippet`: its title and the first :data:`SNIPPET_CHARS` characters
of its body, cut at a word), codes the snippets with the shipped coder (cheap pass) and lists its
misses by cause (:func:`cause`). No held-out item is read.

The snippet's gold (:func:`snippet_gold`), as far as the snippet can carry it:

* ``hand``: a hand-labelled item (``hand_labels/``): the label read on the whole item;
* ``mapped_pair``: a mapped incident whose snippet tells a strong act and a strong civic target
  in one sentence (``target_gate.told_at``): what the codebook's incident needs;
* ``mapped_no_pair``: a mapped incident whose snippet does not (about half of ML4P's are no
  incidents, docs/coder-journal.md "ML4P: why incidents are missed"): reported, never counted as
  recall;
* ``mapped_negative``: a mapped non-incident.

The guard for precision is the training-side non-incidents: the mapped negatives' snippets, the
hand-labelled non-incidents (``news_confounders.jsonl`` is held back from training but read here)
and AG News's training agencies (already short). ``--misses`` lists the misses.

    CIVICSPACE_DATA_DIR=/work/shared/data python -m civicspace.training.snippet_recall [--misses]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.evidence import document_sentences
from civicspace.classify.label_rules import DEFAULT, Rules
from civicspace.classify.label_tables import NEVER
from civicspace.classify.pairing import cue_sentences
from civicspace.classify.schema import Coding, InputDoc
from civicspace.training.evaluate import Counts
from civicspace.training.example import Example
from civicspace.training.target_gate import OFF, told_at, training_examples

SNIPPET_CHARS = 216  # ml4p_heldout's median body length (ml4p-recall)
REPORT_SETS = ("ml4p", "hrdsattack")
# training-side general news: hand-coded confounders and AG News's training agencies
NEWS_SETS = ("news_confounders", "ag_news")
RECALLED = ("hand", "mapped_pair")
# the coder as shipped, and without the short-report pair rule (label_rules, snippet-recall)
VARIANTS: dict[str, Rules] = {
    "shipped": DEFAULT,
    "short_pair_off": replace(DEFAULT, short_pair_from=NEVER),
    "short_pair_untitled_too": replace(DEFAULT, short_pair_needs_title=False),
}


def snippet(e: Example, chars: int = SNIPPET_CHARS) -> Example:
    """The example cut to the held-out form: its title and the body's first ``chars``
    characters, cut back to the last word boundary (a body that short is kept whole)."""
    body = " ".join((e.text or "").split())
    if len(body) > chars:
        cut = body[: chars + 1]
        space = cut.rfind(" ")
        body = (cut[:space] if space > chars // 2 else cut[:chars]).rstrip()
    return replace(e, text=body)


def snippet_gold(full: Example, snip: Example) -> str:
    """Which gold the snippet carries (see the module's docstring)."""
    if full.rule == "hand label":
        return "hand"
    if not full.is_incident:
        return "mapped_negative"
    if full.source not in REPORT_SETS:  # AG News's silver incidents: not a gold to trust
        return "silver"
    return "mapped_pair" if told_at(snip) is not None else "mapped_no_pair"


def cues(e: Example) -> dict[str, Any]:
    """The strong violation and target cue keys of a snippet, and whether a sentence holds both."""
    acts: set[str] = set()
    targets: set[str] = set()
    paired = False
    for _sent, hits in cue_sentences(document_sentences(e.title, e.text or ""), e.lang):
        kinds = {key.split(":", 1)[0] for key, _s, _e in hits}
        paired = paired or {"violations", "targets"} <= kinds
        acts |= {k for k, _s, _e in hits if k.startswith("violations:")}
        targets |= {k for k, _s, _e in hits if k.startswith("targets:")}
    return {"acts": sorted(acts), "targets": sorted(targets), "paired": paired}


def cause(coded: Coding, ungated: Coding, found: dict[str, Any]) -> str:
    """Why a gold incident's snippet was missed: removed by the target gate (kept with the gate
    off), an act and a target in one sentence scored low, an act without a target in its
    sentence, a target without an act, or no strong cue at all."""
    if ungated.is_incident and not coded.is_incident:
        return "target_gate"
    if found["paired"]:
        return "pair_scored_low"
    if found["acts"]:
        return "act_without_target" if found["targets"] else "act_only"
    return "target_only" if found["targets"] else "no_cue"


def snippet_set(examples: Sequence[Example]) -> list[tuple[Example, str]]:
    """The snippets of the training reports and the training-side news, each with its gold tier
    (the news keep their text: AG News is short; a confounder from ML4P is cut like a report)."""
    out: list[tuple[Example, str]] = []
    for e in examples:
        if e.source in REPORT_SETS or e.source in NEWS_SETS:
            s = snippet(e)
            out.append((s, snippet_gold(e, s)))
    return out


def code(coder: DefaultCoder, rows: Sequence[Example], rules: Rules) -> list[Coding]:
    coder.label_rules = rules
    docs = [InputDoc(id=e.id, title=e.title, text=e.text, lang=e.lang) for e in rows]
    return coder.code(docs, full=False)


def _recalled(cell: str) -> bool:
    return cell.split(":", 1)[0] in RECALLED


def measure(
    pairs: Sequence[tuple[Example, str]], rules: Rules = DEFAULT, misses: bool = False
) -> dict[str, Any]:
    """Per set and gold tier: items, gold incidents and flagged; recall on the trusted tiers
    (:data:`RECALLED`), false alarms on the non-incidents, and the misses' causes."""
    coder = DefaultCoder()
    rows = [e for e, _t in pairs]
    coded = code(coder, rows, rules)
    ungated = code(coder, rows, replace(OFF, short_pair_from=rules.short_pair_from))
    table: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    listed: list[dict[str, Any]] = []
    for (e, tier), c, u in zip(pairs, coded, ungated, strict=True):
        gold = bool(e.is_incident)
        cell = table[e.source][f"{tier}:{'incident' if gold else 'not'}"]
        cell["items"] += 1
        cell["flagged"] += int(c.is_incident)
        if gold and not c.is_incident and tier in RECALLED:
            found = cues(e)
            why = cause(c, u, found)
            cell[f"missed:{why}"] += 1
            if misses:
                listed.append(
                    {
                        "id": e.id,
                        "tier": tier,
                        "cause": why,
                        "score": c.score,
                        **found,
                        "text": f"{e.title} | {e.text}"[:300],
                    }
                )
    out: dict[str, Any] = {"snippet_chars": SNIPPET_CHARS, "sets": {}}
    for source, cells in sorted(table.items()):
        out["sets"][source] = {k: dict(v) for k, v in sorted(cells.items())}
        trusted = [v for k, v in cells.items() if k.endswith(":incident") and _recalled(k)]
        hit, n = sum(v["flagged"] for v in trusted), sum(v["items"] for v in trusted)
        alarms = sum(v["flagged"] for k, v in cells.items() if k.endswith(":not"))
        negatives = sum(v["items"] for k, v in cells.items() if k.endswith(":not"))
        out["sets"][source]["recall"] = round(hit / n, 3) if n else None
        out["sets"][source]["false_alarms"] = f"{alarms} of {negatives}"
    if misses:
        out["misses"] = listed
    return out


def whole_items(examples: Sequence[Example]) -> dict[str, Any]:
    """The rule on the whole training split (every set, whole texts; in-sample for the heads):
    per set, incident P / R / F1 without and with the short-report pair rule, and the items it
    adds, right (gold incident) or wrong."""
    coder = DefaultCoder()
    off = code(coder, examples, VARIANTS["short_pair_off"])
    on = code(coder, examples, VARIANTS["shipped"])
    by_set: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        by_set[e.source].append(i)
    out: dict[str, Any] = {}
    for source, rows in sorted(by_set.items()):
        fig: dict[str, Any] = {"docs": len(rows)}
        for name, coded in (("short_pair_off", off), ("shipped", on)):
            counts = Counts()
            for i in rows:
                counts.add(bool(examples[i].is_incident), coded[i].is_incident)
            fig[name] = counts.as_dict()
        added = [examples[i] for i in rows if on[i].is_incident and not off[i].is_incident]
        right = sum(bool(e.is_incident) for e in added)
        fig["added_right"], fig["added_wrong"] = right, len(added) - right
        fig["added"] = [
            {"id": e.id, "gold": e.is_incident, "text": f"{e.title} | {e.text}"[:160]}
            for e in added
        ]
        out[source] = fig
    return out


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--misses", action="store_true", help="list the missed snippets")
    ap.add_argument("--whole", action="store_true", help="the rule on whole training items")
    return ap


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.data_dir is None:
        from civicspace.settings import get_settings

        args.data_dir = get_settings().data_dir
    examples = training_examples(args.data_dir)
    if args.whole:
        out: dict[str, Any] = whole_items(examples)
    else:
        pairs = snippet_set(examples)
        out = {name: measure(pairs, rules, args.misses) for name, rules in VARIANTS.items()}
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
