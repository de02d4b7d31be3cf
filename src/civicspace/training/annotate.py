"""The annotator's workbench for hand labels (``hand_labels/*.jsonl``; docs/annotation-guide.md).

It picks items the mappings cannot decide, shows them with numbered sentences, and turns the
annotator's decisions into label lines. It never decides a label: every label line comes from a
decision line the annotator typed after reading the item.

    python -m civicspace.training.annotate pick SET N SEED  # writes a batch of item keys
    python -m civicspace.training.annotate show BATCH       # numbered sentences, no labels
    python -m civicspace.training.annotate record BATCH DECISIONS OUT PASS

A decision line is ``NUM|y/n/u|violations|targets|CC|act sentence|target sentence|note``
(labels comma-separated codebook ids or the short forms in ``SHORT``; sentences by number).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from civicspace.training.datasets import _read_csv as read_plain_csv
from civicspace.training.example import Example
from civicspace.training.hand import item_text, text_hash
from civicspace.training.real_sets import REAL_LOADERS

SHORT = {
    "ad": "arrest_detention",
    "jh": "judicial_harassment",
    "ef": "excessive_force",
    "k": "killing",
    "pd": "protest_disruption",
    "at": "attack",
    "di": "disappearance",
    "ti": "threats_intimidation",
    "sm": "smear_campaign",
    "su": "surveillance",
    "ce": "censorship",
    "rl": "restrictive_law",
    "ar": "association_restriction",
    "sg": "sexual_gender_based_violence",
    "po": "positive",
    "pr": "protesters",
    "jo": "journalists",
    "hrd": "hrd",
    "whrd": "whrd",
    "lg": "lgbtiq",
    "env": "environmental_defenders",
    "tu": "trade_unionists",
    "st": "students_academics",
    "op": "political_opposition",
    "la": "lawyers",
    "gp": "general_public",
}
_SENT = re.compile(r"(?<=[.!?»\"”])\s+(?=[A-ZÁÉÍÓÚÑ¿«\"“0-9])|\n+")


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and lines), as the annotator sees them numbered."""
    return [s.strip() for s in _SENT.split(text) if s and s.strip()]


def _all_items(data_dir: Path, name: str) -> Iterator[Example]:
    """Every item of a set, those the mapping leaves out included (``keep`` of all)."""
    if name == "acep":
        for row in read_plain_csv(data_dir / "acep_lc720_spanish_protest_news" / "lc_720.csv"):
            yield Example(
                id=f"acep:{row['id']}",
                text=f"{row['bajada']}\n{row['nota']}".strip(),
                title=row["titulo"],
                source="acep",
                group="acep",
                split="dev",
                lang="es",
                extra={"clas_hum": row["clas_hum"]},
            )
        return
    yield from REAL_LOADERS[name](data_dir, keep_all=True)


def _hrds_kinds(data_dir: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in ("train", "dev", "test"):
        rows = json.loads((data_dir / "hrdsattack" / "raw" / "data" / f"{part}.json").read_text())
        for row in rows:
            kinds = row["annotations"][0]["annotation"].get("violation_types") or []
            out[f"hrdsattack:{row['sample']['Input.GLOBALEVENTID']}"] = list(kinds)
    return out


def candidates(data_dir: Path, name: str) -> list[Example]:
    """The items of a set that its mapping cannot decide (what the annotator reads)."""
    items = list(_all_items(data_dir, name))
    if name == "hrdsattack":
        kinds = _hrds_kinds(data_dir)
        return [e for e in items if "other" in kinds[e.id]]
    if name == "mass_mobilization":
        # a dispersal alone, or a response the mapping cannot read
        return [e for e in items if e.is_incident is None]
    if name == "acep":
        return [e for e in items if e.extra["clas_hum"].lower() == "true"]
    return items  # ml4p (noisy categories, sampled evenly), colombia (every narrative)


def pick(data_dir: Path, name: str, n: int, seed: int, skip: set[str]) -> list[Example]:
    items = [e for e in candidates(data_dir, name) if e.id not in skip]
    rng = random.Random(seed)
    if name != "ml4p":
        rng.shuffle(items)
        return items[:n]
    by_cat: dict[str, list[Example]] = {}
    for e in items:
        by_cat.setdefault(e.extra["category"], []).append(e)
    for group in by_cat.values():
        rng.shuffle(group)
    out: list[Example] = []
    while len(out) < n and any(by_cat.values()):
        for cat in sorted(by_cat):
            if by_cat[cat] and len(out) < n:
                out.append(by_cat[cat].pop())
    return out


def labelled_keys(folder: Path) -> set[str]:
    keys: set[str] = set()
    for path in folder.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                keys.add(json.loads(line)["key"])
    return keys


def show(batch: list[dict[str, object]], start: int, max_sents: int, width: int) -> str:
    out = []
    for i, item in enumerate(batch, start):
        sents = item["sentences"]
        assert isinstance(sents, list)
        out.append(f"=== {i} [{item['set']} {item.get('category', '')}]")
        for j, s in enumerate(sents[:max_sents]):
            out.append(f" s{j}: {str(s)[:width]}")
        if len(sents) > max_sents:
            out.append(f" … {len(sents) - max_sents} more sentences")
    return "\n".join(out)


def _labels(field: str) -> list[str]:
    return sorted({SHORT.get(x.strip(), x.strip()) for x in field.split(",") if x.strip()})


def _evidence(sents: list[object], ref: str) -> str:
    """The first 60 characters of sentence ``sN`` (empty when no sentence is named)."""
    if not ref:
        return ""
    if not re.fullmatch(r"s\d+", ref):
        raise ValueError(f"not a sentence number: {ref!r}")
    return str(sents[int(ref[1:])])[:60]


def record(
    batch: list[dict[str, object]], decisions: str, annotator_pass: int
) -> list[dict[str, object]]:
    """Label lines from the annotator's decision lines (see the module docstring)."""
    out: list[dict[str, object]] = []
    for line in decisions.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (8 - len(parts))
        num, inc, viol, tgt, cc, act, target, note = parts[:8]
        item = batch[int(num)]
        sents = item["sentences"]
        assert isinstance(sents, list)

        is_incident = {"y": True, "n": False, "u": "uncertain"}[inc]
        out.append(
            {
                "set": item["set"],
                "key": item["key"],
                "sha256": item["sha256"],
                "is_incident": is_incident,
                "violations": _labels(viol),
                "targets": _labels(tgt),
                "country": cc or None,
                "evidence_act": _evidence(sents, act),
                "evidence_target": _evidence(sents, target),
                "pass": annotator_pass,
                "note": note,
            }
        )
    return out


def main(argv: list[str]) -> None:
    data_dir = Path("/work/shared/data")
    here = Path(__file__).parent / "hand_labels"
    cmd = argv[0]
    if cmd == "pick":
        name, n, seed, path = argv[1], int(argv[2]), int(argv[3]), Path(argv[4])
        items = pick(data_dir, name, n, seed, labelled_keys(here))
        batch = [
            {
                "set": e.source,
                "key": e.id,
                "category": e.extra.get("category", ""),
                "sha256": text_hash(item_text(e)),
                "sentences": sentences(item_text(e)),
            }
            for e in items
        ]
        path.write_text(json.dumps(batch, ensure_ascii=False), "utf-8")
        print(len(batch), "items")
    elif cmd == "show":
        batch = json.loads(Path(argv[1]).read_text("utf-8"))
        lo, hi = int(argv[2]), int(argv[3])
        print(show(batch[lo:hi], lo, int(argv[4]), int(argv[5])))
    elif cmd == "record":
        batch = json.loads(Path(argv[1]).read_text("utf-8"))
        rows = record(batch, Path(argv[2]).read_text("utf-8"), int(argv[4]))
        with Path(argv[3]).open("a", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(len(rows), "labels")


if __name__ == "__main__":
    main(sys.argv[1:])
