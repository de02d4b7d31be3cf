"""The typed request for one letter or poster, with the bounds every interface shares."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from civicspace.countries import parse_code
from civicspace.errors import InvalidInput

LANGUAGES = ("en", "fr", "es", "ar", "ko")
MINISTRIES = ("foreign_affairs", "justice", "interior", "women", "human_rights")
MAX_WORDS = 1000  # characters of the supporter's own words (a GET query: ~9 KB as Hangul)
MAX_NAME = 120
MAX_HEADLINE = 140
HASHTAG = re.compile(r"^#[^\s#]{1,39}$")
DEFAULT_HASHTAG = "#DefendDefenders"


class Kind(StrEnum):
    poster = "poster"
    letter = "letter"


class Paper(StrEnum):
    """Printable page sizes; ``share`` is the square share image (1080 × 1080 px)."""

    a4 = "a4"
    letter = "letter"
    share = "share"


class Recipient(StrEnum):
    general = "general"  # names no government
    head_of_state = "head_of_state"
    ministry = "ministry"
    mission = "mission"  # a diplomatic mission of ``country`` in ``host``


class LetterRequest(BaseModel):
    """What a supporter asked for. ``country`` is the government written to (ISO alpha-2);
    ``host`` and ``mission`` pick a mission abroad (``mission`` is its Wikidata QID)."""

    kind: Kind = Kind.poster
    lang: str = "en"
    paper: Paper = Paper.a4
    recipient: Recipient = Recipient.general
    country: str | None = None
    ministry: str = "foreign_affairs"
    host: str | None = None
    mission: str | None = None
    words: str = Field(default="", max_length=MAX_WORDS)
    name: str = Field(default="", max_length=MAX_NAME)
    headline: str | None = Field(default=None, max_length=MAX_HEADLINE)
    hashtag: str = DEFAULT_HASHTAG
    day: date | None = None  # the letter's date (default: today)

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("country", "host")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        try:
            return parse_code(value)
        except InvalidInput as exc:  # a ValueError, so that it reads as the field's error
            raise ValueError(str(exc)) from None

    @field_validator("paper")
    @classmethod
    def _paper(cls, value: Paper) -> Paper:
        if value is Paper.share:
            raise ValueError("paper must be a4 or letter (the share image is its own format)")
        return value

    @field_validator("ministry")
    @classmethod
    def _ministry(cls, value: str) -> str:
        if value not in MINISTRIES:
            raise ValueError(f"ministry must be one of {', '.join(MINISTRIES)}")
        return value

    @field_validator("mission")
    @classmethod
    def _mission(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        if not re.fullmatch(r"Q\d{1,12}", value.strip()):
            raise ValueError("a mission is named by its Wikidata id (Q123)")
        return value.strip()

    @field_validator("hashtag")
    @classmethod
    def _hashtag(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith("#"):
            value = "#" + value
        if not HASHTAG.match(value):
            raise ValueError("a hashtag is # and up to 39 characters without spaces")
        return value

    @field_validator("words", "name")
    @classmethod
    def _text(cls, value: str) -> str:
        # Control characters (other than line breaks and tabs) have no place on paper.
        return "".join(
            c for c in value.replace("\r\n", "\n") if c in "\n\t" or unicodedata.category(c) != "Cc"
        ).strip()

    @model_validator(mode="after")
    def _needs_country(self) -> LetterRequest:
        if self.recipient is not Recipient.general and not self.country:
            raise ValueError(f"a {self.recipient.value} recipient needs a country")
        if self.recipient is Recipient.mission and not (self.host or self.mission):
            raise ValueError("a mission needs the country it is in (host) or its id")
        return self
