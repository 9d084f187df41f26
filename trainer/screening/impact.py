"""Adverse impact at a cut score, from self-identified groups: pure, tested by hand.

Pass rate per group, the impact ratio to the group with the highest rate, the four-fifths rule
(a ratio below 0.8 is evidence of adverse impact), and Fisher's exact test (two-sided) against the
highest group when either group is small, where the four-fifths rule alone misleads. Groups
smaller than `min_size` are pooled into "Smaller groups", and the pool is hidden when it is still
too small, so no one is singled out by a rare answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy.stats import fisher_exact

FOUR_FIFTHS = 0.8
MIN_SIZE = 5  # groups below this are not shown on their own
SMALL = 30  # below this many people in either group, Fisher's exact test is shown
POOLED = "Smaller groups"
SIMULATED_CUTS = tuple(range(30, 91, 10))


@dataclass(frozen=True)
class GroupRate:
    group: str
    count: int
    passed: int
    ratio: float | None  # pass rate / the highest group's; None when nobody passed anywhere
    p_value: float | None  # Fisher's exact test against the highest group, when either is small

    @property
    def rate(self) -> float:
        return self.passed / self.count

    @property
    def highest(self) -> bool:
        return self.ratio == 1.0

    @property
    def adverse(self) -> bool:
        """Below four-fifths of the highest group's rate."""
        return self.ratio is not None and self.ratio < FOUR_FIFTHS


@dataclass(frozen=True)
class Impact:
    cut: int
    groups: tuple[GroupRate, ...]
    hidden: int  # people in groups too small to show, even pooled
    total: int
    passed: int

    @property
    def lowest_ratio(self) -> float | None:
        ratios = [g.ratio for g in self.groups if g.ratio is not None]
        return min(ratios) if ratios else None


def _pooled(counts: Counter, min_size: int) -> tuple[list[str], dict[str, str], int]:
    """The groups shown, each person's group as shown, and the people hidden."""
    small = sorted(g for g, n in counts.items() if n < min_size)
    pool_size = sum(counts[g] for g in small)
    shown = sorted(g for g in counts if g not in small)
    mapping = {g: g for g in shown}
    hidden = 0
    if small and pool_size >= min_size:
        shown.append(POOLED)
        mapping.update({g: POOLED for g in small})
    else:
        hidden = pool_size
    return shown, mapping, hidden


def adverse_impact(
    people: Iterable[tuple[str, float | None]], cut: int, min_size: int = MIN_SIZE
) -> Impact:
    """`people`: (group, fit) for each finished candidate who answered; fit None never passes."""
    people = list(people)
    counts = Counter(group for group, _ in people)
    shown, mapping, hidden = _pooled(counts, min_size)
    size: Counter = Counter()
    passed: Counter = Counter()
    for group, fit in people:
        if group in mapping:
            size[mapping[group]] += 1
            passed[mapping[group]] += fit is not None and fit >= cut
    rates = {g: passed[g] / size[g] for g in shown}
    top = max(shown, key=lambda g: (rates[g], size[g]), default=None)
    groups = tuple(_rate(g, size, passed, top) for g in shown)
    total_passed = sum(fit is not None and fit >= cut for _, fit in people)
    return Impact(cut, groups, hidden, len(people), total_passed)


def _rate(group: str, size: Counter, passed: Counter, top: str | None) -> GroupRate:
    best = passed[top] / size[top] if top else 0
    ratio = (passed[group] / size[group]) / best if best else None
    p_value = None
    if top is not None and group != top and min(size[group], size[top]) < SMALL:
        table = [
            [passed[group], size[group] - passed[group]],
            [passed[top], size[top] - passed[top]],
        ]
        p_value = float(fisher_exact(table, alternative="two-sided").pvalue)
    return GroupRate(group, size[group], passed[group], ratio, p_value)


def simulate(
    people: Sequence[tuple[str, float | None]],
    cuts: Iterable[int] = SIMULATED_CUTS,
    min_size: int = MIN_SIZE,
) -> list[Impact]:
    """The same report at each cut score, to see how pass rates and ratios move with it."""
    return [adverse_impact(people, cut, min_size) for cut in cuts]
