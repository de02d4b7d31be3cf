"""A country's rating trend as a small server-rendered SVG: the public band over time (a step
line over the five band stripes) and, where scores are published, the score as dots.

Presentation attributes only (the content security policy forbids inline styles); the SVG
scales to its container (``viewBox``), so it never overflows a phone screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from civicspace.web.public.charts import FONT
from civicspace.web.public.palette import BANDS

ORDER = ("open", "narrowed", "obstructed", "repressed", "closed")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 480, 190, 90, 10, 8, 28


def _x(day: date, first: date, last: date) -> float:
    span = (last - first).days or 1
    return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)


def _band_y(band: str) -> float:
    row = (HEIGHT - TOP - BOTTOM) / len(ORDER)
    index = ORDER.index(band) if band in ORDER else len(ORDER) - 1
    return round(TOP + row * index + row / 2, 1)


def _score_y(score: float) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (100 - score) / 100, 1)


def trend_svg(
    history: list[dict[str, Any]], labels: dict[str, str], _: Callable[[str], str]
) -> str:
    """The SVG of ``history`` (public rows, oldest first); ``labels`` names each band."""
    points = [(date.fromisoformat(h["as_of"]), h) for h in history]
    title = _("Rating trend")
    desc = "; ".join(f"{d.isoformat()}: {labels.get(h['band'], h['band'])}" for d, h in points)
    parts = []
    row = (HEIGHT - TOP - BOTTOM) / len(ORDER)
    for i, band in enumerate(ORDER):
        y = round(TOP + row * i, 1)
        parts.append(
            f'<rect x="{LEFT}" y="{y}" width="{WIDTH - LEFT - RIGHT}" height="{round(row, 1)}" '
            f'fill="{BANDS[band]}" fill-opacity="0.35"/>'
            f'<text x="{LEFT - 6}" y="{round(y + row / 2 + 4, 1)}" text-anchor="end" '
            f'fill="#1a1a1a">{escape(labels.get(band, band))}</text>'
        )
    if points:
        first, last = points[0][0], points[-1][0]
        if first == last:
            last = date.fromordinal(first.toordinal() + 1)
        x0, y0 = _x(points[0][0], first, last), _band_y(points[0][1]["band"])
        path = [f"M{x0} {y0}"]
        for day, h in points[1:]:
            path.append(f"H{_x(day, first, last)} V{_band_y(h['band'])}")
        end_x = _x(last, first, last)
        path.append(f"H{end_x}")
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="#10324f" stroke-width="2.5" '
            f'class="trend-band"/>'
        )
        for day, h in points:
            x = _x(day, first, last)
            tip = f"{day.isoformat()}: {labels.get(h['band'], h['band'])}"
            if h.get("score") is not None:
                tip += f" ({h['score']:g})"
                parts.append(
                    f'<circle cx="{x}" cy="{_score_y(h["score"])}" r="3.5" fill="#ffffff" '
                    f'stroke="#10324f" stroke-width="1.5" class="trend-score">'
                    f"<title>{escape(tip)}</title></circle>"
                )
            else:
                parts.append(
                    f'<circle cx="{x}" cy="{_band_y(h["band"])}" r="3.5" fill="#10324f" '
                    f'class="trend-point"><title>{escape(tip)}</title></circle>'
                )
        axis_y = HEIGHT - 8
        parts.append(
            f'<text x="{LEFT}" y="{axis_y}" fill="#5c5c5c">{first.isoformat()}</text>'
            f'<text x="{WIDTH - RIGHT}" y="{axis_y}" text-anchor="end" fill="#5c5c5c">'
            f"{points[-1][0].isoformat()}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="trend-t trend-d" '
        f'font-family={quoteattr(FONT)} font-size="13" class="chart-svg trend-svg">'
        f'<title id="trend-t">{escape(title)}</title><desc id="trend-d">{escape(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>{"".join(parts)}</svg>'
    )
