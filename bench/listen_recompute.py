"""Stored syntheses: new contributions placed around existing themes, and the report's cost.

``python -m bench.listen_recompute [--data DIR] [--conversation NAME] [--share 0.8]`` prints one
JSON object. A Polis conversation (``polis_opendata``, default ``american-assembly.bowling-green``)
is taken into a fresh SQLite project in two parts: the first ``share`` of its comments, themes
computed; then the rest, recomputed (``listen.synthesis``). Figures:

* ``first``/``second``: claims, themes, seconds (model already loaded);
* ``placed_share``: the second part's claims that joined an existing theme;
* ``placed_agree_nearest``: of those, the share whose theme is that of their nearest claim from
  the first part (cosine over the same vectors): a sanity check that placement follows meaning;
* ``report_seconds``/``public_report_seconds`` (privacy gate on every text), ``html_seconds``,
  ``pdf_seconds`` and ``pdf_pages`` for the whole project.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from civicspace.listen import synthesis  # noqa: E402
from civicspace.listen.embed import get_embedder  # noqa: E402
from civicspace.listen.intake import ContributionType, take_in  # noqa: E402
from civicspace.listen.polis import load_comments  # noqa: E402
from civicspace.listen.report import build_report  # noqa: E402
from civicspace.listen.themes import ThemeOptions  # noqa: E402
from civicspace.listen.vectors import claim_vectors  # noqa: E402
from civicspace.store.db import get_engine  # noqa: E402
from civicspace.store.listen import ListenClaim, ListenTheme  # noqa: E402
from civicspace.store.migrate import ensure_schema  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _add(db: Session, project: object, texts: list[str]) -> None:
    for text in texts:
        sub = take_in(
            text, type=ContributionType.comment, consent=True, anonymous=True, language="en"
        )
        synthesis.add_submission(db, project, sub)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--conversation", default="american-assembly.bowling-green")
    parser.add_argument("--share", type=float, default=0.8)
    args = parser.parse_args()
    data = Path(
        args.data or os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data"
    )
    texts = [c.text for c in load_comments(data, args.conversation)]
    cut = int(len(texts) * args.share)
    emb = get_embedder()
    out: dict[str, object] = {"conversation": args.conversation, "comments": len(texts)}
    with tempfile.TemporaryDirectory() as tmp:
        engine = get_engine(f"sqlite:///{tmp}/bench.db")
        ensure_schema(engine)
        with Session(engine) as db:
            project = synthesis.ensure_project(db, "bench")
            _add(db, project, texts[:cut])
            start = time.perf_counter()
            first = synthesis.recompute(db, project, emb=emb)
            out["first"] = {**first.as_dict(), "seconds": round(time.perf_counter() - start, 2)}
            db.commit()
            old = {c.id: c.theme_id for c in db.scalars(select(ListenClaim))}
            _add(db, project, texts[cut:])
            start = time.perf_counter()
            second = synthesis.recompute(db, project, emb=emb)
            out["second"] = {**second.as_dict(), "seconds": round(time.perf_counter() - start, 2)}
            db.commit()
            claims = list(db.scalars(select(ListenClaim).order_by(ListenClaim.id)))
            themes = {t.id: t.parent_id or t.id for t in db.scalars(select(ListenTheme))}
            vectors = claim_vectors(emb, [c.text for c in claims], ThemeOptions().char_weight)
            old_idx = [i for i, c in enumerate(claims) if c.id in old and c.theme_id is not None]
            new_themes = {t for t in themes.values()} - {themes[t] for t in old.values() if t}
            placed = [
                i for i, c in enumerate(claims)
                if c.id not in old and c.theme_id is not None and themes[c.theme_id] not in new_themes
            ]  # fmt: skip
            agree = 0
            for i in placed:
                j = old_idx[int(np.argmax(vectors[old_idx] @ vectors[i]))]
                agree += themes[claims[j].theme_id] == themes[claims[i].theme_id]
            out["placed_share"] = round(len(placed) / max(1, second.new_claims), 3)
            out["placed_agree_nearest"] = round(agree / max(1, len(placed)), 3)
            start = time.perf_counter()
            view = build_report(db, project)
            out["report_seconds"] = round(time.perf_counter() - start, 2)
            start = time.perf_counter()
            public = build_report(db, project, public=True)
            out["public_report_seconds"] = round(time.perf_counter() - start, 2)
        from civicspace.web.listen.render import report_file_html, report_pdf

        start = time.perf_counter()
        report_file_html(public, {})
        out["html_seconds"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        pdf = report_pdf(public, {})
        out["pdf_seconds"] = round(time.perf_counter() - start, 2)
        import pypdf

        out["pdf_pages"] = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        out["themes"] = len(view.themes)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
