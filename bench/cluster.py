"""Incident clustering: quality on two gold sets of real reports, and build time as volume grows.

    python -m bench.cluster [--data ../shared/data] [--sizes 1000,10000,100000] [--gold-only]
        [--skip-multilingual] [--mixed-languages]

Prints JSON:

* ``gold``: the entries of ``bench/data/incidents_gold.json`` (real feed entries from
  ``rss_feeds_real``, labelled by event by hand; see docs/incidents.md) are stored as documents
  in a fresh SQLite file with one coding each (``is_incident``, the country the coder's
  gazetteer finds in title and summary with the outlet's country as a hint, the publication day
  as event day) and clustered by ``civicspace incidents build`` itself (``build_incidents``).
  Pairwise precision, recall and F1 over all pairs of entries: a pair is a true positive when
  both the gold and the build put the two entries in one event.
* ``gold_multilingual``: the entries of ``bench/data/incidents_gold_multilingual.json`` (real
  reports from HRDsAttack, English, and ACEP's La Capital, Spanish, labelled by event by hand;
  see docs/incidents.md, "The multilingual gold set"), coded by the default coder and clustered
  by ``build_incidents``, one fresh SQLite file per part: pairwise P/R/F1 for ``tune`` (where
  parameters are chosen) and ``heldout`` (what is reported), each also per language (``en``,
  ``es``) and over the pairs whose two reports differ in language (``cross_language``).
  ``--skip-multilingual`` leaves it out.
* ``scale_mixed_languages`` (with ``--mixed-languages``): the same builds with the reports
  alternating English and Spanish, so that the multilingual sentence comparison runs.
* ``scale``: for each size, that many synthetic coded documents (events of 1–6 reports over 80
  countries and a year, reports sharing the event's names, place and some wording, the rest
  random words) in a fresh SQLite file; the time of one ``build_incidents`` over all of them,
  its comparisons, and its pairwise P/R on the synthetic events. Insertion is not timed.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import platform
import random
import re
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from bench.common import ROOT
from civicspace.incidents.build import DEFAULT_CODER, BuildParams, build_incidents
from civicspace.store import make_engine, upgrade
from civicspace.store.coding import Coding
from civicspace.store.incidents import IncidentDocument
from civicspace.store.models import Document

GOLD = ROOT / "bench" / "data" / "incidents_gold.json"
FEEDS = "rss_feeds_real"
# the outlet's home country: a hint for the gazetteer, as a Source's country is for the coder
OUTLET_COUNTRY = {
    "bbc.xml": "GB",
    "theguardian.xml": "GB",
    "bbc_world_2019-02-24.xml": "GB",
    "cnn.xml": "US",
    "nytimes.xml": "US",
    "nytimes-science.xml": "US",
    "eldiario.xml": "ES",
    "libertaddigital.xml": "ES",
}
_TAGS = re.compile(r"<[^>]+>")


def data_dir(given: str | Path | None = None) -> Path:
    import os

    path = Path(given or os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data")
    if not (path / FEEDS).is_dir():
        raise SystemExit(
            f"third-party data not found at {path} (use --data or CIVICSPACE_DATA_DIR)"
        )
    return path


def pairwise(
    gold: list[str], predicted: list[Any], across: list[str] | None = None
) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 of a clustering against gold labels; with ``across``
    (a group per entry, its language say), only the pairs whose two entries differ in it."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(range(len(gold)), 2):
        if across is not None and across[a] == across[b]:
            continue
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "true_pairs": tp + fn,
        "predicted_pairs": tp + fp,
        "correct_pairs": tp,
    }


def _fresh_engine(folder: Path) -> Engine:
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    return engine


def _coding_row(
    doc_id: int,
    country: str | None,
    day: date,
    score: float = 0.8,
    persons: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "coder": DEFAULT_CODER,
        "coder_version": "bench",
        "is_incident": True,
        "score": score,
        "labels": {},
        "country": country,
        "place": None,
        "gendered": False,
        "event_date": day,
        "persons": persons or [],
        "evidence": {},
        "language": None,
        "created_at": datetime.now(UTC),
    }


def _memberships(engine: Engine) -> dict[int, int]:
    with Session(engine) as s:
        return dict(
            s.execute(select(IncidentDocument.document_id, IncidentDocument.incident_id)).all()
        )


def gold_entries(data: Path) -> list[dict[str, Any]]:
    """The gold entries with their texts read from the feeds (title, summary, published)."""
    from civicspace.sources.feeds import parse_feed

    entries = json.loads(GOLD.read_text("utf-8"))["entries"]
    feeds: dict[str, dict[str, Any]] = {}
    out = []
    for e in entries:
        if e["feed"] not in feeds:
            parsed = parse_feed((data / FEEDS / e["feed"]).read_bytes())
            feeds[e["feed"]] = {x.link: x for x in parsed.entries}
        item = feeds[e["feed"]][e["link"]]
        title = (item.title or "").removeprefix("MOCKS - ").removeprefix("MOCKS ")
        text = " ".join(_TAGS.sub(" ", item.content or item.summary or "").split())
        out.append({**e, "title": title, "text": text, "published": item.published})
    return out


MULTI = ROOT / "bench" / "data" / "incidents_gold_multilingual.json"
HRDS = "hrdsattack"
ACEP = "acep_lc720_spanish_protest_news"
MASSMOB = "mass_mobilization"


def multilingual_entries(data: Path) -> list[dict[str, Any]]:
    """The multilingual gold entries with their texts read from the sets (see docs/incidents.md,
    "The multilingual gold set"): HRDsAttack articles (English), ACEP's La Capital (Mar del
    Plata) articles (Spanish) and Mass Mobilization event notes (English)."""
    import csv

    csv.field_size_limit(1 << 30)
    entries = json.loads(MULTI.read_text("utf-8"))["entries"]
    hrds: dict[str, dict[str, Any]] = {}
    for split in ("train", "dev", "test"):
        raw = json.loads((data / HRDS / "raw" / "data" / f"{split}.json").read_text("utf-8"))
        for i, item in enumerate(raw):
            hrds[f"{split}:{i}"] = item["sample"]
    with (data / ACEP / "lc_720.csv").open(newline="", encoding="utf-8") as fh:
        acep = {str(int(float(r["id"]))): r for r in csv.DictReader(fh)}
    wanted = {e["id"] for e in entries if e["set"] == MASSMOB}
    massmob: dict[str, dict[str, str]] = {}
    if wanted:
        with (data / MASSMOB / "mm_1990_2016.csv").open(newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                key = str(int(float(r["id"])))
                if key in wanted:
                    massmob.setdefault(key, r)
    out = []
    for e in entries:
        if e["set"] == "hrdsattack":
            sample = hrds[e["id"]]
            assert sample["Input.GLOBALEVENTID"] == e["globaleventid"], e["id"]
            html = sample["Input.article_interface"].replace("</p>", "</p>\n")
            text = "\n".join(" ".join(line.split()) for line in _TAGS.sub(" ", html).splitlines())
            published = datetime.fromisoformat(sample["Input.publish_date"]).replace(tzinfo=UTC)
            item = {"title": sample["Input.title"], "text": text.strip(), "hint": None}
        elif e["set"] == MASSMOB:
            # a coder's lower-cased summary of the event's news, no title and no publication
            # date: the event's start day stands for it
            mm = massmob[e["id"]]
            y, m, d = (int(float(mm[k])) for k in ("startyear", "startmonth", "startday"))
            published = datetime(y, m, d, tzinfo=UTC)
            item = {"title": "", "text": mm["notes"].strip(), "hint": None}
        else:
            row = acep[e["id"]]
            body = "\n".join(x for x in (row["bajada"], row["nota"]) if x)
            published = datetime.fromisoformat(row["fecha"]).replace(tzinfo=UTC)
            item = {"title": row["titulo"], "text": body, "hint": "AR"}
        out.append({**e, **item, "published": published, "link": f"gold:{e['set']}:{e['id']}"})
    return out


def _code_entries(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the default coder finds in each entry (country, place, persons, event day, labels),
    every entry kept as an incident: clustering, not detection, is measured here."""
    from civicspace.classify.backends.default import DefaultCoder
    from civicspace.classify.geo import gazetteer
    from civicspace.classify.schema import InputDoc

    coder = DefaultCoder()
    docs = [
        InputDoc(
            id=e["link"],
            title=e["title"],
            text=e["text"],
            lang=e["lang"],
            published=e["published"].date(),
            source_country=e["hint"],
        )
        for e in entries
    ]
    coded = {c.id: c for c in coder.code(docs)}
    geo = gazetteer()
    out = []
    for e in entries:
        c = coded[e["link"]]
        # the coder reads country and persons only for what it keeps as an incident; for the
        # rest, the gazetteer gives the country as in the first gold set
        country = c.country or geo.detect(e["text"], e["title"], e["hint"]).country
        labels = {k: [{"id": i, "p": 1.0} for i in c.ids(k)] for k in ("violations", "targets")}
        out.append(
            {
                "country": country,
                "place": c.place,
                "day": c.event_date or e["published"].date(),
                "persons": [
                    {"name": p.name, "role": p.role, "kind": p.kind} for p in c.persons or ()
                ],
                "labels": labels,
                "language": c.language,
            }
        )
    return out


def _cluster_coded(
    entries: list[dict[str, Any]], coded: list[dict[str, Any]], params: BuildParams | None
) -> list[int]:
    """Store the entries with their codings in a fresh SQLite file, build, and return each
    entry's incident."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = _fresh_engine(Path(tmp))
        with Session(engine) as s:
            ids = []
            for e, c in zip(entries, coded, strict=True):
                doc = Document(
                    input_key=hashlib.sha256(e["link"].encode()).hexdigest(),
                    url=e["link"],
                    origin="feed",
                    outcome="stored",
                    title=e["title"],
                    text=e["text"],
                    language=e["lang"],
                    published=e["published"],
                )
                s.add(doc)
                s.flush()
                ids.append(doc.id)
                row = _coding_row(doc.id, c["country"], c["day"], persons=c["persons"])
                row.update(place=c["place"], labels=c["labels"], language=c["language"])
                s.execute(insert(Coding), [row])
            s.commit()
        build_incidents(engine, params)
        member = _memberships(engine)
        engine.dispose()
    return [member[i] for i in ids]


def multilingual_eval(data: Path, params: BuildParams | None = None) -> dict[str, Any]:
    """Pairwise P/R/F1 on the multilingual gold set, per part (tune, heldout) and per set and
    language within each part; each part is built in its own store."""
    entries = multilingual_entries(data)
    coded = _code_entries(entries)
    out: dict[str, Any] = {}
    for part in ("tune", "heldout"):
        rows = [i for i, e in enumerate(entries) if e["part"] == part]
        member = _cluster_coded([entries[i] for i in rows], [coded[i] for i in rows], params)
        labels = [entries[i]["event"] for i in rows]
        result: dict[str, Any] = pairwise(labels, member)
        result.update(entries=len(rows), events=len(set(labels)), incidents=len(set(member)))
        langs = [entries[i]["lang"] for i in rows]
        for lang in sorted(set(langs)):
            sub = [k for k, i in enumerate(rows) if entries[i]["lang"] == lang]
            result[lang] = pairwise([labels[k] for k in sub], [member[k] for k in sub])
        # pairs whose reports differ in language (one event reported in English and Spanish)
        result["cross_language"] = pairwise(labels, member, across=langs)
        out[part] = result
    return out


def gold_eval(data: Path, params: BuildParams | None = None) -> dict[str, Any]:
    """Cluster the gold entries with the real build; pairwise P/R/F1 against the labels."""
    from civicspace.classify.geo import gazetteer

    entries = gold_entries(data)
    geo = gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        engine = _fresh_engine(Path(tmp))
        with Session(engine) as s:
            ids = []
            for e in entries:
                doc = Document(
                    input_key=hashlib.sha256(e["link"].encode()).hexdigest(),
                    url=e["link"],
                    origin="feed",
                    outcome="stored",
                    title=e["title"],
                    text=e["text"],
                    published=e["published"],
                )
                s.add(doc)
                s.flush()
                ids.append(doc.id)
                country = geo.detect(e["text"], e["title"], OUTLET_COUNTRY.get(e["feed"])).country
                s.execute(insert(Coding), [_coding_row(doc.id, country, e["published"].date())])
            s.commit()
        report = build_incidents(engine, params)
        member = _memberships(engine)
        engine.dispose()
    labels = [e["event"] for e in entries]
    result = pairwise(labels, [member[i] for i in ids])
    result.update(
        entries=len(entries),
        events=len(set(labels)),
        incidents=len(set(member.values())),
        seconds=report.seconds,
    )
    return result


# --- synthetic volume -----------------------------------------------------------------------

_SYL = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ne",
    "to",
    "sa",
    "vi",
    "du",
    "ge",
    "bo",
    "ri",
    "an",
    "el",
    "us",
    "or",
    "ta",
    "mo",
    "li",
    "za",
    "pe",
    "qu",
    "ni",
    "ha",
]
_VERBS = [
    "arrested",
    "detained",
    "charged",
    "beaten",
    "threatened",
    "sentenced",
    "abducted",
    "attacked",
    "banned",
    "dispersed",
    "raided",
    "censored",
    "summoned",
    "fined",
    "jailed",
]
_WHO = [
    "journalist",
    "activist",
    "lawyer",
    "union leader",
    "student",
    "protesters",
    "blogger",
    "opposition candidate",
    "human rights defender",
    "reporter",
    "editor",
    "organisers",
]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(n))


def synthetic(n_docs: int, seed: int = 7) -> tuple[list[dict[str, Any]], list[int]]:
    """``n_docs`` reports of synthetic events: rows to insert, and each row's event."""
    rng = random.Random(seed)
    vocab = [_word(rng, rng.randint(2, 4)) for _ in range(5000)]
    countries = [f"{a}{b}" for a, b in itertools.product("ABCDEFGHIJ", "ABCDEFGH")]
    start = date(2024, 1, 1)
    rows: list[dict[str, Any]] = []
    events: list[int] = []
    event = 0
    while len(rows) < n_docs:
        event += 1
        country = rng.choice(countries)
        day = start + timedelta(days=rng.randrange(365))
        person = f"{_word(rng, 2).title()} {_word(rng, 3).title()}"
        city = _word(rng, 3).title()
        verb, who = rng.choice(_VERBS), rng.choice(_WHO)
        topic = rng.sample(vocab, 6)
        for _ in range(min(1 + int(rng.expovariate(0.8)), 6, n_docs - len(rows))):
            filler = rng.sample(vocab, 25)
            core = rng.sample(topic, 4)
            title = f"{who.title()} {person} {verb} in {city} {' '.join(rng.sample(filler, 3))}"
            lead = " ".join(rng.sample([*core, person, city, verb, who, *filler[3:]], 30))
            rows.append(
                {
                    "title": title,
                    "text": lead,
                    "country": country,
                    "day": day + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2))),
                    "url": f"https://outlet{rng.randrange(300)}.example/{len(rows)}",
                    "person": person,
                }
            )
            events.append(event)
    return rows, events


def scale_eval(n_docs: int, languages: tuple[str, ...] = ()) -> dict[str, Any]:
    """Build time over ``n_docs`` synthetic reports; with ``languages``, the reports take them in
    turn (``en``, ``es``, ``en`` …), so that reports of one country in different languages meet
    and are compared by their multilingual sentence vectors."""
    rows, events = synthetic(n_docs)

    def lang(k: int) -> str | None:
        return languages[k % len(languages)] if languages else None

    with tempfile.TemporaryDirectory() as tmp:
        engine = _fresh_engine(Path(tmp))
        with engine.begin() as conn:
            for i in range(0, len(rows), 5000):
                chunk = rows[i : i + 5000]
                conn.execute(
                    insert(Document),
                    [
                        {
                            "id": i + j + 1,
                            "input_key": hashlib.sha256(r["url"].encode()).hexdigest(),
                            "url": r["url"],
                            "origin": "feed",
                            "outcome": "stored",
                            "title": r["title"],
                            "text": r["text"],
                            "published": datetime(
                                r["day"].year, r["day"].month, r["day"].day, tzinfo=UTC
                            ),
                            "language": lang(i + j),
                            "fetched": datetime.now(UTC),
                            "updated": datetime.now(UTC),
                        }
                        for j, r in enumerate(chunk)
                    ],
                )
                codings = [
                    _coding_row(
                        i + j + 1,
                        r["country"],
                        r["day"],
                        0.6,
                        [{"name": r["person"], "role": "victim", "kind": "person"}]
                        if (i + j) % 3 == 0
                        else [],
                    )
                    for j, r in enumerate(chunk)
                ]
                for j, c in enumerate(codings):
                    c["language"] = lang(i + j)
                conn.execute(insert(Coding), codings)
        started = time.perf_counter()
        report = build_incidents(engine)
        seconds = time.perf_counter() - started
        member = _memberships(engine)
        engine.dispose()
    quality = pairwise_fast(events, [member[i + 1] for i in range(len(rows))])
    return {
        "documents": n_docs,
        "events": len(set(events)),
        "seconds": round(seconds, 2),
        "docs_per_second": round(n_docs / seconds, 1),
        "incidents": report.opened,
        "comparisons": report.comparisons,
        "revisions": report.revisions,
        "persons_linked": report.persons_linked,
        **quality,
    }


def pairwise_fast(gold: list[int], predicted: list[int]) -> dict[str, float]:
    """Pairwise P/R from contingency counts (no loop over all pairs)."""
    from collections import Counter

    def pairs(counter: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = pairs(Counter(zip(gold, predicted, strict=True)))
    g, p = pairs(Counter(gold)), pairs(Counter(predicted))
    precision = both / p if p else 1.0
    recall = both / g if g else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--gold-only", action="store_true")
    parser.add_argument(
        "--skip-multilingual", action="store_true", help="leave out the multilingual gold set"
    )
    parser.add_argument(
        "--mixed-languages",
        action="store_true",
        help="also time builds whose reports alternate English and Spanish (scale_mixed_languages)",
    )
    args = parser.parse_args()
    out: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "params": BuildParams().__dict__,
        "gold": gold_eval(data_dir(args.data)),
    }
    if not args.skip_multilingual:
        out["gold_multilingual"] = multilingual_eval(data_dir(args.data))
    if not args.gold_only:
        sizes = [int(n) for n in args.sizes.split(",") if n]
        out["scale"] = [scale_eval(n) for n in sizes]
        if args.mixed_languages:
            out["scale_mixed_languages"] = [scale_eval(n, ("en", "es")) for n in sizes]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
