"""A histogram of score bands as accessible SVG, drawn on the server; a table goes beside it."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 640, 240
LEFT, BOTTOM, TOP = 44, 40, 16


def histogram_svg(title: str, bands: list[tuple[str, int]], chart_id: str = "histogram") -> str:
    """Bars of takers per score band, each with its count as text and a <title> for readers."""
    peak = max((n for _, n in bands), default=0) or 1
    slot = (WIDTH - LEFT - 8) / max(len(bands), 1)
    plot = HEIGHT - BOTTOM - TOP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="histogram" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape("; ".join(f"{band}: {n} takers" for band, n in bands))
        + "</desc>",
        f'<line class="histogram__axis" x1="{LEFT}" y1="{TOP + plot}" '
        f'x2="{WIDTH - 8}" y2="{TOP + plot}"/>',
        f'<text class="histogram__label" x="4" y="{TOP + 10}">{peak}</text>',
    ]
    for i, (band, n) in enumerate(bands):
        h = plot * n / peak
        x = LEFT + i * slot + slot * 0.1
        y = TOP + plot - h
        parts += [
            f'<g class="histogram__bar"><title>{escape(band)}: {n} takers</title>',
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}"/>',
            f'<text class="histogram__count" x="{x + slot * 0.4:.1f}" y="{y - 3:.1f}" '
            f'text-anchor="middle">{n}</text></g>',
            f'<text class="histogram__label" x="{x + slot * 0.4:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(band)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
