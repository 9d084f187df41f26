"""A count over time as accessible SVG, drawn on the server; a table goes beside it."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, BOTTOM, TOP = 44, 12, 36, 16
LABEL_EVERY = 7  # one date label a week keeps a month of days readable on a phone


def line_svg(title: str, points: list[tuple[str, int]], unit: str, chart_id: str = "line") -> str:
    """A line through `points` (label, count) with a dot per point, each with a <title>."""
    peak = max((n for _, n in points), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP
    step = plot_w / max(len(points) - 1, 1)
    xy = [(LEFT + i * step, TOP + plot_h - plot_h * n / peak) for i, (_, n) in enumerate(points)]
    summary = "; ".join(f"{label}: {n} {unit}" for label, n in points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="line-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
        f'<line class="line-chart__axis" x1="{LEFT}" y1="{TOP + plot_h}" '
        f'x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
        f'<text class="line-chart__label" x="4" y="{TOP + 10}">{peak}</text>',
        f'<text class="line-chart__label" x="4" y="{TOP + plot_h}">0</text>',
    ]
    if len(xy) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f'<polyline class="line-chart__line" points="{path}"/>')
    for i, ((label, n), (x, y)) in enumerate(zip(points, xy, strict=True)):
        parts.append(
            f'<circle class="line-chart__dot" cx="{x:.1f}" cy="{y:.1f}" r="3">'
            f"<title>{escape(label)}: {n} {escape(unit)}</title></circle>"
        )
        if i % LABEL_EVERY == 0 or i == len(points) - 1:
            parts.append(
                f'<text class="line-chart__label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
