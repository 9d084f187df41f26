"""A people x competencies heatmap of gaps, drawn as accessible SVG on the server."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

CELL_W, CELL_H = 92, 34
LABEL_W, HEADER_H = 170, 120

# status -> (css class, short text shown in the cell): meaning never rests on colour alone
STATUS_MARKS = {
    "meets": ("cell-meets", "✓"),
    "developing": ("cell-developing", "−1"),
    "gap": ("cell-gap", "gap"),
    "not_assessed": ("cell-none", "?"),
    "not_required": ("cell-skip", ""),
}


@dataclass(frozen=True)
class Cell:
    status: str
    attained: int | None = None
    required: int | None = None
    href: str | None = None

    @property
    def text(self) -> str:
        if self.status in ("meets", "developing", "gap") and self.attained is not None:
            return f"{self.attained}/{self.required}"
        return STATUS_MARKS[self.status][1]

    @property
    def description(self) -> str:
        if self.status == "not_assessed":
            return "not enough evidence yet"
        if self.status == "not_required":
            return "not required"
        return (
            f"level {self.attained} of {self.required} required ({self.status.replace('_', ' ')})"
        )


def heatmap_svg(
    title: str,
    people: list[str],
    competencies: list[str],
    cells: list[list[Cell]],
    chart_id: str = "heatmap",
) -> str:
    """Rows are people, columns competencies; each cell links to the evidence behind it."""
    width = LABEL_W + CELL_W * len(competencies) + 10
    height = HEADER_H + CELL_H * len(people) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="heatmap" '
        f'role="group" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for column, name in enumerate(competencies):
        x = LABEL_W + CELL_W * column + CELL_W / 2
        parts.append(
            f'<text x="{x}" y="{HEADER_H - 8}" class="heatmap-col" '
            f'transform="rotate(-40 {x} {HEADER_H - 8})">{escape(name)}</text>'
        )
    for row, person in enumerate(people):
        y = HEADER_H + CELL_H * row
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + CELL_H / 2 + 5}" text-anchor="end" '
            f'class="heatmap-row">{escape(person)}</text>'
        )
        for column, cell in enumerate(cells[row]):
            parts.append(_cell(cell, LABEL_W + CELL_W * column, y, person, competencies[column]))
    parts.append("</svg>")
    return "\n".join(parts)


def _cell(cell: Cell, x: float, y: float, person: str, competency: str) -> str:
    css, _ = STATUS_MARKS[cell.status]
    label = f"{person}, {competency}: {cell.description}"
    body = (
        f'<rect x="{x + 2}" y="{y + 2}" width="{CELL_W - 4}" height="{CELL_H - 4}" rx="4" '
        f'class="heatmap-cell {css}"/>'
        f'<text x="{x + CELL_W / 2}" y="{y + CELL_H / 2 + 5}" text-anchor="middle" '
        f'class="heatmap-text {css}">{escape(cell.text)}</text>'
    )
    if cell.href:
        return (
            f'<a href="{escape(cell.href)}" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title>{body}</a>"
        )
    return f"<g><title>{escape(label)}</title>{body}</g>"
