"""Attained level per competency, with confidence, from a person's evidence (docs/scoring.md).

Pure: the reports aggregate the evidence ledger in SQL into `Tally` rows (one per competency,
level, source kind and age band) and pass them here, so a person's page and a team of ten thousand
use the same rule, and the same evidence gives the same result on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = (1, 2, 3, 4)
# How much one unit of evidence weight counts, by who or what produced it.
SOURCE_WEIGHTS = {"rubric": 3.0, "scenario": 1.5, "free_response": 1.0, "item": 1.0, "self": 0.5}
# Age bands: newer than 90 days, newer than 180 days, older. Recent work counts most.
AGE_BANDS_DAYS = (90, 180)
RECENCY = (1.0, 0.5, 0.25)
MASTERY = 0.7  # weighted mean score needed at a level and below
MIN_TOTAL = 2.0  # effective weight needed at a level and below
MIN_AT_LEVEL = 1.0  # effective weight needed at the level itself
CONFIDENCE_HALF = 4.0  # effective weight at which confidence reaches 0.5


@dataclass(frozen=True)
class Tally:
    """Evidence of one competency at one level, from one kind of source, in one age band."""

    competency: str
    level: int
    source_kind: str
    age_band: int  # 0, 1 or 2 (see AGE_BANDS_DAYS)
    weight: float  # sum of the records' weights
    weighted_score: float  # sum of weight x score
    count: int

    @property
    def factor(self) -> float:
        return SOURCE_WEIGHTS.get(self.source_kind, 1.0) * RECENCY[self.age_band]


@dataclass(frozen=True)
class LevelCheck:
    """Whether the evidence at a level and below meets the rule, and why."""

    level: int
    weight: float  # effective weight at this level and below
    weight_at_level: float
    mean: float | None  # weighted mean score at this level and below
    observations: int
    met: bool

    @property
    def reason(self) -> str:
        if self.weight_at_level < MIN_AT_LEVEL:
            have = f"{self.weight_at_level:.1f} of {MIN_AT_LEVEL:g}"
            return f"not enough evidence at this level ({have})"
        if self.weight < MIN_TOTAL:
            return f"not enough evidence ({self.weight:.1f} of {MIN_TOTAL:g})"
        verdict = "meets" if self.met else "is below"
        return f"mean score {self.mean:.0%} {verdict} the {MASTERY:.0%} mastery threshold"


@dataclass(frozen=True)
class Estimate:
    competency: str
    level: int | None  # None: not enough evidence; 0: evidence shows below level 1
    confidence: float  # 0..1
    checks: tuple[LevelCheck, ...]
    observations: int

    @property
    def assessed(self) -> bool:
        return self.level is not None

    @property
    def confidence_label(self) -> str:
        if self.level is None:
            return "none"
        return "high" if self.confidence >= 0.75 else "medium" if self.confidence >= 0.5 else "low"


def confidence(weight: float) -> float:
    """Grows with the effective weight behind the level: 0.5 at 4, 0.75 at 12, never 1."""
    return round(weight / (weight + CONFIDENCE_HALF), 2)


def estimate(competency: str, tallies: Iterable[Tally]) -> Estimate:
    """The highest level whose evidence, at that level and below, meets the mastery rule."""
    weight = defaultdict(float)
    scored = defaultdict(float)
    counts = defaultdict(int)
    for tally in tallies:
        weight[tally.level] += tally.weight * tally.factor
        scored[tally.level] += tally.weighted_score * tally.factor
        counts[tally.level] += tally.count
    checks = []
    for level in LEVELS:
        below = [lv for lv in LEVELS if lv <= level]
        total = sum(weight[lv] for lv in below)
        mean = sum(scored[lv] for lv in below) / total if total else None
        met = (
            weight[level] >= MIN_AT_LEVEL
            and total >= MIN_TOTAL
            and mean is not None
            and mean >= MASTERY
        )
        checks.append(
            LevelCheck(level, total, weight[level], mean, sum(counts[lv] for lv in below), met)
        )
    attained = max((c.level for c in checks if c.met), default=None)
    everything = sum(weight.values())
    if attained is None:
        attained = 0 if everything >= MIN_TOTAL else None
    basis = checks[attained - 1].weight if attained else everything
    return Estimate(
        competency=competency,
        level=attained,
        confidence=confidence(basis) if attained is not None else 0.0,
        checks=tuple(checks),
        observations=sum(counts.values()),
    )


def estimate_all(tallies: Iterable[Tally]) -> dict[str, Estimate]:
    """An estimate for every competency that has any evidence."""
    grouped: dict[str, list[Tally]] = defaultdict(list)
    for tally in tallies:
        grouped[tally.competency].append(tally)
    return {competency: estimate(competency, rows) for competency, rows in grouped.items()}


@dataclass(frozen=True)
class Requirement:
    competency: str
    level: int
    weight: int


@dataclass(frozen=True)
class ProfileRow:
    requirement: Requirement
    estimate: Estimate | None

    @property
    def attained(self) -> int | None:
        return self.estimate.level if self.estimate else None

    @property
    def gap(self) -> int | None:
        """Levels still to go; None when not yet assessed (never shown as a gap)."""
        if self.attained is None:
            return None
        return max(0, self.requirement.level - self.attained)

    @property
    def status(self) -> str:
        if self.attained is None:
            return "not_assessed"
        if self.gap == 0:
            return "meets"
        return "developing" if self.gap == 1 else "gap"


@dataclass(frozen=True)
class Readiness:
    rows: tuple[ProfileRow, ...]
    index: int | None  # 0-100 over the assessed requirements; None when none is assessed
    coverage: int  # share of the requirements' weight that is assessed, 0-100
    threshold: int

    @property
    def ready(self) -> bool:
        return self.coverage == 100 and self.index is not None and self.index >= self.threshold


def readiness(
    requirements: Iterable[Requirement], estimates: dict[str, Estimate], threshold: int
) -> Readiness:
    """Weighted share of required levels attained, over what has evidence; coverage beside it."""
    rows = tuple(ProfileRow(r, estimates.get(r.competency)) for r in requirements)
    total = sum(row.requirement.weight for row in rows)
    assessed = [row for row in rows if row.attained is not None]
    assessed_weight = sum(row.requirement.weight for row in assessed)
    index = None
    if assessed_weight:
        earned = sum(
            r.requirement.weight * min(r.attained, r.requirement.level) / r.requirement.level
            for r in assessed
        )
        index = round(100 * earned / assessed_weight)
    coverage = round(100 * assessed_weight / total) if total else 0
    return Readiness(rows, index, coverage, threshold)
