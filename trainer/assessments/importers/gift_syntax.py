"""What reading and writing GIFT share: placeholders, escapes and the shape of a question.

Escaped characters are hidden behind private-use placeholders first, so the syntax can be cut on
the bare ones, and restored in every text that reaches an item. Placeholders stand in for what
GIFT has no place for; the writer leaves them out again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NO_FEEDBACK = "No feedback in the GIFT source."
NO_EXPLANATION = "No general feedback in the GIFT source."
NO_GUIDANCE = "No guidance in the GIFT source."
NO_LOOK_FORS = "No look-fors in the GIFT source."
CATEGORY = "GIFT category: "

HIDE = {c: chr(0xE000 + i) for i, c in enumerate("\\~=#{}:n")}
SHOW = str.maketrans({v: ("\n" if k == "n" else k) for k, v in HIDE.items()})
ESCAPED = re.compile(r"\\([\\~=#{}:n])")
FORMAT = re.compile(r"^\s*\[(?:html|markdown|plain|moodle)\]")


class Fault(Exception):
    """A question that cannot become an item; stops that question only."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass(frozen=True)
class Block:
    """One question's text, escapes hidden, with the source line of each of its lines."""

    text: str
    lines: tuple[int, ...]

    def line(self, at: int) -> int:
        """The source line of character `at`, so faults inside a question point at their line."""
        return self.lines[min(self.text.count("\n", 0, at), len(self.lines) - 1)]


def clean(text: str) -> str:
    """Strip a [format] marker and line breaks of the source, then restore escaped characters."""
    text = re.sub(r"\s*\n\s*", " ", FORMAT.sub("", text)).strip()
    return text.translate(SHOW)


def number_text(value: float) -> str:
    """Shortest exact form of a number: 3 not 3.0."""
    text = repr(float(value))
    return text.removesuffix(".0")
