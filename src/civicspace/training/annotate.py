"""The annotator's workbench for hand labels (``hand_labels/*.jsonl``; docs/annotation-guide.md).

It picks items the mappings cannot decide, shows them with numbered sentences, and turns the
annotator's decisions into label lines. It never decides a label: every label line comes from a
decision line the annotator typed after reading the item.

    python -m civicspace.training.annotate pick SET N SEED  # writes a batch of item keys
    python -m civicspace.training.annotate show BATCH       # numbered sentences, no labels
    python -m civicspace.training.annotate record BATCH DECISIONS OUT PASS
    python -m civicspace.training.annotate pick-rare BATCH          # held-out rare-label candidates
    python -m civicspace.training.annotate pick-rare-train BATCH    # training smears, surveillance
    python -m civicspace.training.annotate show-hits BATCH FROM TO  # lede and the cue sentences
    python -m civicspace.training.annotate pick-flagged BATCH  # training-side news the coder flags
    python -m civicspace.training.annotate score FILE LABEL...      # shipped coder vs a hand file
    python -m civicspace.training.annotate pick-long BATCH          # long training reports
    python -m civicspace.training.annotate mapped-vs-hand FILE      # the mapping vs a hand file

A decision line is ``NUM|y/n/u|violations|targets|CC|act sentence|target sentence|note``
(labels comma-separated codebook ids or the short forms in ``SHORT``; sentences by number).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Collection, Iterator
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


# Held-out candidates for the rare labels (``hand_labels/rare_gold.jsonl``): the rule that picks
# what the annotator reads, never a label. ML4P held-out files whose category is about a rare
# label are read whole; elsewhere an item is read when a cue of a rare label occurs in its text.
RARE_ML4P_FILES = (
    "censor_filtered1",
    "legalchangespeech",
    "raid_filtered1",
    "defamationcase_filtered1",
    "threaten_filtered1",
)
RARE_CUES: dict[str, str] = {
    "smear_campaign": r"smear|vilif|stigmati|red-?tag|traitor|foreign agent|enemy of the (?:people|"
    r"state)|branded|discredit|slander|hate campaign|label(?:l)?ed (?:as |them |him |her )?(?:a |"
    r"an )?(?:terrorist|extremist|spy|agent)",
    "surveillance": r"spyware|pegasus|surveil|wiretap|phone[- ]tap|hack(?:ed|ing|ers?)\b|spying|"
    r"spied|intercept",
    "positive": r"\breleased\b|\bfreed\b|acquit|charges (?:were |have been )?dropped|"
    r"dropped (?:the )?charges|pardon|overturn|quash|repeal|struck down|granted bail|"
    r"released on bail|cleared of",
    "lgbtiq": r"\bgay\b|lesbian|lgbt|transgender|\bqueer|homosexual|bisexual|same-sex|intersex",
    "lawyers": r"lawyer|attorney|barrister|bar association|abogad",
    "sexual_gender_based_violence": r"\brape|sexual",
    "censorship": r"censor|blocked|off (?:the )?air|internet shut|shut down (?:the )?(?:newspaper|"
    r"station|channel|website|outlet)|banned (?:the )?(?:newspaper|broadcast|website|book|film)",
    "association_restriction": r"dissolv|deregist|froze|frozen|raided (?:the |their |its )?offices|"
    r"banned (?:the )?(?:party|organi[sz]ation|group|ngo|union)",
}
# Mass Mobilization held-out summaries: only the cues its one-line notes can carry.
RARE_MM_LABELS = ("lgbtiq", "lawyers", "positive")


def rare_cues(text: str, labels: Collection[str] = tuple(RARE_CUES)) -> list[str]:
    """The rare labels whose cue occurs in ``text`` (a reason to read it, not a label)."""
    low = text.lower()
    return [lab for lab in labels if re.search(RARE_CUES[lab], low)]


# ACLED dev notes: the cues of the labels it has almost no gold for.
RARE_ACLED_LABELS = ("smear_campaign", "surveillance", "positive", "lgbtiq")
# General news dev sets (BBC, AG News Reuters/AFP, RSS): a cue of the same labels in a sentence that
# also names a civic target (their hits are otherwise albums "released" and phones "hacked").
CIVIC_WORD = (
    r"journalist|reporter|editor|blogger|activist|dissident|protester|demonstrator|opposition|"
    r"campaigner|lawyer|union|student|rights (?:group|defender|worker)|human rights|gay|lesbian|"
    r"lgbt|newspaper|media"
)


def _news_cues(text: str) -> list[str]:
    hits: set[str] = set()
    for sent in sentences(text):
        if re.search(CIVIC_WORD, sent.lower()):
            hits |= set(rare_cues(sent, RARE_ACLED_LABELS))
    return sorted(hits)


def rare_candidates(data_dir: Path, skip: Collection[str] = ()) -> list[tuple[Example, list[str]]]:
    """Held-out (``split == "dev"``) items to read for the rare labels, with the reason.

    Every HRDsAttack held-out item; ML4P held-out files about a rare label, whole, and rare-label
    cues in the other held-out files; cues in Mass Mobilization and ACLED held-out notes; cues
    beside a civic word in the general news dev sets."""
    from civicspace.training.datasets import load_acled, load_ag_news, load_bbc, load_rss

    out: list[tuple[Example, list[str]]] = []
    for name in ("ml4p", "hrdsattack", "mass_mobilization"):
        for e in _all_items(data_dir, name):
            if e.split != "dev" or e.id in skip:
                continue
            text = item_text(e)
            if name == "ml4p" and e.group.removeprefix("ml4p:") in RARE_ML4P_FILES:
                out.append((e, [f"file {e.group.removeprefix('ml4p:')}"]))
            elif name == "mass_mobilization":
                if hits := rare_cues(text, RARE_MM_LABELS):
                    out.append((e, hits))
            elif hits := rare_cues(text):
                out.append((e, hits))
            elif name == "hrdsattack":
                out.append((e, ["every held-out item"]))
    for e in load_acled(data_dir, "dev"):
        if e.id not in skip and (hits := rare_cues(item_text(e), RARE_ACLED_LABELS)):
            out.append((e, hits))
    for loader in (load_ag_news, load_bbc, load_rss):
        for e in loader(data_dir):
            if e.split == "dev" and e.id not in skip and (hits := _news_cues(item_text(e))):
                out.append((e, hits))
    return out


FLAGGED_MIN_SCORE = 0.3  # what the coder flags (0.5) or nearly flags
FLAGGED_SEED = 2026


def flagged_candidates(data_dir: Path, skip: Collection[str] = ()) -> list[Example]:
    """Training-side (``split == "train"``) English news the coder in use scores at least
    ``FLAGGED_MIN_SCORE`` on the incident decision, in a seeded shuffle: every AG News train
    item (agencies other than Reuters/AFP) and every ML4P train item its mapping leaves out or
    calls negative (news_confounders.jsonl was picked this way, with ``2.5cad29221c``)."""
    from civicspace.classify.coder import get_coder
    from civicspace.classify.schema import InputDoc
    from civicspace.training.datasets import load_ag_news

    ag = [e for e in load_ag_news(data_dir) if e.split == "train" and e.id not in skip]
    ml4p = [
        e
        for e in _all_items(data_dir, "ml4p")
        if e.split == "train" and e.id not in skip and e.is_incident is not True
    ]
    coder, rng = get_coder(), random.Random(FLAGGED_SEED)
    picked: list[Example] = []
    for items in (ag, ml4p):
        docs = [InputDoc(id=e.id, text=e.text, title=e.title, lang="en") for e in items]
        score = {c.id: c.score for c in coder.code(docs)}
        kept = sorted((e for e in items if score[e.id] >= FLAGGED_MIN_SCORE), key=lambda e: e.id)
        rng.shuffle(kept)
        picked += kept
    return picked


# Training-side candidates for smears and surveillance (``hand_labels/smear_surv_train.jsonl``):
# the rule that picks what the annotator reads, never a label. Only ``split == "train"`` items.
RARE_TRAIN_LABELS = ("smear_campaign", "surveillance")
RARE_CUES_ES: dict[str, str] = {
    "smear_campaign": r"estigmatiz|señalamiento|calumni|desprestigi|tildad|guerrillero",
    "surveillance": r"seguimiento|interceptaci|chuzad|vigilancia|espionaje|fotografiad",
}


def rare_train_candidates(
    data_dir: Path, skip: Collection[str] = (), labels: Collection[str] = RARE_TRAIN_LABELS
) -> list[tuple[Example, list[str]]]:
    """Training-split items with a cue of ``labels``: ML4P, HRDsAttack and Colombian train
    articles (Spanish cues too), AG News training-agency items and ACLED training notes (cue
    anywhere: the near misses are wanted too)."""
    from civicspace.training.datasets import load_acled, load_ag_news

    out: list[tuple[Example, list[str]]] = []
    items = [e for name in ("ml4p", "hrdsattack", "colombia") for e in _all_items(data_dir, name)]
    for e in [*items, *load_ag_news(data_dir), *load_acled(data_dir, "train")]:
        if e.split != "train" or e.id in skip:
            continue
        low = item_text(e).lower()
        hits = rare_cues(low, labels) + [
            lab for lab in labels if lab in RARE_CUES_ES and re.search(RARE_CUES_ES[lab], low)
        ]
        if hits:
            out.append((e, sorted(set(hits))))
    return out


# Training-side long reports (``hand_labels/report_labels_train.jsonl``): the rule that picks
# what the annotator reads, never a label. Only ``split == "train"`` items as trained (mapped in).
LONG_MIN_CHARS = 3000
LONG_SEED = 3000
LONG_QUOTA = {"hrdsattack": 25, "ml4p": 15}


def long_report_candidates(data_dir: Path, skip: Collection[str] = ()) -> list[Example]:
    """Training-split HRDsAttack and ML4P items (as the mapping brings them in) whose text is
    longer than ``LONG_MIN_CHARS``, not yet hand-labelled: a seeded sample of ``LONG_QUOTA``."""
    rng, out = random.Random(LONG_SEED), []
    for name, n in LONG_QUOTA.items():
        items = sorted(
            (
                e
                for e in REAL_LOADERS[name](data_dir)
                if e.split == "train" and e.id not in skip and len(item_text(e)) > LONG_MIN_CHARS
            ),
            key=lambda e: e.id,
        )
        rng.shuffle(items)
        out += items[:n]
    return out


def mapped_vs_hand(data_dir: Path, path: Path) -> dict[str, object]:
    """The mapping's gold against one hand-label file's first-pass labels, on the same items.

    ``incident``: counts of (mapped, hand) decisions. Per label, over the items neither side
    leaves uncertain (a label counts only on an item its side calls an incident; a field the
    mapping leaves unknown for an item, ``Example.unknown``, is skipped there): ``both``,
    ``mapped_only`` (the mapping gives it, the annotator did not) and ``hand_only``;
    ``labels_both_incident``: the same on the items both call incidents."""
    from civicspace.training.hand import read_labels

    wanted = {h.key: h for h in read_labels(path) if h.annotator_pass == 1}
    items = [
        e
        for name in sorted({h.set for h in wanted.values()} & set(REAL_LOADERS))
        for e in REAL_LOADERS[name](data_dir)
        if e.id in wanted and wanted[e.id].sha256 == text_hash(item_text(e))
    ]
    name = {True: "yes", False: "no", None: "uncertain"}
    incident: dict[str, int] = {}
    per_label: dict[str, dict[str, int]] = {}
    both_incident: dict[str, dict[str, int]] = {}
    for e in sorted(items, key=lambda e: e.id):
        h = wanted[e.id]
        pair = f"mapped {name[e.is_incident]} / hand {name[h.is_incident]}"
        incident[pair] = incident.get(pair, 0) + 1
        if e.is_incident is None or h.is_incident is None or not e.labels_known:
            continue
        for kind in ("violations", "targets"):
            if kind in e.unknown:  # the mapping does not give this field for the item
                continue
            mapped = set(getattr(e, kind)) if e.is_incident else set()
            hand = set(getattr(h, kind)) if h.is_incident else set()
            tables = [per_label]
            if e.is_incident is True and h.is_incident is True:
                tables.append(both_incident)
            for lab in mapped | hand:
                side = (
                    "mapped_only"
                    if lab not in hand
                    else "hand_only"
                    if lab not in mapped
                    else "both"
                )
                for table in tables:
                    row = table.setdefault(f"{kind}:{lab}", dict.fromkeys(_SIDES, 0))
                    row[side] += 1
    return {
        "items": len(items),
        "incident": dict(sorted(incident.items())),
        "labels": dict(sorted(per_label.items())),
        "labels_both_incident": dict(sorted(both_incident.items())),
    }


_SIDES = ("both", "mapped_only", "hand_only")


def score_hand_file(data_dir: Path, path: Path, labels: Collection[str]) -> dict[str, object]:
    """The shipped coder against one hand-label file's first-pass labels (training-side items:
    what cues are chosen on). Per label of ``labels``: precision, recall, F1, gold, predicted;
    items the annotator left uncertain, or whose text changed, are skipped."""
    from civicspace.classify.backends.default import DefaultCoder
    from civicspace.classify.schema import InputDoc
    from civicspace.training.datasets import load_acled, load_ag_news
    from civicspace.training.hand import read_labels

    wanted = {h.key: h for h in read_labels(path) if h.annotator_pass == 1}
    sets = {h.set for h in wanted.values()}
    items: list[Example] = []
    for name in sorted(sets & set(REAL_LOADERS)):
        items += [e for e in _all_items(data_dir, name) if e.id in wanted]
    if "ag_news" in sets:
        items += [e for e in load_ag_news(data_dir) if e.id in wanted]
    if "acled" in sets:
        items += [e for e in load_acled(data_dir) if e.id in wanted]
    items = [
        e
        for e in items
        if wanted[e.id].is_incident is not None and wanted[e.id].sha256 == text_hash(item_text(e))
    ]
    docs = [InputDoc(id=e.id, text=e.text, title=e.title, lang=e.lang) for e in items]
    codings = {c.id: c for c in DefaultCoder().code(docs, full=False)}
    out: dict[str, object] = {"items": len(items)}
    for label in labels:
        kind, _, lab = label.partition(":")
        tp = fp = fn = 0
        for e in items:
            h, c = wanted[e.id], codings[e.id]
            gold = bool(h.is_incident) and lab in getattr(h, kind)
            pred = c.is_incident and lab in c.ids(kind)
            tp, fp, fn = tp + (gold and pred), fp + (pred and not gold), fn + (gold and not pred)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = {
            "precision": round(prec, 3),
            "recall": round(rec, 3),
            "f1": round(f1, 3),
            "gold": tp + fn,
            "predicted": tp + fp,
        }
    return out


def show_hits(
    batch: list[dict[str, object]], start: int, lede: int = 4, width: int = 240, cued: int = 6
) -> str:
    """Each item's first ``lede`` sentences and the first ``cued`` later ones with a rare-label
    cue (the annotator asks for more of a long article with ``show``)."""
    out = []
    for i, item in enumerate(batch, start):
        sents = [str(s) for s in item["sentences"]]  # type: ignore[attr-defined]
        out.append(f"=== {i} [{item['set']} {item.get('category', '')}] {item.get('why', '')}")
        shown = 0
        for j, s in enumerate(sents):
            if j < lede or (shown < cued and rare_cues(s)):
                shown += j >= lede
                out.append(f" s{j}: {s[:width]}")
        out.append(f" ({len(sents)} sentences)")
    return "\n".join(out)


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


def _batch_item(e: Example, category: str | None = None, **more: str) -> dict[str, object]:
    """One item of a batch the annotator reads: its key, hash and numbered sentences."""
    return {
        "set": e.source,
        "key": e.id,
        "category": e.extra.get("category", "") if category is None else category,
        **more,
        "sha256": text_hash(item_text(e)),
        "sentences": sentences(item_text(e)),
    }


def _write_batch(path: Path, batch: list[dict[str, object]]) -> None:
    path.write_text(json.dumps(batch, ensure_ascii=False), "utf-8")
    print(len(batch), "items")


def main(argv: list[str]) -> None:
    data_dir = Path("/work/shared/data")
    here = Path(__file__).parent / "hand_labels"
    cmd = argv[0]
    if cmd == "pick":
        name, n, seed, path = argv[1], int(argv[2]), int(argv[3]), Path(argv[4])
        items = pick(data_dir, name, n, seed, labelled_keys(here))
        _write_batch(path, [_batch_item(e) for e in items])
    elif cmd in ("pick-rare", "pick-rare-train"):
        pick_rare = rare_candidates if cmd == "pick-rare" else rare_train_candidates
        found = pick_rare(data_dir, labelled_keys(here))
        _write_batch(Path(argv[1]), [_batch_item(e, why=",".join(why)) for e, why in found])
    elif cmd == "pick-flagged":
        flagged = flagged_candidates(data_dir, labelled_keys(here))
        category = {e.id: e.extra.get("category") or e.extra.get("class", "") for e in flagged}
        _write_batch(Path(argv[1]), [_batch_item(e, category[e.id]) for e in flagged])
    elif cmd == "pick-long":
        long_reports = long_report_candidates(data_dir, labelled_keys(here))
        _write_batch(Path(argv[1]), [_batch_item(e) for e in long_reports])
    elif cmd == "mapped-vs-hand":
        print(json.dumps(mapped_vs_hand(data_dir, Path(argv[1])), indent=1))
    elif cmd == "show-hits":
        batch = json.loads(Path(argv[1]).read_text("utf-8"))
        lo, hi = int(argv[2]), int(argv[3])
        print(show_hits(batch[lo:hi], lo))
    elif cmd == "show":
        batch = json.loads(Path(argv[1]).read_text("utf-8"))
        lo, hi = int(argv[2]), int(argv[3])
        print(show(batch[lo:hi], lo, int(argv[4]), int(argv[5])))
    elif cmd == "score":
        print(json.dumps(score_hand_file(data_dir, Path(argv[1]), argv[2:])))
    elif cmd == "record":
        batch = json.loads(Path(argv[1]).read_text("utf-8"))
        rows = record(batch, Path(argv[2]).read_text("utf-8"), int(argv[4]))
        with Path(argv[3]).open("a", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(len(rows), "labels")


if __name__ == "__main__":
    main(sys.argv[1:])
