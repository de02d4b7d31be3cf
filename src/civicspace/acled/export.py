"""An ACLED-like row for an incident, so tools built for ACLED exports can read ours.

The columns follow ACLED's export layout. What the codebook does not know is left empty
(``admin1``…, ``region``); coordinates are the country's centroid (``geo_precision`` 3).
The event type comes from the most specific violation, in this order:

    killing, attack                  Political violence / Violence against civilians / Attack
    disappearance                    … / Abduction/forced disappearance
    sexual_gender_based_violence     … / Sexual violence
    excessive_force                  Demonstrations / Protests / Excessive force against protesters
    protest_disruption               Demonstrations / Protests / Protest with intervention
    arrest_detention                 Strategic developments / Strategic developments / Arrests
    anything else                    Strategic developments / Strategic developments / Other

``fatalities`` is 1 for a killing (at least one) and 0 otherwise: the codebook does not count.
"""

from __future__ import annotations

from typing import Any

import pycountry

from civicspace.codebook import load_codebook
from civicspace.countries import centroids

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
_VAC = ("Political violence", "Violence against civilians")
_EVENTS = (
    ("killing", (*_VAC, "Attack")),
    ("disappearance", (*_VAC, "Abduction/forced disappearance")),
    ("sexual_gender_based_violence", (*_VAC, "Sexual violence")),
    ("attack", (*_VAC, "Attack")),
    ("excessive_force", ("Demonstrations", "Protests", "Excessive force against protesters")),
    ("protest_disruption", ("Demonstrations", "Protests", "Protest with intervention")),
    ("arrest_detention", ("Strategic developments", "Strategic developments", "Arrests")),
)
_OTHER = ("Strategic developments", "Strategic developments", "Other")
_STATE = {"police", "military", "state_officials", "judiciary", "legislature"}
_MILITIA = {"non_state_armed", "political_party"}


def _inter(perpetrators: list[str]) -> int:
    if _STATE & set(perpetrators):
        return 1
    if _MILITIA & set(perpetrators):
        return 3
    return 0


def acled_row(item: dict[str, Any]) -> list[Any]:
    """The ACLED-like row of one public record (``sources`` optional)."""
    cb = load_codebook()
    labels = {t.id: t.label for kind in ("perpetrators", "targets") for t in getattr(cb, kind)}
    violations = item["violations"]
    event = next((e for v, e in _EVENTS if v in violations), _OTHER)
    code = item["country"] or ""
    country = pycountry.countries.get(alpha_2=code) if code else None
    point = centroids().get(code)
    perps, targets = item["perpetrators"], item["targets"]
    inter1 = _inter(perps)
    inter2 = 6 if "protesters" in targets else 7
    when = item["start_date"] or item["published_at"].date()
    outlets = sorted({s["outlet"] for s in item.get("sources", ()) if s["outlet"]})
    notes = item["title"] + (f". {item['summary']}" if item["summary"] else "")
    tags = ["civicspace", *violations]
    if item["gendered"]:
        tags.append("gendered")
    return [
        f"{country.alpha_3 if country else 'XXX'}CS{item['id']}",
        when.isoformat(),
        when.year,
        1 if item["start_date"] else 3,
        *event,
        "; ".join(labels.get(p, p) for p in perps) or "Unidentified",
        "",
        inter1,
        "; ".join(labels.get(t, t) for t in targets),
        "",
        inter2,
        int(f"{inter1}{inter2}") if inter1 else inter2,
        "Civilian targeting" if event[1] == "Violence against civilians" else "",
        int(country.numeric) if country else "",
        "",
        item["country_name"],
        "",
        "",
        "",
        item["place"] or item["country_name"],
        point[1] if point else "",
        point[0] if point else "",
        3,
        "; ".join(outlets),
        "",
        notes,
        1 if "killing" in violations else 0,
        "; ".join(tags),
        int(item["updated_at"].timestamp()),
    ]
