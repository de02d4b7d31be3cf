"""Response models of the JSON API: what OpenAPI describes and responses are checked against."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field


class Source(BaseModel):
    title: str
    url: str
    outlet: str
    published: datetime | None = None


class PublicPerson(BaseModel):
    name: str
    kind: str = "person"
    role: str | None = None


class IncidentSummary(BaseModel):
    id: int
    url: str = Field(description="The incident's public page.")
    title: str
    summary: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2.")
    country_name: str
    place: str | None
    start_date: date | None
    end_date: date | None
    violations: list[str]
    targets: list[str]
    perpetrators: list[str]
    freedoms: list[str]
    gendered: bool
    verification: str
    confidence: float = Field(ge=0, le=1)
    confidence_grade: str
    language: str | None
    published_at: datetime
    updated_at: datetime


class Incident(IncidentSummary):
    sources: list[Source]
    persons: list[PublicPerson] = Field(
        description="Only persons the registry marks public (usually none)."
    )


class IncidentPage(BaseModel):
    items: list[IncidentSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")
    next: str | None = Field(description="URL of the next page, or null on the last one.")
    total: int = Field(
        description="Matching incidents; when `total_exact` is false, more than this many."
    )
    total_exact: bool = Field(description="False when counting stopped at `total`.")


class Rating(BaseModel):
    band: str
    label: str
    score: float | None = None
    as_of: str | None = None


class Country(BaseModel):
    code: str
    numeric: str | None
    name: str
    incidents: int
    count_bucket: int = Field(description="0: none, 1: 1–4, 2: 5–19, 3: 20–99, 4: 100+.")
    rating: Rating | None
    centroid: list[float] | None = Field(description="[longitude, latitude]")


class Ranked(BaseModel):
    id: str
    label: str
    count: int


class Month(BaseModel):
    month: str = Field(description="YYYY-MM")
    count: int


class GenderLens(BaseModel):
    against_whrds: int
    gendered: int
    either: int
    violations: list[Ranked]


class CountryDetail(BaseModel):
    country: str
    name: str
    incidents: int
    rating: Rating | None
    rating_history: list[Rating]
    timeline: list[Month]
    violations: list[Ranked]
    targets: list[Ranked]
    perpetrators: list[Ranked]
    gender: GenderLens
    verification: list[Ranked]
    latest: list[IncidentSummary]


class Headline(BaseModel):
    incidents: int
    published_last_30_days: int
    countries: int
    gendered: int
    against_whrds: int


class Change(BaseModel):
    change: Literal["created", "updated", "withdrawn"]
    id: int
    at: datetime
    incident: IncidentSummary | None = Field(description="Null for a withdrawn incident.")


class ChangePage(BaseModel):
    items: list[Change]
    next_cursor: str | None
    next: str | None


class Home(BaseModel):
    headline: Headline
    countries: list[Country]
    latest: list[IncidentSummary]


class FieldError(BaseModel):
    field: str = Field(description="The parameter or field at fault, e.g. `country`.")
    message: str


class ApiError(BaseModel):
    """Every error of the API: ``{"error": "message"}``; invalid input names its fields."""

    error: str = Field(description="What went wrong, in one line.")
    fields: list[FieldError] | None = None
