"""A response matrix: one row per taker, one column per item, scores 0..1, NaN where unanswered.

`read_responses` reads one from CSV text (a header row names the items) and refuses a malformed
file with the line and column of every problem, so nothing is analysed from a half-read file.
"""

from __future__ import annotations

import csv
import gc
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np


class MatrixError(ValueError):
    """A response file that cannot be read; `problems` are (line, column, message)."""

    def __init__(self, problems: list[tuple[int, int, str]]):
        self.problems = problems
        super().__init__("\n".join(f"line {ln}, column {col}: {msg}" for ln, col, msg in problems))


@dataclass(frozen=True)
class ResponseMatrix:
    """Scores as floats in [0, 1] (1 = full credit), NaN for not answered."""

    items: tuple[str, ...]
    scores: np.ndarray  # takers x items
    takers: tuple[str, ...] = field(default=())

    @property
    def answered(self) -> np.ndarray:
        return ~np.isnan(self.scores)

    def __post_init__(self) -> None:
        if self.scores.ndim != 2 or self.scores.shape[1] != len(self.items):
            raise ValueError("the scores need one column per item")


@contextmanager
def no_collection() -> Iterator[None]:
    """Hold the garbage collector while a million small objects are made: its passes over an
    ever larger heap made reading grow faster than the data. None of them can form a cycle."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


MAX_PROBLEMS = 20  # a wholly wrong file names the first few problems, not thousands


def _cell(text: str) -> float:
    text = text.strip()
    if not text:
        return math.nan
    value = float(text)
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{text!r} is not a score from 0 to 1")
    return value


def _header(row: list[str]) -> list[tuple[int, int, str]]:
    problems: list[tuple[int, int, str]] = []
    seen: dict[str, int] = {}
    for col, name in enumerate(row, 1):
        name = name.strip()
        if not name:
            problems.append((1, col, "the header names no item here"))
        elif name in seen:
            problems.append((1, col, f"item {name!r} is already column {seen[name]}"))
        else:
            seen[name] = col
    return problems


def read_responses(text: str) -> ResponseMatrix:
    """The matrix in `text`; MatrixError naming line and column if anything is malformed."""
    with no_collection():
        return _read(text)


def _read(text: str) -> ResponseMatrix:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise MatrixError([(1, 1, "expected a header row naming the items")])
    header = rows[0]
    problems = _header(header)
    values: list[list[float]] = []
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines (a trailing newline) carry no taker
        if len(row) != len(header):
            problems.append((line, len(row), f"expected {len(header)} columns, found {len(row)}"))
            continue
        parsed = []
        for col, cell in enumerate(row, 1):
            try:
                parsed.append(_cell(cell))
            except ValueError as error:
                message = (
                    str(error) if "score" in str(error) else f"{cell.strip()!r} is not a number"
                )
                problems.append((line, col, message))
        values.append(parsed)
    if not values and not problems:
        problems.append((2, 1, "the file has a header but no takers"))
    if problems:
        raise MatrixError(problems[:MAX_PROBLEMS])
    return ResponseMatrix(tuple(h.strip() for h in header), np.array(values, dtype=float))


def write_responses(matrix: ResponseMatrix) -> str:
    """The matrix as CSV text that `read_responses` reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(matrix.items)
    for row in matrix.scores:
        writer.writerow(["" if math.isnan(v) else f"{v:g}" for v in row])
    return out.getvalue()
