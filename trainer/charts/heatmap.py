"""A people x competencies heatmap of gaps, as the cells of an accessible HTML table.

Pure. The page draws a real table (headers a screen reader announces with every cell, links
that are ordinary links), so there is no SVG to label and nothing interactive nested in an image.
Every cell's mark says what its colour says: meaning never rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

# status -> (css class, mark shown in the cell, what the mark means in the legend)
STATUS_MARKS = {
    "meets": ("cell-meets", "✓", "meets the required level"),
    "developing": ("cell-developing", "−1", "one level to go"),
    "gap": ("cell-gap", "−{gap}", "two or more levels to go: a gap"),
    "not_assessed": ("cell-none", "?", "not enough evidence yet"),
    "not_required": ("cell-skip", "", "not required by the person's profile"),
}
LEGEND = [
    ("cell-meets", "✓", STATUS_MARKS["meets"][2]),
    ("cell-developing", "−1", STATUS_MARKS["developing"][2]),
    ("cell-gap", "−2", STATUS_MARKS["gap"][2]),
    ("cell-none", "?", STATUS_MARKS["not_assessed"][2]),
    ("cell-skip", "", "blank: " + STATUS_MARKS["not_required"][2]),
]


@dataclass(frozen=True)
class Cell:
    status: str
    attained: int | None = None
    required: int | None = None
    href: str | None = None

    @property
    def css(self) -> str:
        return STATUS_MARKS[self.status][0]

    @property
    def text(self) -> str:
        """The mark in the cell, the same one the legend explains."""
        mark = STATUS_MARKS[self.status][1]
        if self.status == "gap":
            return mark.format(gap=(self.required or 0) - (self.attained or 0))
        return mark

    @property
    def levels(self) -> str:
        """Attained of required, e.g. "L1 of L2", beside the mark; empty when undecided."""
        if self.status in ("meets", "developing", "gap") and self.attained is not None:
            return f"L{self.attained} of L{self.required}"
        return ""

    @property
    def description(self) -> str:
        if self.status == "not_assessed":
            return f"not enough evidence yet for level {self.required}"
        if self.status == "not_required":
            return "not required"
        attained = "below level 1" if self.attained == 0 else f"level {self.attained}"
        meaning = STATUS_MARKS[self.status][2]
        return f"{attained} of {self.required} required: {meaning}"
