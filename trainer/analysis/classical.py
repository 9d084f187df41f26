"""Classical test theory on a response matrix: facility, discrimination, reliability, groups.

Totals are the sum of the answered items' scores; with items missing (drawn forms, banks) the
rank of a taker is their mean score, and reliability is computed on the takers who answered
every item (`complete`), as alpha needs one covariance matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from trainer.analysis.matrix import ResponseMatrix

GROUP_SHARE = 0.27  # Kelley's upper and lower 27%


@dataclass(frozen=True)
class ItemStats:
    key: str
    takers: int
    facility: float  # proportion correct; the mean score for partial credit
    point_biserial: float | None  # item against the total including it
    corrected: float | None  # item against the rest of the test (total without it)
    upper_lower: float | None  # facility in the upper 27% minus the lower 27%
    alpha_if_deleted: float | None


@dataclass(frozen=True)
class Reliability:
    complete: int  # takers who answered every item: alpha is computed on them
    alpha: float | None
    kr20: float | None  # alpha when every score is 0 or 1
    mean: float | None
    variance: float | None  # sample variance of the total (n - 1)
    sem: float | None  # standard error of measurement: sd * sqrt(1 - alpha)


@dataclass(frozen=True)
class FormStats:
    takers: int
    items: list[ItemStats]
    reliability: Reliability
    distribution: list[tuple[str, int]]  # score band -> takers
    groups: np.ndarray  # per matrix row: 1 upper 27%, -1 lower 27%, 0 the middle (or no answer)


def _corr(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def score_groups(rank: np.ndarray) -> np.ndarray:
    """1 for the top 27% by `rank`, -1 for the bottom 27%, 0 between; ties broken by position."""
    n = len(rank)
    size = int(math.ceil(GROUP_SHARE * n)) if n >= 4 else 0
    order = np.argsort(rank, kind="stable")
    groups = np.zeros(n, dtype=int)
    if size:
        groups[order[:size]] = -1
        groups[order[n - size :]] = 1
    return groups


def alpha(scores: np.ndarray) -> float | None:
    """Cronbach's alpha of a complete takers x items matrix (KR-20 when it is 0/1)."""
    n, k = scores.shape
    if n < 2 or k < 2:
        return None
    total_var = scores.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return None
    return float(k / (k - 1) * (1 - scores.var(axis=0, ddof=1).sum() / total_var))


def _reliability(scores: np.ndarray) -> tuple[Reliability, list[float | None]]:
    complete = scores[~np.isnan(scores).any(axis=1)]
    k = scores.shape[1]
    a = alpha(complete)
    deleted = [alpha(np.delete(complete, j, axis=1)) if k > 2 else None for j in range(k)]
    if len(complete) < 2:
        return Reliability(len(complete), None, None, None, None, None), deleted
    totals = complete.sum(axis=1)
    variance = float(totals.var(ddof=1))
    binary = bool(np.isin(complete, (0.0, 1.0)).all())
    sem = math.sqrt(variance * (1 - a)) if a is not None and a <= 1 else None
    reliability = Reliability(
        len(complete), a, a if binary else None, float(totals.mean()), variance, sem
    )
    return reliability, deleted


def distribution(scores: np.ndarray) -> list[tuple[str, int]]:
    """Takers per total score when everyone answered every item with 0/1, else per 10% band."""
    answered = ~np.isnan(scores)
    filled = np.nan_to_num(scores)
    if answered.all() and np.isin(filled, (0.0, 1.0)).all():
        totals = filled.sum(axis=1).astype(int)
        counts = np.bincount(totals, minlength=scores.shape[1] + 1)
        return [(str(s), int(c)) for s, c in enumerate(counts)]
    with np.errstate(invalid="ignore"):
        percent = 100 * filled.sum(axis=1) / answered.sum(axis=1)
    percent = percent[~np.isnan(percent)]
    bands = np.minimum((percent // 10).astype(int), 9)
    counts = np.bincount(bands, minlength=10)
    return [(f"{10 * b}-{10 * b + 9 if b < 9 else 100}%", int(c)) for b, c in enumerate(counts)]


def _item(key, column, answered, totals, groups, deleted) -> ItemStats:
    x, t = column[answered], totals[answered]
    upper, lower = answered & (groups == 1), answered & (groups == -1)
    ul = float(column[upper].mean() - column[lower].mean()) if upper.any() and lower.any() else None
    return ItemStats(
        key=key,
        takers=int(answered.sum()),
        facility=float(x.mean()) if len(x) else math.nan,
        point_biserial=_corr(x, t),
        corrected=_corr(x, t - x),
        upper_lower=ul,
        alpha_if_deleted=deleted,
    )


def classical(matrix: ResponseMatrix) -> FormStats:
    """Every item's and the form's classical statistics."""
    scores = matrix.scores
    answered = matrix.answered
    taking = answered.any(axis=1)
    scores, answered = scores[taking], answered[taking]
    filled = np.nan_to_num(scores)
    totals = filled.sum(axis=1)
    rank = totals / np.maximum(answered.sum(axis=1), 1)
    groups = np.zeros(len(taking), dtype=int)
    groups[taking] = score_groups(rank)
    reliability, deleted = _reliability(scores)
    items = [
        _item(key, filled[:, j], answered[:, j], totals, groups[taking], deleted[j])
        for j, key in enumerate(matrix.items)
    ]
    return FormStats(int(taking.sum()), items, reliability, distribution(scores), groups)
