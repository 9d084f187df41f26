"""Flags on items, each with its reason in words, from the classical and Rasch statistics.

The thresholds are the issue's: p > 0.90 too easy, p < 0.20 too hard, a corrected item-total
correlation below 0.15 (negative: a likely miskey), an option nobody chooses, a distractor the
upper group chooses more than the lower group, infit or outfit outside 0.7-1.3, and a Rasch
difficulty that contradicts the authored level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from trainer.analysis.classical import ItemStats
from trainer.analysis.distractors import OptionUse

EASY, HARD, DISCRIMINATION = 0.90, 0.20, 0.15
MISFIT = (0.7, 1.3)
LEVEL_GAP = 2  # "Expert easier than most Basic": levels at least this far apart


@dataclass(frozen=True)
class Flag:
    code: str  # too-easy, too-hard, low-discrimination, miskey, dead-distractor, ...
    reason: str


def classical_flags(item: ItemStats) -> list[Flag]:
    flags = []
    if item.facility > EASY:
        flags.append(Flag("too-easy", f"{item.facility:.0%} answer it right (over 90%)"))
    elif item.facility < HARD:
        flags.append(Flag("too-hard", f"only {item.facility:.0%} answer it right (under 20%)"))
    r = item.corrected
    if r is not None and r < 0:
        flags.append(Flag("miskey", f"stronger takers do worse on it (r = {r:.2f}): check the key"))
    elif r is not None and r < DISCRIMINATION:
        flags.append(
            Flag(
                "low-discrimination",
                f"it barely separates strong and weak takers (r = {r:.2f}, under 0.15)",
            )
        )
    return flags


def distractor_flags(options: Sequence[OptionUse]) -> list[Flag]:
    flags = []
    for option in options:
        if option.keyed:
            continue
        label = f"option {option.index + 1} ({option.text[:40]})"
        if option.chosen == 0:
            flags.append(Flag("dead-distractor", f"nobody chooses {label}"))
        elif option.upper > option.lower:
            flags.append(
                Flag(
                    "attractive-distractor",
                    f"the top group chooses {label} more than the bottom group "
                    f"({option.upper:.0%} against {option.lower:.0%})",
                )
            )
    return flags


def fit_flags(infit: float, outfit: float) -> list[Flag]:
    low, high = MISFIT
    bad = [(name, v) for name, v in (("infit", infit), ("outfit", outfit)) if not low <= v <= high]
    if not bad:
        return []
    said = ", ".join(f"{name} {v:.2f}" for name, v in bad)
    return [Flag("misfit", f"responses fit the Rasch model poorly ({said}; expected 0.7-1.3)")]


def level_flags(levels: Mapping[str, int], difficulty: Mapping[str, float]) -> dict[str, Flag]:
    """Items whose difficulty contradicts their level against items LEVEL_GAP or more apart."""
    flags: dict[str, Flag] = {}
    for key, level in levels.items():
        if key not in difficulty:
            continue
        b = difficulty[key]
        lower = [
            difficulty[k] for k, lv in levels.items() if k in difficulty and lv <= level - LEVEL_GAP
        ]
        higher = [
            difficulty[k] for k, lv in levels.items() if k in difficulty and lv >= level + LEVEL_GAP
        ]
        if lower and b < float(np.median(lower)):
            flags[key] = Flag(
                "level",
                f"authored at level {level} but easier ({b:.2f}) than most "
                f"items at level {level - LEVEL_GAP} or below "
                f"(median {np.median(lower):.2f})",
            )
        elif higher and b > float(np.median(higher)):
            flags[key] = Flag(
                "level",
                f"authored at level {level} but harder ({b:.2f}) than most "
                f"items at level {level + LEVEL_GAP} or above "
                f"(median {np.median(higher):.2f})",
            )
    return flags
