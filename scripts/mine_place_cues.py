"""Mine place cues from the TRAINING splits: words that only one country's documents use.

country-six (docs/coder-journal.md, "Country, sixth pass (country-six)"). A word (a place, a
neighbourhood, an institution, a party) that the gazetteer does not know and that the training
documents of one country alone write, across every training document with a gold country of the
five sets (ACLED's 22,000 notes, Mass Mobilization, HRDsAttack, ML4P, the Colombian narratives),
is a place cue of that country like country-two's hand-read ``place_names.CUES``
("upazila", "Kibera").
A word is kept when at least ``--min-docs`` documents write it and at least ``--purity`` of them
are of one country. Chosen out of fold: the documents are split in two by id, the words mined on
one half and scored on the other half's gold incidents (the cues' votes added to the gazetteer's,
an approximation of ``Gazetteer.detect`` with them: 2 a mention, 3 times after a place word), and
the settings picked on that score. Run::

    CIVICSPACE_DATA_DIR=../shared/data python scripts/mine_place_cues.py --grid
    CIVICSPACE_DATA_DIR=../shared/data python scripts/mine_place_cues.py --write

``--write`` mines on every training document and writes
``src/civicspace/countries/data/place_cues.json`` (read by ``civicspace.classify.geo``).
Only the train split is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from civicspace.classify.geo import (
    _PLACE_CONTEXT,
    _WEIGHT,
    Gazetteer,
    gazetteer,
    is_lowercased,
    place_cue_path,
)
from civicspace.training.datasets import load_examples

SETS = ("acled", "hrdsattack", "mass_mobilization", "ml4p", "colombia")
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*[^\W\d_]")
CACHE = Path(tempfile.gettempdir()) / "mine_place_cues_docs.pickle"
# Struck on review of the mined list (not chosen on held-out data): words of ordinary English or
# one data set's note-writing style ("continuously", "defusal", "Collector"), bodies and names
# that act in many countries ("UNHCR", "INGO", "Charlie Hebdo", "Assange", "Sikh"), and given
# names or surnames shared across South Asia ("Abul", "Chowdhury", "Rahul"). A mined cue votes
# for one country wherever it is written, so a word whose one-country purity is an accident of
# the training notes does not belong here.
REVIEWED_OUT = frozenset(
    [
        "abul",
        "amit",
        "assange",
        "beep",
        "boni",
        "bose",
        "bula",
        "castes",
        "char",
        "charlie",
        "charlier",
        "chowdhury",
        "collector",
        "collectorate",
        "conservancy",
        "continuously",
        "courty",
        "cruiser",
        "database",
        "defusal",
        "dilwale",
        "electic",
        "fino",
        "garments",
        "gauge",
        "govind",
        "guru",
        "hazara",
        "hebdo",
        "homeopathy",
        "imran",
        "ingo",
        "jains",
        "julian",
        "mlas",
        "persistant",
        "probox",
        "rahul",
        "reddy",
        "regularisations",
        "santo",
        "sensing",
        "sikh",
        "unhcr",
        "unified",
        "wikileaks",
        "yogi",
    ]
)


def load(data_dir: Path) -> list[dict[str, object]]:
    """Every training document with a gold country, as plain fields (cached in /tmp)."""
    if CACHE.exists():
        with CACHE.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]  # noqa: S301 - our own
    docs = []
    for name in SETS:
        for e in load_examples(data_dir, (name,), split="train"):
            if not e.country:
                continue
            docs.append(
                {
                    "id": e.id,
                    "set": name,
                    "country": e.country,
                    "incident": bool(e.is_incident),
                    "title": e.title or "",
                    "text": e.text[:20_000],
                    "lang": e.lang,
                    "source": e.source,
                }
            )
    with CACHE.open("wb") as fh:
        pickle.dump(docs, fh)
    return docs


def words(doc: dict[str, object]) -> set[str]:
    full = f"{doc['title']}\n{str(doc['text'])[:5000]}"
    return {w.lower() for w in WORD.findall(full) if len(w) >= 4}


def fold(doc_id: object) -> int:
    return hashlib.sha256(str(doc_id).encode()).digest()[0] % 2


def capitals(docs: list[dict[str, object]]) -> dict[str, list[int]]:
    """word (lower-cased) → [written capitalised, written, written in capitals] inside a sentence
    of a cased text."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for d in docs:
        full = f"{d['title']}\n{str(d['text'])[:5000]}"
        if is_lowercased(full):
            continue
        for m in WORD.finditer(full):
            before = full[max(0, m.start() - 3) : m.start()].rstrip(" \"'(")
            if not before or before[-1] in ".!?:\n|":
                continue  # a sentence's first word says nothing
            t = tally[m.group(0).lower()]
            t[0] += m.group(0)[0].isupper()
            t[1] += 1
            t[2] += m.group(0).isupper()
    return tally


def mine(
    g: Gazetteer,
    docs: list[dict[str, object]],
    min_docs: int,
    purity: float,
    names_only: float = 0.0,
) -> dict[str, str]:
    """word → the one country whose documents write it (capitalised where the texts write it
    so mostly: a cased cue, see ``Gazetteer.mentions``). ``names_only``: the
    share of its writings inside a sentence of a cased text that must be capitalised (a name,
    not a word of the language: "county", "beheaded" are not cues)."""
    df: dict[str, Counter[str]] = defaultdict(Counter)
    english: Counter[str] = Counter()
    for d in docs:
        for w in words(d):
            df[w][str(d["country"])] += 1
            english[w] += d["lang"] in (None, "", "und", "en")
    caps = capitals(docs)
    size = Counter(str(d["country"]) for d in docs)
    out: dict[str, str] = {}
    for w, by in df.items():
        n = sum(by.values())
        if n < min_docs:
            continue
        country = by.most_common(1)[0][0]
        # the share of its country among the rates at which each country's documents write it:
        # raw counts would make any word of Bangladesh's 7,000 ACLED notes pure ("League")
        rates = {c: k / size[c] for c, k in by.items()}
        if rates[country] / sum(rates.values()) < purity or by[country] / n < purity:
            continue
        if w in REVIEWED_OUT:
            continue
        if not english[w]:
            continue  # only one country's documents are in that language: purity says nothing
        up, seen, acronym = caps.get(w, (0, 0, 0))
        if names_only and seen and up / seen < names_only:
            continue
        if seen and acronym / seen >= 0.5:
            w = w.upper()  # an acronym, matched as written ("TNLA", not "tnla")
        elif seen and up / seen >= 0.5:
            w = w[:1].upper() + w[1:]  # written as a name: a cased cue ("Muse", not "muse")
        if g.mentions(w, caseless=True) or g.mentions(w.title()):
            continue  # the gazetteer already knows it
        out[w] = country
    return out


def cue_votes(text: str, cues: dict[str, str], lowered: bool) -> dict[str, float]:
    low = text.lower()
    by_low = {w.lower(): (w, c) for w, c in cues.items()}
    votes: dict[str, float] = defaultdict(float)
    for m in WORD.finditer(low):
        found = by_low.get(m.group(0))
        if found is None:
            continue
        cue, c = found
        if cue[:1].isupper() and not lowered and not text[m.start()].isupper():
            continue
        before = low[max(0, m.start() - 20) : m.start()].split()
        boost = 3.0 if before and before[-1] in _PLACE_CONTEXT else 1.0
        votes[c] += _WEIGHT["cue"] * boost
    return votes


def decide(votes: dict[str, float]) -> str | None:
    if not votes:
        return None
    best = max(sorted(votes), key=lambda c: votes[c])
    if votes[best] >= 1.0:
        return best
    if votes[best] >= 0.5 and all(v < votes[best] for c, v in votes.items() if c != best):
        return best
    return None


Result = tuple[str | None, dict[str, float]]


def base_results(g: Gazetteer, docs: list[dict[str, object]]) -> dict[str, Result]:
    """The gazetteer's country and votes for each gold incident, without the mined cues."""
    out = {}
    src = {"acep": "AR"}
    for d in docs:
        if not d["incident"]:
            continue
        r = g.detect(str(d["text"]), str(d["title"]), src.get(str(d["source"])), None, d["lang"])  # type: ignore[arg-type]
        out[str(d["id"])] = (r.country, dict(r.votes))
    return out


def score(
    docs: list[dict[str, object]],
    base: dict[str, Result],
    cues: dict[str, str],
) -> Counter[str]:
    """Per set: right before and after, fixed, broken."""
    tally: Counter[str] = Counter()
    for d in docs:
        if not d["incident"]:
            continue
        pred, votes = base[str(d["id"])]
        full = f"{d['title']}\n{d['text']}"
        extra = cue_votes(full, cues, is_lowercased(full))
        if extra:
            pooled = defaultdict(float, votes)
            for c, v in extra.items():
                pooled[c] += v
            new = decide(pooled)
            if pred is not None and new != pred and votes.get(pred, 0) >= 1.0:
                new = new  # the cues outvote the names
        else:
            new = pred
        s = str(d["set"])
        gold = d["country"]
        tally[f"{s}:n"] += 1
        tally[f"{s}:before"] += pred == gold
        tally[f"{s}:after"] += new == gold
        tally[f"{s}:fixed"] += pred != gold and new == gold
        tally[f"{s}:broken"] += pred == gold and new != gold
    return tally


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--min-docs", type=int, default=6)
    ap.add_argument("--purity", type=float, default=0.95)
    ap.add_argument("--names-only", type=float, default=0.5)
    args = ap.parse_args()
    data_dir = Path(os.environ.get("CIVICSPACE_DATA_DIR", "../shared/data"))
    # the gazetteer without the mined cues: a word it knows (a mined cue included) is no cue
    place_cue_path().unlink(missing_ok=True)
    g = gazetteer()
    docs = load(data_dir)
    if args.grid:
        base = base_results(g, docs)
        halves = [[d for d in docs if fold(d["id"]) == k] for k in (0, 1)]
        for min_docs in (3, 5, 8, 12, 20):
            for purity in (0.9, 0.95, 0.98, 1.0):
                total: Counter[str] = Counter()
                n_cues = 0
                for k in (0, 1):
                    cues = mine(g, halves[k], min_docs, purity)
                    n_cues += len(cues)
                    total += score(halves[1 - k], base, cues)
                row = {"min_docs": min_docs, "purity": purity, "cues": n_cues // 2}
                for key in ("before", "after", "fixed", "broken"):
                    row[key] = sum(v for k2, v in total.items() if k2.endswith(":" + key))
                row["per_set"] = {s: (total[f"{s}:fixed"], total[f"{s}:broken"]) for s in SETS}
                print(json.dumps(row), flush=True)
    if args.write:
        cues = mine(g, docs, args.min_docs, args.purity, args.names_only)
        by_country: dict[str, list[str]] = defaultdict(list)
        for w, c in sorted(cues.items()):
            by_country[c].append(w)
        payload = {
            "about": (
                "country-six: words only one country's training documents write (min_docs "
                f"{args.min_docs}, purity {args.purity}, names_only {args.names_only}, less "
                "REVIEWED_OUT); "
                "scripts/mine_place_cues.py"
            ),
            "cues": dict(sorted(by_country.items())),
        }
        place_cue_path().write_text(
            json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(len(cues), "cues written to", place_cue_path())


if __name__ == "__main__":
    main()
