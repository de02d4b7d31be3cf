"""Hand labels (``hand_labels/*.jsonl``, docs/annotation-guide.md) over the mapped sets.

Where the mappings (``mappings.yaml``) cannot decide an item, an annotator read it and coded it.
A hand label overrides the mapping's label for that item: the incident decision, the violations,
the targets and the country. ``uncertain`` makes the item undecided (``is_incident`` None: left out
of training and scoring). A label whose text hash no longer matches the item's text (the data
changed under it) is not applied. Only first-pass labels apply; the second pass (blind re-labels
of a sample) measures agreement (``training/agreement.py``).

    python -m civicspace.training.hand   # what the hand labels changed, as JSON
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from civicspace.training.example import Example

DECIDED = frozenset({"violations", "targets"})
# Label files kept and tested but not applied unless asked (``load_hand_labels(skip=())``):
# news_confounders.jsonl (training-side news the shipped coder flags, read by hand) lowered the
# incident F1 of all held-out splits together in each of the three retrains tried with it
# (docs/coder-journal.md, "General news: hand-coded confounders"), so training goes on without it.
# report_labels_train.jsonl (long training reports read whole, report-gold) is a gold for
# choosing the label rules of long reports, not a training correction.
# news_long_train.jsonl (the English extraction-benchmark pages, news-long) is a check set of
# long general news for choosing precision rules; its keys name no training item.
# acled_obstructed_train.jsonl (ACLED "Peaceful protest" training notes telling the police
# obstructing or stopping the protest, acled-five) settles a gold question; the mapping fix it
# pointed to is made (acled-mapping: ``acled.mapping._obstructed``), and the file checks it.
# acled_obstructed_two.jsonl (acled-mapping) the notes that fix flips which no hand file had
# read, and the near misses read beside them: a check of the mapping, not a training correction.
# acled_arrested_train.jsonl (acled-mapping-two) likewise for its fix: protests and riots whose
# participants were arrested (``acled.mapping._arrested``), with the near misses read beside them.
# acled_mapping_three.jsonl (acled-seven) likewise: every training note its two fixes flip (a riot's
# state response told only as the grievance, ``_riot``; students or teachers attacked with no
# protest or speech told, ``_protected``), read by hand.
# ml4p_snippet_gold.jsonl (ML4P training articles read in the held-out form, title and lede,
# ml4p-gold) is a codebook gold for choosing ML4P recall rules, not a training correction.
# news_role_train.jsonl (news-precision): the ML4P training articles no file had coded that the
# shipped coder flags (general news, read whole for the victim's role), a check set for choosing
# news precision rules like news_long_train.jsonl.
HELD_BACK_FILES = frozenset(
    {
        "news_confounders",
        "report_labels_train",
        "news_long_train",
        "acled_obstructed_train",
        "acled_obstructed_two",
        "acled_arrested_train",
        "acled_mapping_three",
        "ml4p_snippet_gold",
        "news_role_train",
    }
)
# Label files that train the label heads but not the incident heads (``train()``, and the
# out-of-fold ``incident_oof`` that refits them): the incident heads read their items as if the
# file were held back, with the mapping's label or another file's (or not at all, when only the
# file brought the item in). smear_surv_train.jsonl (training items picked for a smear or
# surveillance cue, read for those labels) taught the incident head that reports reading like
# its many negatives are not incidents: out of fold, HRDsAttack recall on the incidents of both
# golds 0.743 -> 0.689 (docs/coder-journal.md, "Why retrains lose report recall (retrain-bisect)").
INCIDENT_HELD_BACK_FILES: frozenset[str] = HELD_BACK_FILES | {"smear_surv_train"}


@dataclass(frozen=True)
class HandLabel:
    key: str  # the example id, e.g. ``hrdsattack:884435056``
    set: str
    sha256: str  # first 16 hex digits of the sha256 of ``item_text``
    is_incident: bool | None  # None: uncertain
    violations: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    country: str | None = None
    annotator_pass: int = 1
    note: str = ""
    file: str = ""  # the stem of the file it was read from (``news_confounders``)


def text_hash(text: str) -> str:
    """The first 16 hex digits of the sha256 of an item's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def item_text(ex: Example) -> str:
    """The text the annotator read and hashed: title, a newline, the body."""
    return f"{ex.title}\n{ex.text}".strip() if ex.title else ex.text


def parse_label(row: dict[str, Any], file: str = "") -> HandLabel | None:
    """One JSON line as a label; None for a line that does not name an item."""
    key = row.get("key") or row.get("id")
    if not key:
        return None
    inc = row.get("is_incident")
    is_incident = inc if isinstance(inc, bool) else None
    return HandLabel(
        key=str(key),
        set=str(row.get("set", str(key).split(":", 1)[0])),
        sha256=str(row.get("sha256", "")),
        is_incident=is_incident,
        violations=tuple(sorted(row.get("violations") or ())),
        targets=tuple(sorted(row.get("targets") or ())),
        country=row.get("country") or None,
        annotator_pass=int(row.get("pass", 1)),
        note=str(row.get("note", "")),
        file=file,
    )


def read_labels(path: Path) -> list[HandLabel]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            label = parse_label(json.loads(line), path.stem)
            if label is not None:
                out.append(label)
    return out


def hand_label_folder() -> Path:
    return Path(str(resources.files("civicspace.training").joinpath("hand_labels")))


def load_hand_labels(
    folder: Path | None = None, annotator_pass: int = 1, skip: Collection[str] = HELD_BACK_FILES
) -> dict[str, HandLabel]:
    """Every label of one pass in ``folder`` (``hand_labels/`` by default), by item key, but
    those of the files named in ``skip`` (by stem)."""
    folder = folder or hand_label_folder()
    labels: dict[str, HandLabel] = {}
    if not folder.is_dir():
        return labels
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem in skip:
            continue
        for label in read_labels(path):
            if label.annotator_pass == annotator_pass:
                labels[label.key] = label
    return labels


def apply_hand_label(ex: Example, label: HandLabel) -> bool:
    """Override the mapped label of ``ex`` with ``label``; False when the text changed."""
    if label.sha256 and text_hash(item_text(ex)) != label.sha256:
        return False
    mapped_targets = ex.targets
    ex.rule = "hand label"
    ex.is_incident = label.is_incident
    if not label.is_incident:
        ex.violations = ex.targets = ex.perpetrators = ex.freedoms = ()
        ex.gendered, ex.country, ex.event_date = False, None, None
        ex.unknown = frozenset()
        return True
    ex.violations, ex.targets = label.violations, label.targets
    ex.country = label.country or ex.extra.get("country_code") or ex.country
    ex.labels_known = True
    unknown = set(ex.unknown) - DECIDED
    if ex.targets != mapped_targets:
        # the mapping's freedoms followed its targets; the hand label does not code freedoms
        ex.freedoms = ()
    if not ex.freedoms:
        unknown.add("freedoms")
    ex.unknown = frozenset(unknown | {"perpetrators", "gendered"})
    return True


def apply_hand_labels(examples: Iterable[Example], labels: dict[str, HandLabel]) -> Counter[str]:
    """Apply the labels to the examples they name; counts of ``applied`` and ``stale``."""
    counts: Counter[str] = Counter()
    for ex in examples:
        label = labels.get(ex.id)
        if label is not None:
            counts["applied" if apply_hand_label(ex, label) else "stale"] += 1
    return counts


def changes(before: dict[str, Example], after: dict[str, Example]) -> dict[str, Any]:
    """What the hand labels changed, set by set: incident decisions and labels."""
    report: dict[str, Any] = {}
    for key, new in after.items():
        if new.rule != "hand label":
            continue
        old = before.get(key)
        s = report.setdefault(
            new.source,
            {
                "hand_labelled": 0,
                "incident_changed": Counter(),
                "violations_changed": 0,
                "targets_changed": 0,
                "violations_now": Counter(),
            },
        )
        s["hand_labelled"] += 1
        was = "left out" if old is None else str(old.is_incident)
        if old is None or old.is_incident != new.is_incident:
            s["incident_changed"][f"{was} -> {new.is_incident}"] += 1
        if new.is_incident:
            old_v = () if old is None or "violations" in old.unknown else old.violations
            old_t = () if old is None or "targets" in old.unknown else old.targets
            s["violations_changed"] += int(tuple(old_v) != new.violations)
            s["targets_changed"] += int(tuple(old_t) != new.targets)
            for v in new.violations:
                s["violations_now"][v] += 1
    return {
        k: {kk: dict(vv) if isinstance(vv, Counter) else vv for kk, vv in v.items()}
        for k, v in sorted(report.items())
    }


def main(data_dir: Path) -> None:
    from civicspace.training.datasets import load_examples

    sets = ("hrdsattack", "mass_mobilization", "ml4p", "colombia", "acep")
    before = {e.id: e for e in load_examples(data_dir, sets, hand_labels=False)}
    after = {e.id: e for e in load_examples(data_dir, sets)}
    print(json.dumps(changes(before, after), indent=1, sort_keys=True))


if __name__ == "__main__":
    import os

    main(Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["CIVICSPACE_DATA_DIR"]))
