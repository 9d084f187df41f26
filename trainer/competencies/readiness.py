"""A person's estimates against a role profile: status per requirement, readiness, coverage.

Pure (docs/scoring.md, section 4). A requirement is "not assessed" until the evidence decides it:
met at the required level, or the level above the attained one judged not met by at least two
independent sources. Only then can it show as developing or a gap: one miss is never red.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from trainer.competencies.estimate import Estimate


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
    def decided(self) -> bool:
        """Met, or short of the requirement on evidence from two or more sources."""
        if self.attained is None:
            return False
        if self.attained >= self.requirement.level:
            return True
        if self.attained == 0:
            return True  # level 1 itself was judged not met, by two or more sources
        above = self.estimate.next_check()
        return above is not None and above.state == "not_met"

    @property
    def gap(self) -> int | None:
        """Levels still to go; None when the evidence has not decided (never shown as a gap)."""
        if not self.decided:
            return None
        return max(0, self.requirement.level - self.attained)

    @property
    def status(self) -> str:
        if not self.decided:
            return "not_assessed"
        if self.gap == 0:
            return "meets"
        return "developing" if self.gap == 1 else "gap"


@dataclass(frozen=True)
class Readiness:
    rows: tuple[ProfileRow, ...]
    index: int | None  # 0-100 over the decided requirements; None when none is decided
    coverage: int  # share of the requirements' weight that is decided, 0-100
    threshold: int

    @property
    def ready(self) -> bool:
        return self.coverage == 100 and self.index is not None and self.index >= self.threshold

    @property
    def explanation(self) -> str:
        """Why the person is ready or not yet, in the words of the rule."""
        if self.index is None:
            return "no required competency has enough evidence yet"
        if self.coverage < 100:
            return (
                f"readiness {self.index} covers {self.coverage}% of the profile; "
                "it counts once every required competency has enough evidence"
            )
        if not self.ready:
            return f"readiness {self.index} is below the profile's threshold of {self.threshold}"
        short = sum(1 for row in self.rows if row.status != "meets")
        if short:
            rows = "requirement is" if short == 1 else "requirements are"
            reached = f"readiness {self.index} reaches {self.threshold}"
            return f"{reached}, though {short} {rows} not yet met"
        return f"readiness {self.index} reaches {self.threshold} and every required level is met"


def readiness(
    requirements: Iterable[Requirement], estimates: dict[str, Estimate], threshold: int
) -> Readiness:
    """Weighted share of required levels attained, over what is decided; coverage beside it."""
    rows = tuple(ProfileRow(r, estimates.get(r.competency)) for r in requirements)
    total = sum(row.requirement.weight for row in rows)
    decided = [row for row in rows if row.decided]
    decided_weight = sum(row.requirement.weight for row in decided)
    index = None
    if decided_weight:
        earned = sum(
            r.requirement.weight * min(r.attained, r.requirement.level) / r.requirement.level
            for r in decided
        )
        index = round(100 * earned / decided_weight)
    coverage = round(100 * decided_weight / total) if total else 0
    return Readiness(rows, index, coverage, threshold)
