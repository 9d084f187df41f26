"""A candidate's fit to a role profile: per-competency results with bands, ranked with overlaps.

Pure. `competency_results` is the one adapter to the project's level rule: it gives a
candidate's scored answers the shape of ledger records (one unit, the candidate's screening) and
reads each competency's estimate from `competencies.estimate` (docs/scoring.md): the attained
level (0 when not decided), its confidence, and its band of plausible levels. Fit is the
readiness index (weighted share of each required level reached, capped at the requirement) over
the requirements the screening measured, computed at the attained levels and at the top of each
band: the candidate has shown `fit` and `high` is still plausible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from trainer.competencies.estimate import Estimate, estimate_all
from trainer.competencies.observe import Record
from trainer.competencies.readiness import Requirement


@dataclass(frozen=True)
class ScoredAnswer:
    """One scored answer of a screening: the item, what it measures, its points (0..1)."""

    item: str
    competencies: tuple[str, ...]
    level: int
    points: float


@dataclass(frozen=True)
class CompetencyResult:
    requirement: Requirement
    estimate: Estimate | None  # None: the screening asked nothing about it

    @property
    def measured(self) -> bool:
        return self.estimate is not None

    @property
    def low(self) -> int:
        """The attained level; 0 when the evidence does not decide one."""
        return (self.estimate.level or 0) if self.estimate else 0

    @property
    def high(self) -> int:
        """The highest level still plausible (the estimate's band)."""
        if self.estimate is None or self.estimate.band is None:
            return self.low
        return max(self.low, self.estimate.band[1])


@dataclass(frozen=True)
class Fit:
    results: tuple[CompetencyResult, ...]
    score: int | None  # 0-100 at the attained levels; None when nothing was measured
    high: int | None  # 0-100 at the top of every band
    coverage: int  # share of the requirements' weight the screening measured, 0-100


@dataclass(frozen=True)
class Ranked:
    """A candidate's place on the shortlist."""

    rank: int
    key: object  # the caller's id for the candidate
    fit: Fit
    passes: bool  # fit at or above the cut score
    tied_with_next: bool  # bands overlap with the next candidate: not clearly ordered


def records_of(unit: str, answers: Iterable[ScoredAnswer], at: datetime) -> list[Record]:
    """The answers as ledger records of one unit, in screening mode, dated `at`."""
    return [
        Record(competency, a.level, a.points, 1.0, "item", f"{unit}/item:{a.item}", at, "screening")
        for a in answers
        for competency in a.competencies
    ]


def competency_results(
    unit: str,
    answers: Iterable[ScoredAnswer],
    requirements: Sequence[Requirement],
    at: datetime,
) -> tuple[CompetencyResult, ...]:
    """Each requirement with the candidate's estimate through the project's level rule."""
    estimates = estimate_all(records_of(unit, answers, at), at)
    return tuple(CompetencyResult(r, estimates.get(r.competency)) for r in requirements)


def _index(results: Sequence[CompetencyResult], level_of) -> int | None:
    weight = sum(r.requirement.weight for r in results)
    if not weight:
        return None
    earned = sum(
        r.requirement.weight * min(level_of(r), r.requirement.level) / r.requirement.level
        for r in results
    )
    return round(100 * earned / weight)


def fit_of(results: Sequence[CompetencyResult]) -> Fit:
    """Fit at the attained levels and at the top of the bands, over what was measured."""
    measured = [r for r in results if r.measured]
    total = sum(r.requirement.weight for r in results)
    coverage = round(100 * sum(r.requirement.weight for r in measured) / total) if total else 0
    return Fit(
        tuple(results),
        _index(measured, lambda r: r.low),
        _index(measured, lambda r: r.high),
        coverage,
    )


def rank(fits: Iterable[tuple[object, Fit]], cut: int) -> list[Ranked]:
    """Highest fit first (then highest band top, then the caller's order); overlaps marked.

    Two neighbours are not clearly ordered when the lower one's band reaches the upper one's
    fit: the evidence could put them either way round.
    """
    listed = [(key, fit) for key, fit in fits]
    order = sorted(
        range(len(listed)),
        key=lambda i: (-(listed[i][1].score or 0), -(listed[i][1].high or 0), i),
    )
    ranked = []
    for place, i in enumerate(order):
        key, fit = listed[i]
        after = listed[order[place + 1]][1] if place + 1 < len(order) else None
        overlap = after is not None and (after.high or 0) >= (fit.score or 0)
        ranked.append(Ranked(place + 1, key, fit, (fit.score or 0) >= cut, overlap))
    return ranked


def cut_line(ranked: Sequence[Ranked]) -> int:
    """How many candidates stand above the cut line (the line falls before the first below)."""
    return next((i for i, r in enumerate(ranked) if not r.passes), len(ranked))
