"""One analysis of a form, bank or response file: classical, Rasch and flags per item.

`analyse` takes a response matrix and what is known of each item (level, options and what each
taker chose); it returns plain values that the page, the CSV export and `trainer analyze` share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from trainer.analysis.classical import ItemStats, Reliability, classical
from trainer.analysis.distractors import OptionUse, option_use
from trainer.analysis.flags import (
    Flag,
    classical_flags,
    distractor_flags,
    fit_flags,
    level_flags,
)
from trainer.analysis.matrix import ResponseMatrix
from trainer.analysis.rasch import CalibrationError, calibrate, dichotomise

MIN_RASCH_TAKERS = 10  # fewer than this and difficulties are noise; the page says so


@dataclass(frozen=True)
class ItemMeta:
    """What the content says of an item; `picks` is aligned with the matrix rows."""

    level: int | None = None
    status: str | None = None
    type: str = ""
    stem: str = ""
    options: tuple[tuple[str, bool], ...] = ()  # (text, keyed)
    picks: np.ndarray | None = None  # distractors.picks_from: rows x options, then answered


@dataclass(frozen=True)
class ItemRow:
    key: str
    meta: ItemMeta
    stats: ItemStats
    difficulty: float | None = None
    se: float | None = None
    infit: float | None = None
    outfit: float | None = None
    options: list[OptionUse] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass(frozen=True)
class Analysis:
    takers: int
    rows: list[ItemRow]
    reliability: Reliability
    distribution: list[tuple[str, int]]
    log_likelihood: float | None
    rasch_note: str  # why some or all items have no difficulty; "" when all do
    ability: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def flagged(self) -> int:
        return sum(bool(row.flags) for row in self.rows)


def _rasch(matrix: ResponseMatrix):
    """The calibration of the items that can be calibrated, and a note on the rest."""
    x, m = dichotomise(matrix.scores)
    right, seen = x.sum(axis=0), m.sum(axis=0)
    usable = [j for j in range(len(matrix.items)) if 0 < right[j] < seen[j]]
    left_out = [matrix.items[j] for j in range(len(matrix.items)) if j not in usable]
    note = ""
    if left_out:
        note = "no difficulty for items everyone or no one answered right: " + ", ".join(left_out)
    if int((m.sum(axis=1) > 0).sum()) < MIN_RASCH_TAKERS or len(usable) < 2:
        return None, usable, f"Rasch calibration needs {MIN_RASCH_TAKERS} takers and two items"
    try:
        fit = calibrate([matrix.items[j] for j in usable], matrix.scores[:, usable])
    except (CalibrationError, np.linalg.LinAlgError) as error:
        return None, usable, str(error)
    return fit, usable, note


def analyse(matrix: ResponseMatrix, meta: Mapping[str, ItemMeta] | None = None) -> Analysis:
    """Statistics and flags for every item of `matrix`."""
    meta = meta or {}
    form = classical(matrix)
    fit, usable, note = _rasch(matrix)
    rasch = {}
    if fit is not None:
        for j, column in enumerate(usable):
            rasch[matrix.items[column]] = (
                float(fit.difficulty[j]),
                float(fit.se[j]),
                float(fit.infit[j]),
                float(fit.outfit[j]),
            )
    levels = {k: m.level for k, m in meta.items() if m.level is not None}
    by_level = level_flags(levels, {k: v[0] for k, v in rasch.items()})
    rows = []
    for stats in form.items:
        info = meta.get(stats.key, ItemMeta())
        options = (
            option_use(info.picks, form.groups, info.options)
            if info.options and info.picks is not None
            else []
        )
        difficulty, se, infit, outfit = rasch.get(stats.key, (None,) * 4)
        flags = [] if stats.takers == 0 else classical_flags(stats) + distractor_flags(options)
        if infit is not None and not math.isnan(infit):
            flags += fit_flags(infit, outfit)
        if stats.key in by_level:
            flags.append(by_level[stats.key])
        rows.append(ItemRow(stats.key, info, stats, difficulty, se, infit, outfit, options, flags))
    return Analysis(
        form.takers,
        rows,
        form.reliability,
        form.distribution,
        fit.log_likelihood if fit is not None else None,
        note,
        fit.ability if fit is not None else np.zeros(0),
    )
