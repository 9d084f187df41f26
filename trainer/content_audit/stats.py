"""The few statistics the audit needs: chi-square with its p-value, Kendall's tau, a median."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    dof: int
    p_value: float


def chi2_sf(x: float, dof: int) -> float:
    """P(X >= x) for chi-square with `dof` degrees of freedom (closed forms for whole dof)."""
    if dof < 1:
        return 1.0
    if x <= 0:
        return 1.0
    half = x / 2
    if dof % 2 == 0:
        term, total = 1.0, 1.0
        for k in range(1, dof // 2):
            term *= half / k
            total += term
        return min(1.0, math.exp(-half) * total)
    root = math.sqrt(x)
    total = math.erfc(root / math.sqrt(2))
    term = root * math.sqrt(2 / math.pi) * math.exp(-half)
    for k in range(1, (dof + 1) // 2):
        total += term
        term *= x / (2 * k + 1)
    return min(1.0, total)


def chi_square(observed: Sequence[float], expected: Sequence[float]) -> ChiSquare:
    """Goodness of fit of `observed` counts to `expected` ones; cells expecting 0 are skipped."""
    cells = [(o, e) for o, e in zip(observed, expected, strict=True) if e > 0]
    statistic = sum((o - e) ** 2 / e for o, e in cells)
    dof = len(cells) - 1
    return ChiSquare(round(statistic, 3), dof, round(chi2_sf(statistic, dof), 4))


def kendall_tau_within(groups: Sequence[Sequence[tuple[float, float]]]) -> float | None:
    """Kendall's tau-b over pairs taken only inside each group (one SJT item's responses).

    Comparing responses of different items would mix long items with short ones; inside an
    item the question is only whether the longer response is rated the more effective.
    """
    concordant = discordant = tied_x = tied_y = 0
    for group in groups:
        for i, (x1, y1) in enumerate(group):
            for x2, y2 in group[i + 1 :]:
                dx, dy = x1 - x2, y1 - y2
                if dx == 0 and dy == 0:
                    continue
                if dx == 0:
                    tied_x += 1
                elif dy == 0:
                    tied_y += 1
                elif (dx > 0) == (dy > 0):
                    concordant += 1
                else:
                    discordant += 1
    pairs = concordant + discordant
    denominator = math.sqrt((pairs + tied_x) * (pairs + tied_y))
    return round((concordant - discordant) / denominator, 3) if denominator else None


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
