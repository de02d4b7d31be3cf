"""How the coder's persons extractor does on real incident reports (HRDsAttack, all splits).

Prints one JSON object: how many named victims the articles have, how many of them the coder
names at all (``victim_recall``), of those how many with the role ``victim``
(``victim_role_accuracy``; the registry recorded detained journalists as alleged perpetrators),
and how many extracted "persons" are really addresses or places (``address_like``).

    python -m bench.persons [--data ../shared/data] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import time
import unicodedata
from pathlib import Path

from civicspace.classify.coder import get_coder
from civicspace.classify.schema import InputDoc

_TAGS = re.compile(r"<[^>]+>")
_STREET = re.compile(
    r"\b(?:street|st\.|road|rd\.|avenue|ave\.|boulevard|lane|calle|avenida|rue|rua|"
    r"district|province|region|village|city|town|county|state)\b|\d",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _articles(data: Path, limit: int | None) -> list[tuple[InputDoc, list[str]]]:
    out = []
    for split in ("train", "dev", "test"):
        for n, item in enumerate(
            json.loads((data / f"hrdsattack/raw/data/{split}.json").read_text())
        ):
            sample = item["sample"]
            text = _TAGS.sub("\n", sample["Input.article_interface"])
            names = [
                v["victim_name"]
                for v in item["annotations"][0]["annotation"].get("victims", [])
                if v.get("victim_name") and v["victim_name"] not in ("None", "null")
            ]
            doc = InputDoc(id=f"{split}-{n}", title=sample["Input.title"], text=text, lang="en")
            out.append((doc, names))
    return out[:limit] if limit else out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    articles = _articles(args.data, args.limit)
    coder = get_coder()
    started = time.perf_counter()
    codings = coder.code([doc for doc, _ in articles])
    seconds = time.perf_counter() - started
    victims = found = as_victim = persons = address_like = 0
    for (_doc, names), coding in zip(articles, codings, strict=True):
        extracted = [(p.name, p.role) for p in coding.persons if p.kind == "person"]
        persons += len(extracted)
        address_like += sum(1 for name, _ in extracted if _STREET.search(name))
        for gold in names:
            victims += 1
            key = set(_fold(gold).split())
            match = [role for name, role in extracted if key & set(_fold(name).split())]
            if match:
                found += 1
                as_victim += "victim" in match
    print(
        json.dumps(
            {
                "articles": len(articles),
                "named_victims": victims,
                "victim_recall": round(found / victims, 3) if victims else None,
                "victim_role_accuracy": round(as_victim / found, 3) if found else None,
                "persons_extracted": persons,
                "address_like": address_like,
                "address_like_share": round(address_like / persons, 3) if persons else None,
                "ms_per_article": round(1000 * seconds / len(articles), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
