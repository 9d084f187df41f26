"""Attained level per competency, with its confidence and band, from a person's evidence.

Pure (docs/scoring.md). `observe.observations` turns ledger records into independent
observations; here each level is judged on the evidence at that level (success above it counts
too, failure above it does not), under a Beta model of the person's mastery at the level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from trainer.competencies import beta
from trainer.competencies.observe import (
    LEVELS,
    Observation,
    Record,
    latest_self_levels,
    observations,
)

MASTERY = 0.7  # the share of success that is mastery of a level
PRIOR = (1.0, 1.0)  # Beta(1, 1): before any evidence, every mastery rate is equally likely
DECIDE = 0.5  # P(mastery) at or above it: met; below it: not met (with enough evidence)
MIN_WEIGHT = 1.5  # effective weight a level needs before it is judged either way
MIN_UNITS_AGAINST = 2  # independent units that fall short before a level is judged not met
PLAUSIBLE = 0.2  # a level is in the band while P(mastery) of it and below stays above this
WORDS = ((0.75, "high"), (0.5, "medium"), (0.0, "low"))


@dataclass(frozen=True)
class LevelCheck:
    """The evidence of one level, the Beta posterior it gives, and the verdict with its reason."""

    level: int
    weight: float  # effective weight counted for this level
    success: float  # its successful part
    units: int  # independent attempts, calls and ratings counted for this level
    units_short: int  # of them, those whose score at the level is below MASTERY
    observations: int  # decisions behind them

    @cached_property
    def posterior(self) -> tuple[float, float]:
        return PRIOR[0] + self.success, PRIOR[1] + self.weight - self.success

    @property
    def mean(self) -> float | None:
        return self.success / self.weight if self.weight else None

    @cached_property
    def p_mastery(self) -> float:
        """P(mastery rate >= MASTERY) under the posterior."""
        return beta.at_least(MASTERY, *self.posterior)

    @property
    def state(self) -> str:
        """met, not_met, or unknown (not enough evidence to say either)."""
        if self.weight < MIN_WEIGHT:
            return "unknown"
        if self.p_mastery >= DECIDE:
            return "met"
        return "not_met" if self.units_short >= MIN_UNITS_AGAINST else "unknown"

    @property
    def met(self) -> bool:
        return self.state == "met"

    def interval(self, width: float = 0.8) -> tuple[float, float]:
        """The central credible interval of the mastery rate (80% by default)."""
        tail = (1 - width) / 2
        return beta.quantile(tail, *self.posterior), beta.quantile(1 - tail, *self.posterior)

    @property
    def reason(self) -> str:
        chance = f"P(mastery) {self.p_mastery:.0%}"
        if self.weight < MIN_WEIGHT:
            return f"not enough evidence at this level ({self.weight:.1f} of {MIN_WEIGHT:g})"
        if self.state == "met":
            return f"{chance} reaches {DECIDE:.0%}: mastery is the likelier"
        if self.state == "not_met":
            return f"{chance}, below {DECIDE:.0%}, from {self.units_short} independent sources"
        return f"{chance}, but only {self.units_short} source below {MASTERY:.0%}: needs 2"


@dataclass(frozen=True)
class Estimate:
    competency: str
    level: int | None  # None: not enough evidence; 0: evidence shows level 1 is not met
    confidence: float  # 0..1: P(mastery at the level) x P(no mastery at the next)
    checks: tuple[LevelCheck, ...]
    observations: int
    band: tuple[int, int] | None = None  # lowest and highest plausible level (0: below L1)
    self_level: int | None = None  # the newest self-rating, for calibration only

    @property
    def assessed(self) -> bool:
        return self.level is not None

    @property
    def confidence_label(self) -> str:
        if self.level is None:
            return "none"
        return next(word for floor, word in WORDS if self.confidence >= floor)

    @property
    def confidence_text(self) -> str:
        """Words and number, e.g. 'medium (0.62)'."""
        if self.level is None:
            return "not enough evidence"
        return f"{self.confidence_label} ({self.confidence:.2f})"

    def next_check(self) -> LevelCheck | None:
        """The level above the attained one, whose verdict decides a gap."""
        level = self.level or 0
        return self.checks[level] if self.level is not None and level < len(self.checks) else None

    @property
    def mastery_interval(self) -> tuple[float, float] | None:
        """80% credible interval of the mastery rate at the attained level (level 1 if none)."""
        if self.level is None:
            return None
        return self.checks[max(self.level, 1) - 1].interval()


def checks_for(seen: Iterable[Observation]) -> tuple[LevelCheck, ...]:
    """A LevelCheck per level from each unit's evidence at it, or else its best success above.

    Evidence above a level counts for it by its successful part only (mastering a harder task
    shows the easier one; failing it says nothing about the easier one), and a unit counts once.
    """
    by_unit: dict[str, dict[int, Observation]] = defaultdict(dict)
    for o in seen:
        by_unit[o.unit][o.level] = o
    checks = []
    for level in LEVELS:
        weight = success = 0.0
        units = short = decisions = 0
        for levels in by_unit.values():
            above = max((o.weight * o.score for lv, o in levels.items() if lv > level), default=0)
            here = levels.get(level)
            if here is None:
                if above > 0:
                    weight, success, units = weight + above, success + above, units + 1
                continue
            # the unit's success above joins its evidence here, and the unit still counts once
            pooled = here.weight + above
            score = (here.weight * here.score + above) / pooled
            unit_weight = max(here.weight, above)
            weight, success = weight + unit_weight, success + unit_weight * score
            units, short = units + 1, short + (score < MASTERY)
            decisions += here.decisions
        checks.append(LevelCheck(level, weight, success, units, short, decisions))
    return tuple(checks)


def _attained(checks: tuple[LevelCheck, ...]) -> int | None:
    """Highest L with every level up to it met; 0 when level 1 is judged not met.

    When the chain stops at an undecided level while a higher level is met, or at one whose
    single source leaves mastery plausible either way, the evidence is ambiguous (one bad
    choice at an easier level of a good call): not enough evidence, rather than a level two
    below what the rest of the evidence shows.
    """
    attained = 0
    for check in checks:
        if not check.met:
            break
        attained = check.level
    stop = checks[attained] if attained < len(checks) else None
    if stop is not None and stop.state == "unknown" and stop.units == 1:
        above_met = any(c.met for c in checks[attained + 1 :])
        if above_met or (stop.weight >= MIN_WEIGHT and stop.p_mastery >= PLAUSIBLE):
            return None
    if attained == 0 and checks[0].state != "not_met":
        return None
    return attained


def _band(checks: tuple[LevelCheck, ...], attained: int) -> tuple[int, int]:
    high = 0
    for check in checks:
        if check.p_mastery < PLAUSIBLE:
            break
        high = check.level
    return attained, max(attained, high)


def estimate(
    competency: str, seen: Iterable[Observation], self_level: int | None = None
) -> Estimate:
    """The level the observations support, with its confidence and plausible band."""
    seen = list(seen)
    checks = checks_for(seen)
    level = _attained(checks)
    decisions = sum(o.decisions for o in seen)
    if level is None:
        return Estimate(competency, None, 0.0, checks, decisions, _band(checks, 0), self_level)
    held = checks[level - 1].p_mastery if level else 1.0
    above = 1.0 - checks[level].p_mastery if level < len(checks) else 1.0
    return Estimate(
        competency,
        level,
        round(held * above, 2),
        checks,
        decisions,
        _band(checks, level),
        self_level,
    )


def estimate_all(records: Iterable[Record], now: datetime) -> dict[str, Estimate]:
    """An estimate for every competency with any record (self-ratings alone give no level)."""
    records = list(records)
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for o in observations(records, now):
        grouped[o.competency].append(o)
    selves = latest_self_levels(records)
    return {
        key: estimate(key, grouped.get(key, ()), selves.get(key))
        for key in sorted({r.competency for r in records})
    }
