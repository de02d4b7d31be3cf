"""Derive the V-Dem scales of methodology v2 by linking V-Dem to Freedom House's thresholds.

V-Dem documents no categories for its 0–1 indices, so v2 anchors them to the thresholds Freedom
House documents (civil-liberties ratings, see ``fh_cl_ratings`` in ``v2.yaml``) by equipercentile
linking on a calibration period: for each band edge y (21, 41, 61, 81), the share p of
country-years whose Freedom House component lies below y on the common scale is found, and the
V-Dem knot is V-Dem's own p-quantile. Ranks stay V-Dem's; only where its band edges sit comes
from Freedom House. Calibration uses Freedom in the World editions 2013–2018 (data years
2012–2017) only, so editions 2019–2024 are out of sample in the validation.

- ``v2xcs_ccsi`` is linked to E1+E2+E3 (assembly, NGOs, unions: 0–12),
- ``v2x_freexp_altinf`` to D1+D4 (media, personal expression: 0–8).

No civic-space rating is used. ``python -m bench.ratings_v2_anchor [--data DIR]`` prints one
JSON object: ``knots`` per V-Dem variable (paste into v2.yaml), ``n`` matched country-years.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from typing import Any

import numpy as np

from bench.ratings_v2_validation import FILES, data_dir
from civicspace.ratings.indices.store import parse_index
from civicspace.ratings.method import load_method

CALIBRATION = range(2012, 2018)  # data years (FH editions 2013–2018)
LINKS = {"v2xcs_ccsi": (("E1", "E2", "E3"), 12.0), "v2x_freexp_altinf": (("D1", "D4"), 8.0)}
EDGES = (21.0, 41.0, 61.0, 81.0)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data")
    args = ap.parse_args(argv)
    data = data_dir(args.data)
    spec = load_method("2").structural
    assert spec is not None
    vdem = parse_index("vdem", data / FILES["vdem"])
    fiw = parse_index("fiw", data / FILES["fiw"])
    v: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    f: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for x in vdem.values:
        if x.data_year in CALIBRATION:
            v[(x.country, x.data_year)][x.variable] = x.value
    for x in fiw.values:
        if x.data_year in CALIBRATION:
            f[(x.country, x.data_year)][x.variable] = x.value
    out: dict[str, Any] = {"calibration_data_years": [CALIBRATION[0], CALIBRATION[-1]]}
    for variable, (subscores, top) in LINKS.items():
        pairs = [
            (
                v[k][variable] * 100,
                spec.rescale("fh_cl_ratings", 100 * sum(f[k][s] for s in subscores) / top),
            )
            for k in v
            if k in f and variable in v[k] and all(s in f[k] for s in subscores)
        ]
        vd = np.array([p[0] for p in pairs])
        fh = np.array([p[1] for p in pairs])
        knots = [[0.0, 0.0]]
        for edge in EDGES:
            share = float(np.mean(fh < edge))
            knots.append([round(float(np.quantile(vd, share)), 2), edge])
        knots.append([100.0, 100.0])
        out[variable] = {"n": len(pairs), "knots": knots}
    return out


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=1)
    sys.stdout.write("\n")
