"""Map colours: one source for the legend (HTML), the map (script) and the tests.

Bands run from green (open) to red (closed) (ColorBrewer RdYlGn, colour-blind-safer ends);
counts are a sequential blue scale. Both keep 3:1 contrast with the dark country borders.
"""

from __future__ import annotations

from typing import Any

from civicspace.codebook import load_codebook
from civicspace.publish.aggregates import bucket_labels

BANDS = {
    "open": "#1a9850",
    "narrowed": "#91cf60",
    "obstructed": "#fee08b",
    "repressed": "#fc8d59",
    "closed": "#d73027",
}
NO_DATA = "#e6e6e6"
# the direction of a country's latest band change (the ratings map)
CHANGES = {"declined": "#d73027", "improved": "#1a9850", "unchanged": "#9e9e9e"}
COUNTS = ("#e6e6e6", "#c6dbef", "#6baed6", "#2171b5", "#08306b")


def palette() -> dict[str, Any]:
    bands = [(b.id, b.label) for b in load_codebook().bands]
    return {
        "no_data": NO_DATA,
        "bands": [{"id": i, "label": label, "colour": BANDS.get(i, NO_DATA)} for i, label in bands],
        "counts": [
            {"bucket": n, "label": label, "colour": COUNTS[n]}
            for n, label in enumerate(bucket_labels())
        ],
    }
