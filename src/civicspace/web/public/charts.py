"""Charts as server-rendered SVG (no script needed; downloadable as SVG, PNG in the browser, and
their data as CSV). Presentation attributes only: the content security policy forbids inline
styles.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from civicspace.privacy import safe_csv_row

COLOUR = "#0b5cad"
GENDER = "#8e3b8c"
FONT = "system-ui, sans-serif"


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    columns: tuple[str, str]
    rows: list[tuple[str, int]]
    kind: str = "bars"  # bars | columns
    colour: str = COLOUR

    def svg(self, desc: str = "") -> str:
        body = _columns(self) if self.kind == "columns" else _bars(self)
        width, height, inner = body
        ident = f"chart-{self.name}"
        summary = desc or ", ".join(f"{label}: {n}" for label, n in self.rows[:24])
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" '
            f'aria-labelledby="{ident}-t {ident}-d" font-family={quoteattr(FONT)} '
            f'font-size="12" class="chart-svg">'
            f'<title id="{ident}-t">{escape(self.title)}</title>'
            f'<desc id="{ident}-d">{escape(summary)}</desc>'
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>{inner}</svg>'
        )

    def csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(safe_csv_row(self.columns))
        writer.writerows(safe_csv_row(r) for r in self.rows)
        return buf.getvalue()


# Geometry for phones first: a chart is drawn this many units wide and shown at most that many
# pixels wide, so on a 375 px screen (about 343 px for the figure) a 12-unit label stays above
# 11 px. Wider drawings shrank labels to 6 px.
BARS_WIDTH = 360
COLUMNS_WIDTH = 400
LABEL_CHARS = 52  # longer bar labels end in "…"
LABEL_GAP = 64  # units between two month labels


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _bars(chart: Chart) -> tuple[int, int, str]:
    """Horizontal bars, each with its label on a line above it (fits a narrow screen)."""
    width, row_h, left = BARS_WIDTH, 36, 4
    rows = chart.rows or [("—", 0)]
    height = row_h * len(rows) + 6
    top = max((n for _l, n in rows), default=0) or 1
    span = width - left - 44
    parts = []
    for i, (label, n) in enumerate(rows):
        y = 4 + i * row_h
        w = round(span * n / top, 1)
        parts.append(
            f'<text x="{left}" y="{y + 12}" fill="#1a1a1a">{escape(_short(label))}</text>'
            f'<rect x="{left}" y="{y + 17}" width="{w}" height="14" '
            f'fill="{chart.colour}"><title>{escape(label)}: {n}</title></rect>'
            f'<text x="{left + w + 6}" y="{y + 29}" fill="#1a1a1a">{n}</text>'
        )
    return width, height, "".join(parts)


def _columns(chart: Chart) -> tuple[int, int, str]:
    width, height, left, bottom, top_pad = COLUMNS_WIDTH, 220, 36, 36, 12
    rows = chart.rows or [("—", 0)]
    top = max((n for _l, n in rows), default=0) or 1
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    step = plot_w / len(rows)
    parts = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" '
        f'stroke="#5c5c5c"/>',
        f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end" fill="#5c5c5c">{top}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" fill="#5c5c5c">0</text>',
    ]
    every = max(1, math.ceil(LABEL_GAP / step))
    for i, (label, n) in enumerate(rows):
        h = round(plot_h * n / top, 1)
        x = round(left + i * step + step * 0.1, 1)
        parts.append(
            f'<rect x="{x}" y="{round(top_pad + plot_h - h, 1)}" width="{round(step * 0.8, 1)}" '
            f'height="{h}" fill="{chart.colour}"><title>{escape(label)}: {n}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{round(x + step * 0.4, 1)}" y="{height - bottom + 18}" '
                f'text-anchor="middle" fill="#1a1a1a">{escape(label)}</text>'
            )
    return width, height, "".join(parts)


CHART_NAMES = ("timeline", "violations", "targets", "perpetrators", "gender")


def country_charts(profile: dict[str, Any], _: Callable[[str], str]) -> dict[str, Chart]:
    """The charts of a country page, titled in the visitor's language."""

    def ranked(kind: str) -> list[tuple[str, int]]:
        return [(_(r["label"]), r["count"]) for r in profile[kind]]

    return {
        "timeline": Chart(
            "timeline",
            _("Incidents per month"),
            (_("month"), _("incidents")),
            [(m["month"], m["count"]) for m in profile["timeline"]],
            kind="columns",
        ),
        "violations": Chart(
            "violations",
            _("Incidents by violation"),
            (_("violation"), _("incidents")),
            ranked("violations"),
        ),
        "targets": Chart(
            "targets",
            _("Incidents by target group"),
            (_("target group"), _("incidents")),
            ranked("targets"),
        ),
        "perpetrators": Chart(
            "perpetrators",
            _("Incidents by perpetrator"),
            (_("perpetrator"), _("incidents")),
            ranked("perpetrators"),
        ),
        "gender": Chart(
            "gender",
            _("Gender lens: violations in incidents against WHRDs or gendered"),
            (_("violation"), _("incidents")),
            [(_(r["label"]), r["count"]) for r in profile["gender"]["violations"]],
            colour=GENDER,
        ),
    }
