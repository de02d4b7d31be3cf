"""Incident clustering: quality on a gold set of real reports, and build time as volume grows.

    python -m bench.cluster [--data ../shared/data] [--sizes 1000,10000,100000] [--gold-only]

Prints JSON:

* ``gold``: the entries of ``bench/data/incidents_gold.json`` (real feed entries from
  ``rss_feeds_real``, labelled by event by hand; see docs/incidents.md) are stored as documents
  in a fresh SQLite file with one coding each (``is_incident``, the country the coder's
  gazetteer finds in title and summary with the outlet's country as a hint, the publication day
  as event day) and clustered by ``civicspace incidents build`` itself (``build_incidents``).
  Pairwise precision, recall and F1 over all pairs of entries: a pair is a true positive when
  both the gold and the build put the two entries in one event.
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


def pairwise(gold: list[str], predicted: list[Any]) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 of a clustering against gold labels."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(range(len(gold)), 2):
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


def scale_eval(n_docs: int) -> dict[str, Any]:
    rows, events = synthetic(n_docs)
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
                            "fetched": datetime.now(UTC),
                            "updated": datetime.now(UTC),
                        }
                        for j, r in enumerate(chunk)
                    ],
                )
                conn.execute(
                    insert(Coding),
                    [
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
                    ],
                )
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
    args = parser.parse_args()
    out: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "params": BuildParams().__dict__,
        "gold": gold_eval(data_dir(args.data)),
    }
    if not args.gold_only:
        out["scale"] = [scale_eval(int(n)) for n in args.sizes.split(",") if n]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
