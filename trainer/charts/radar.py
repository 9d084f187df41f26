"""A radar chart of levels per competency, drawn as accessible SVG on the server."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from html import escape

SIZE = 420
CENTER = SIZE / 2
RADIUS = 150
LABEL_WRAP, LINE_HEIGHT = 14, 17  # characters per label line, and its height
PAD = 130  # room beside the rings for the labels


@dataclass(frozen=True)
class Series:
    """One outline on the radar: a name for the legend, a value per axis (None: no value)."""

    name: str
    values: tuple[float | None, ...]
    css_class: str  # styled in the stylesheet; dashes and markers differ, not only colour


def _point(axis: int, count: int, value: float, top: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * axis / count
    distance = RADIUS * value / top
    return round(CENTER + distance * math.cos(angle), 1), round(
        CENTER + distance * math.sin(angle), 1
    )


def _label(axis: int, count: int, text: str) -> str:
    """An axis name beside its spoke, wrapped onto short lines so long names stay inside."""
    x, y = _point(axis, count, 1.18, 1)
    anchor = "middle" if abs(x - CENTER) < 20 else ("start" if x > CENTER else "end")
    lines = textwrap.wrap(text, LABEL_WRAP) or [text]
    top = y - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{x}" y="{round(top + i * LINE_HEIGHT, 1)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    number = (
        f'<text x="{x}" y="{y + 10}" text-anchor="{anchor}" class="radar-num">{axis + 1}</text>'
    )
    return f'<text text-anchor="{anchor}" class="radar-label">{spans}</text>{number}'


def _grid(count: int, top: int) -> list[str]:
    parts = []
    for ring in range(1, top + 1):
        points = " ".join(
            f"{x},{y}" for x, y in (_point(a, count, ring, top) for a in range(count))
        )
        parts.append(f'<polygon points="{points}" class="radar-ring"/>')
        x, y = _point(0, count, ring, top)
        parts.append(f'<text x="{x + 4}" y="{y + 4}" class="radar-tick">{ring}</text>')
    for axis in range(count):
        x, y = _point(axis, count, top, top)
        parts.append(f'<line x1="{CENTER}" y1="{CENTER}" x2="{x}" y2="{y}" class="radar-spoke"/>')
    return parts


def _outline(series: Series, count: int, top: int) -> list[str]:
    points = [_point(a, count, v or 0, top) for a, v in enumerate(series.values)]
    path = " ".join(f"{x},{y}" for x, y in points)
    parts = [f'<polygon points="{path}" class="radar-area {series.css_class}"/>']
    for (x, y), value in zip(points, series.values, strict=True):
        marker = "radar-dot" if value is not None else "radar-dot radar-missing"
        parts.append(f'<circle cx="{x}" cy="{y}" r="4" class="{marker} {series.css_class}"/>')
    return parts


def _describe(axes: list[str], series: Series) -> str:
    values = ", ".join(
        f"{axis} {'not assessed' if value is None else f'{value:g}'}"
        for axis, value in zip(axes, series.values, strict=True)
    )
    return f"{series.name}: {values}"


def radar_svg(
    title: str, axes: list[str], series: list[Series], top: int = 4, chart_id: str = "radar"
) -> str:
    """The SVG markup; the page puts a table of the same values beside it for screen readers."""
    count = len(axes)
    if count < 3:
        raise ValueError("a radar needs at least three axes")
    description = "; ".join(_describe(axes, s) for s in series)
    box = f"{-PAD} -20 {SIZE + 2 * PAD} {SIZE + 40}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" '
        f'class="radar" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        *_grid(count, top),
        *(part for s in series for part in _outline(s, count, top)),
        *(_label(a, count, name) for a, name in enumerate(axes)),
        "</svg>",
    ]
    return "\n".join(parts)
