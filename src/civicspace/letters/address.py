"""What a letter or poster says: the addressee, the form of address and the fixed wording in
the supporter's language, from ``forms.yaml`` (one block per language; a new language is a data
diff). Country names come from CLDR in that language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from babel.dates import format_date

from civicspace.countries import country_name
from civicspace.letters.contacts import Mission
from civicspace.letters.model import LetterRequest, Recipient


@lru_cache(maxsize=1)
def forms() -> dict[str, dict[str, Any]]:
    text = resources.files("civicspace.letters").joinpath("forms.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


def page_labels(lang: str) -> dict[str, str]:
    """The /letters page's labels in ``lang``."""
    return dict(forms()[lang]["page"])


@dataclass(frozen=True)
class Wording:
    """Everything printed, already in the supporter's language."""

    lang: str
    dir: str
    to: str  # the addressee's first line ("To the Embassy of Kenya")
    address: tuple[str, ...]  # further lines: city, street, country, email
    salutation: str
    headline: str
    opening: str
    words: tuple[str, ...]  # the supporter's paragraphs; empty: write by hand
    my_words: str
    write_here: str
    closing: str
    signature: str
    name: str
    sender_label: str
    hashtag: str
    dated: str


def mission_type(lang: str, kind: str) -> str:
    table: dict[str, str] = forms()[lang]["missions"]
    return table.get(kind) or table["*"]


def compose(request: LetterRequest, mission: Mission | None = None) -> Wording:
    """The wording of ``request``; ``mission`` when it is addressed to one."""
    lang = request.lang
    block = forms()[lang]
    recipient = block["recipients"][request.recipient.value]
    values = {
        "country": country_name(request.country, lang),
        "minister": block["ministers"][request.ministry],
        "sender": "",
        "host": "",
        "mission": "",
    }
    address: list[str] = []
    if request.recipient is Recipient.mission:
        if mission is None:
            raise ValueError("a letter to a mission needs the mission")
        values.update(
            sender=country_name(mission.sender, lang),
            host=country_name(mission.host, lang),
            mission=mission_type(lang, mission.type),
        )
        street = mission.address_in(lang)
        if street:
            address.append(street)
        elif mission.city:
            address.append(mission.city)
        address.append(values["host"])
        address.extend(x for x in (mission.email, mission.website) if x)
    paragraphs = tuple(p.strip() for p in request.words.split("\n\n") if p.strip())
    return Wording(
        lang=lang,
        dir=block["dir"],
        to=recipient["to"].format(**values),
        address=tuple(address),
        salutation=recipient["salutation"],
        headline=request.headline or block["headline"],
        opening=" ".join(block["opening"].split()),
        words=paragraphs,
        my_words=block["my_words"],
        write_here=block["write_here"],
        closing=block["closing"],
        signature=block["signature"],
        name=request.name,
        sender_label=block["from"],
        hashtag=request.hashtag,
        dated=format_date(request.day or date.today(), format="long", locale=lang),
    )


__all__ = ["Wording", "compose", "forms", "mission_type", "page_labels"]
