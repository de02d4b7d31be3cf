"""Synthetic news for load and crash tests: distinct stories (no two near-duplicates), about half
of them reports of attacks on civic freedoms. Invented by the project; no real people."""

from __future__ import annotations

import json
import random
from pathlib import Path

CITIES = ["Lakeside", "Greenfield", "Port Amber", "Northvale", "Cedar Bay", "Riverton", "Highmoor"]
NAMES = ["A. Moreno", "K. Osei", "L. Petrova", "J. Tanaka", "M. Haddad", "R. Silva", "T. Novak"]
INCIDENT = [
    "Police arrested {n} journalists in {city} on Tuesday after they reported on a protest "
    "against new mining rules. The reporter {name} was detained for twelve hours and her camera "
    "was seized, her editor said.",
    "Security forces used tear gas and batons to disperse a peaceful demonstration by students "
    "in {city}; {n} protesters were beaten and the organiser {name} was charged with unlawful "
    "assembly.",
    "The human rights defender {name} was threatened and then abducted by armed men in {city}, "
    "days after her organisation denounced land evictions, according to {n} witnesses.",
]
OTHER = [
    "The football club of {city} won {n} matches in a row and its coach {name} praised the "
    "young squad before the final of the regional cup.",
    "A new bakery opened in {city}; its owner {name} said {n} kinds of bread would be sold "
    "every morning at the market square.",
]
FILLER = [
    "river",
    "market",
    "bridge",
    "garden",
    "evening",
    "council",
    "budget",
    "harvest",
    "weather",
    "railway",
    "museum",
    "festival",
    "school",
    "library",
    "concert",
    "hospital",
    "orchard",
    "winter",
    "summer",
    "morning",
    "harbour",
    "valley",
    "mountain",
    "village",
    "teacher",
    "farmer",
    "painter",
    "engineer",
    "doctor",
    "nurse",
    "sailor",
    "baker",
    "student",
    "mayor",
]


def story(i: int, rng: random.Random) -> dict[str, object]:
    incident = i % 2 == 0
    template = rng.choice(INCIDENT if incident else OTHER)
    text = template.format(n=rng.randint(2, 40), city=rng.choice(CITIES), name=rng.choice(NAMES))
    filler = " ".join(rng.choice(FILLER) + str(rng.randint(0, 999)) for _ in range(40))
    return {
        "url": f"https://news.example.invalid/{i}",
        "title": text.split(";")[0].split(".")[0][:90],
        "published": f"2026-{1 + i % 12:02d}-{1 + i % 27:02d}T08:00:00Z",
        "lang": "en",
        "text": f"{text} Background notes {i}: {filler}.",
    }


def write_corpus(folder: Path, files: int, per_file: int, seed: int = 7) -> int:
    """``files`` JSON Lines files of ``per_file`` stories each; returns the number of stories."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for f in range(files):
        with (folder / f"news-{f:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for _ in range(per_file):
                fh.write(json.dumps(story(n, rng)) + "\n")
                n += 1
    return n
