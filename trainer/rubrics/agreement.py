"""How far managers agree when they rate the same people, and which of them rate high or low.

Pure statistics over plain values: weighted kappa for two raters, ICC(2,1) for more, and each
rater's offset from the consensus. Arithmetic is exact (integers and fractions) so a threshold
such as "lenient at +0.5" never flips on a rounding error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

LEVELS = (1, 2, 3, 4)
LENIENT_AT = Fraction(1, 2)
KAPPA = "weighted kappa"
ICC = "ICC(2,1)"
# Landis & Koch (1977): upper bounds of each band; anything higher is "almost perfect"
BANDS = ((0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial"))


@dataclass(frozen=True)
class RaterSeverity:
    """A rater's lean against the consensus, so a manager who rates high can be coached."""

    rater: str
    mean_offset: float
    shared_subjects: int
    label: str  # "lenient", "harsh" or "in line"


@dataclass(frozen=True)
class AgreementReport:
    """One summary of a double-rating round, so reviewers see reliability and lean together."""

    subjects: int  # subjects the statistic was computed on
    statistic: str | None  # KAPPA, ICC, or None when no subject was rated twice
    value: float | None
    band: str | None
    severities: dict[str, RaterSeverity]


def weighted_kappa(
    pairs: Sequence[tuple[int, int]],
    categories: Sequence[int] = LEVELS,
    weights: str = "quadratic",
) -> float | None:
    """Cohen's weighted kappa, so near misses on an ordinal scale cost less than wide ones."""
    if weights not in ("linear", "quadratic"):
        raise ValueError(f"unknown kappa weights {weights!r}; use 'linear' or 'quadratic'")
    position = {category: index for index, category in enumerate(categories)}
    unknown = {level for pair in pairs for level in pair} - position.keys()
    if unknown:
        raise ValueError(f"levels {sorted(unknown)} are not among the categories {categories}")
    if len(pairs) < 2:
        return None
    power = 1 if weights == "linear" else 2

    def disagreement(i: int, j: int) -> int:
        return abs(i - j) ** power

    first = [0] * len(categories)
    second = [0] * len(categories)
    observed = 0
    for a, b in pairs:
        first[position[a]] += 1
        second[position[b]] += 1
        observed += disagreement(position[a], position[b])
    # expected disagreement under chance pairing of the two raters' own distributions, times n
    expected = sum(
        disagreement(i, j) * first[i] * second[j]
        for i in range(len(categories))
        for j in range(len(categories))
    )
    if expected == 0:
        return None
    return float(1 - Fraction(len(pairs) * observed, expected))


def icc(ratings: Sequence[Sequence[float | None]]) -> float | None:
    """ICC(2,1), so agreement among three or more raters counts their offsets, not just ranks."""
    widths = {len(row) for row in ratings}
    if len(widths) > 1:
        raise ValueError("every subject needs one entry per rater (None when missing)")
    rows = [[Fraction(x) for x in row] for row in ratings if None not in row]
    n = len(rows)
    k = len(rows[0]) if rows else 0
    if n < 2 or k < 2:
        return None
    grand = sum(map(sum, rows)) / (n * k)
    row_means = [sum(row) / k for row in rows]
    column_means = [sum(column) / n for column in zip(*rows, strict=True)]
    between_subjects = k * sum((m - grand) ** 2 for m in row_means)
    between_raters = n * sum((m - grand) ** 2 for m in column_means)
    total = sum((x - grand) ** 2 for row in rows for x in row)
    bms = between_subjects / (n - 1)
    jms = between_raters / (k - 1)
    ems = (total - between_subjects - between_raters) / ((n - 1) * (k - 1))
    # Shrout & Fleiss (1979), case 2: raters are a random sample, their bias counts as error
    denominator = bms + (k - 1) * ems + k * (jms - ems) / n
    if denominator == 0:
        return None
    return float((bms - ems) / denominator)


def severity(ratings: Iterable[tuple[str, str, int]]) -> dict[str, RaterSeverity]:
    """Each rater's mean offset from the consensus, so a harsh or lenient rater shows early."""
    return _severities(_shared_subjects(ratings))


def agreement_report(ratings: Iterable[tuple[str, str, int]]) -> AgreementReport:
    """Kappa for a pair of raters, ICC for more, with Landis & Koch band and rater severities."""
    shared = _shared_subjects(ratings)
    raters = sorted({rater for levels in shared.values() for rater in levels})
    subjects = sorted(shared)
    if len(raters) == 2:
        first, second = raters
        pairs = [(shared[s][first], shared[s][second]) for s in subjects]
        statistic, value, used = KAPPA, weighted_kappa(pairs), len(pairs)
    elif len(raters) > 2:
        matrix = [[shared[s].get(rater) for rater in raters] for s in subjects]
        statistic, value = ICC, icc(matrix)
        used = sum(None not in row for row in matrix)
    else:
        statistic, value, used = None, None, 0
    return AgreementReport(
        subjects=used,
        statistic=statistic,
        value=value,
        band=None if value is None else agreement_band(value),
        severities=_severities(shared),
    )


def agreement_band(value: float) -> str:
    """Landis & Koch's words for a coefficient, so a number reads the same to every manager."""
    if value < 0:
        return "poor"
    for upper, band in BANDS:
        if value < upper:
            return band
    return "almost perfect"


def _shared_subjects(ratings: Iterable[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """Levels by subject and rater, keeping only subjects that two or more raters rated."""
    by_subject: dict[str, dict[str, int]] = defaultdict(dict)
    for subject, rater, level in ratings:
        by_subject[subject][rater] = level  # a rater's later rating of a subject replaces theirs
    return {subject: levels for subject, levels in by_subject.items() if len(levels) >= 2}


def _severities(shared: dict[str, dict[str, int]]) -> dict[str, RaterSeverity]:
    offsets: dict[str, list[Fraction]] = defaultdict(list)
    for levels in shared.values():
        consensus = Fraction(sum(levels.values()), len(levels))
        for rater, level in levels.items():
            offsets[rater].append(level - consensus)
    result = {}
    for rater in sorted(offsets):
        mean = sum(offsets[rater]) / len(offsets[rater])
        label = "lenient" if mean >= LENIENT_AT else "harsh" if mean <= -LENIENT_AT else "in line"
        result[rater] = RaterSeverity(rater, float(mean), len(offsets[rater]), label)
    return result
