"""``civicspace incidents import FILE --format acled``: an ACLED export brought in as incidents.

Each record is mapped onto the codebook with the documented mapping the coder is trained on
(``civicspace.acled.mapping.map_event``; docs/coder.md has its rule table). Every record
ends in exactly one outcome:

``incident``          mapped to an incident: a new row of ``incidents`` with ``provenance='acled'``,
                      the ACLED id, event type, actors, source and mapping rule in ``extra.acled``
``not-incident``      ACLED event that is not an attack on civic space (a peaceful protest, war
                      fighting …); kept in ``acled_events``, where it counts as coverage
``undecided``         the rules cannot decide (left out of the scores, counted as coverage)
``duplicate``         an ACLED id already imported (from this file or an earlier run): skipped
``bad-row``           no id, no parsable date or an unknown country: not recorded, so a corrected
                      file imports it later

Imported incidents get the state and verification of ``CIVICSPACE_ACLED_IMPORT_STATE`` (default
``accepted``: ACLED's own researchers coded the event, and an editor publishes it through the
privacy gate; an import never publishes by default) and ``CIVICSPACE_ACLED_IMPORT_VERIFICATION``
(default ``reported``: one coded source, not checked by this organisation). Told to publish, the
import publishes only what the privacy gate lets through (``held-by-privacy-gate`` counts the rest,
left ``accepted``). The import is
idempotent on the ACLED event id (``event_id_cnty``). ACLED's terms require attribution and
forbid republishing the raw data: the notes are kept private, in ``extra.acled.notes``, for
reviewers; the public summary is what an editor writes.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.acled.mapping import map_event
from civicspace.countries import to_alpha2
from civicspace.errors import InvalidInput
from civicspace.incidents.factory import new_incident, publish_if_clear
from civicspace.store.base import utcnow
from civicspace.store.incidents import STATES, VERIFICATION
from civicspace.store.ratings import AcledEvent

DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%B-%Y", "%d-%m-%y", "%d %B %Y", "%d/%m/%Y", "%d-%b-%Y")
BATCH = 500
CONFIDENCE = 0.6  # one coded source, coded by ACLED's researchers: medium
ACTOR = "import:acled"


@dataclass
class AcledImportReport:
    path: str
    outcomes: Counter[str] = field(default_factory=Counter)
    bad_rows: list[str] = field(default_factory=list)
    incident_ids: list[int] = field(default_factory=list)


def parse_date(value: str) -> date | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _title(row: dict[str, str], violations: set[str]) -> str:
    kind = (row.get("sub_event_type") or row.get("event_type") or "event").strip()
    place = ", ".join(
        p for p in (row.get("location", "").strip(), row.get("country", "").strip()) if p
    )
    what = ", ".join(sorted(violations)).replace("_", " ")
    return f"{kind} in {place} ({what}) [ACLED]" if place else f"{kind} ({what}) [ACLED]"


def _fatalities(row: dict[str, str]) -> int:
    try:
        return max(0, int(float(row.get("fatalities") or 0)))
    except ValueError:
        return 0


def import_acled(
    path: Path,
    session: Session,
    *,
    state: str = "accepted",
    verification: str = "reported",
) -> AcledImportReport:
    """Import the ACLED CSV export at ``path``; the caller commits."""
    if state not in STATES:
        raise InvalidInput(f"incident state must be one of {STATES}, not {state!r}")
    if verification not in VERIFICATION:
        raise InvalidInput(f"verification must be one of {VERIFICATION}, not {verification!r}")
    report = AcledImportReport(str(path))
    known = set(session.scalars(select(AcledEvent.event_id)))
    now = utcnow()
    try:
        fh = path.open(newline="", encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from exc
    with fh:
        reader = csv.DictReader(fh)
        header = {(h or "").strip().lower() for h in reader.fieldnames or []}
        if not {"event_type", "country", "event_date"} <= header:
            raise InvalidInput(
                f"{path}: not an ACLED export (needs event_type, country, event_date)"
            )
        pending = 0
        for line, raw in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "") for k, v in raw.items() if k}
            event_id = (row.get("event_id_cnty") or row.get("data_id") or "").strip()
            country = to_alpha2(row.get("country", "")) or to_alpha2(row.get("iso3", ""))
            day = parse_date(row.get("event_date", ""))
            problem = (
                "no event id"
                if not event_id
                else "unknown country"
                if country is None
                else "unparsable event_date"
                if day is None
                else None
            )
            if problem:
                report.outcomes["bad-row"] += 1
                report.bad_rows.append(f"line {line}: {problem}")
                continue
            if event_id in known:
                report.outcomes["duplicate"] += 1
                continue
            known.add(event_id)
            mapped = map_event(row)
            outcome = {True: "incident", False: "not-incident", None: "undecided"}[
                mapped.is_incident
            ]
            record = AcledEvent(
                event_id=event_id,
                country=country,
                event_date=day,
                outcome=outcome,
                rule=mapped.rule,
                source_file=path.name,
            )
            if mapped.is_incident:
                extra: dict[str, Any] = {
                    "acled": {
                        "event_id": event_id,
                        "event_type": row.get("event_type"),
                        "sub_event_type": row.get("sub_event_type") or None,
                        "actor1": row.get("actor1") or None,
                        "actor2": row.get("actor2") or None,
                        "source": row.get("source") or None,
                        "source_scale": row.get("source_scale") or None,
                        "rule": mapped.rule,
                        "file": path.name,
                        "notes": row.get("notes") or None,
                    },
                    "fatalities": _fatalities(row),
                }
                incident = new_incident(
                    session,
                    {
                        "title": _title(row, mapped.violations),
                        "summary": None,  # ACLED's notes stay private (extra.acled.notes)
                        "country": country,
                        "place": (row.get("location") or row.get("admin1") or "").strip() or None,
                        "start_date": day,
                        "end_date": day,
                        "violations": sorted(mapped.violations),
                        "targets": sorted(mapped.targets),
                        "perpetrators": sorted(mapped.perpetrators),
                        "freedoms": sorted(mapped.freedoms),
                        "gendered": mapped.gendered,
                        "verification": verification,
                        "confidence": CONFIDENCE,
                        "locked": False,
                        "language": "en",
                        "extra": extra,
                    },
                    provenance="acled",
                    actor=ACTOR,
                    action="imported",
                    reason=f"ACLED {event_id} from {path.name} (rule: {mapped.rule})",
                    state="accepted" if state == "published" else state,
                    at=now,
                )
                if state == "published" and not publish_if_clear(
                    session, incident, actor=ACTOR, reason=f"ACLED {event_id}: imported to publish"
                ):
                    report.outcomes["held-by-privacy-gate"] += 1
                record.incident_id = incident.id
                report.incident_ids.append(incident.id)
            session.add(record)
            report.outcomes[outcome] += 1
            pending += 1
            if pending >= BATCH:
                session.flush()
                pending = 0
    session.flush()
    return report
