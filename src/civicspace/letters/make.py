"""One call from a request to a file: find the mission, word the page, render it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from civicspace.errors import InvalidInput, NotFound
from civicspace.letters import contacts, render
from civicspace.letters.address import compose
from civicspace.letters.model import LetterRequest, Recipient
from civicspace.settings import Settings


class Format(StrEnum):
    pdf = "pdf"
    png = "png"


@dataclass(frozen=True)
class Made:
    content: bytes
    media_type: str
    filename: str


def directory(settings: Settings) -> contacts.Directory:
    return contacts.load(contacts.contacts_dir(settings.data_dir, settings.letters_contacts_dir))


def find_mission(request: LetterRequest, settings: Settings) -> contacts.Mission | None:
    """The mission ``request`` is addressed to: the one named, else the first (embassies first)
    of ``country`` in ``host``; ``None`` for other recipients."""
    if request.recipient is not Recipient.mission:
        return None
    found = directory(settings)
    if request.mission:
        mission = found.get(request.mission)
        if mission.sender != request.country:
            raise InvalidInput(f"mission {request.mission} does not represent {request.country}")
        return mission
    assert request.country and request.host  # the model's validator holds this
    missions = found.between(request.country, request.host)
    if not missions:
        raise NotFound(f"no mission of {request.country} in {request.host} in government_contacts")
    return missions[0]


def make(request: LetterRequest, fmt: Format, settings: Settings) -> Made:
    wording = compose(request, find_mission(request, settings))
    dirs = tuple(settings.letters_font_dirs)
    named = request.country if request.recipient is not Recipient.general else None
    stem = f"{request.kind.value}-{named or 'general'}-{request.lang}".lower()
    if fmt is Format.png:
        return Made(render.png(wording, dirs), "image/png", f"{stem}.png")
    content = render.pdf(wording, request.kind, request.paper, dirs)
    return Made(content, "application/pdf", f"{stem}-{request.paper.value}.pdf")


__all__ = ["Format", "Made", "directory", "find_mission", "make"]
