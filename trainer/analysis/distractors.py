"""Distractor analysis: how often each option is chosen, overall and by score group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class OptionUse:
    index: int
    text: str
    keyed: bool
    chosen: int
    share: float  # of the takers who answered the item
    upper: float  # share chosen in the upper 27% (of those who answered)
    middle: float
    lower: float


def picks_from(chosen: Sequence[Sequence[int] | None], options: int) -> np.ndarray:
    """A takers x options matrix of picks from each taker's chosen indices (None: unanswered)."""
    picks = np.zeros((len(chosen), options + 1), dtype=bool)  # the last column: answered
    for i, c in enumerate(chosen):
        if c is not None:
            picks[i, options] = True
            for index in c:
                if 0 <= index < options:
                    picks[i, index] = True
    return picks


def option_use(
    picks: np.ndarray, groups: np.ndarray, options: Sequence[tuple[str, bool]]
) -> list[OptionUse]:
    """Per option (text, keyed), from `picks_from`'s matrix (its last column: answered)."""
    answered = picks[:, -1]

    def share(mask: np.ndarray, j: int) -> float:
        mask = mask & answered
        return float(picks[mask, j].mean()) if mask.any() else 0.0

    everyone = np.ones(len(picks), dtype=bool)
    return [
        OptionUse(
            j,
            text,
            keyed,
            int(picks[:, j].sum()),
            share(everyone, j),
            share(groups == 1, j),
            share(groups == 0, j),
            share(groups == -1, j),
        )
        for j, (text, keyed) in enumerate(options)
    ]
