"""Scoring answers: each item type's scorer, and certainty-based marking across a form.

An answer's shape depends on the item's type (each module of `types/` says which). Indices
count from 0 in the order of the YAML, whatever order delivery showed things in. A response of
the wrong shape raises ValueError naming what is wrong.
"""

from __future__ import annotations

from typing import Any

from trainer.assessments.types import type_of
from trainer.assessments.types.base import ItemBase, Score

# Certainty-based marking, as Moodle's CBM: marks for right and wrong at certainty 1, 2, 3.
CBM_RIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
CBM_WRONG = {1: 0.0, 2: -2.0, 3: -6.0}
CERTAINTY_LABELS = {1: "Not sure", 2: "Fairly sure", 3: "Very sure"}


def score(item: ItemBase, response: Any) -> Score:
    """Score `response` (shaped as the item type's module says) to `item`."""
    return type_of(item).score(item, response)


def cbm_mark(points: float, certainty: int | None) -> float:
    """A right answer earns more the surer the taker was; a confident wrong one costs most."""
    level = certainty or 1
    return points * CBM_RIGHT[level] + (1 - points) * CBM_WRONG[level]
