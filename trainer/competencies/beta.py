"""The Beta distribution the confidence of a level is stated in (docs/scoring.md, section 3).

Pure and dependency-free: the regularised incomplete beta function by its continued fraction
(Lentz's method), which is exact to about 1e-12 for the small parameters a person's evidence gives.
"""

from __future__ import annotations

from functools import lru_cache
from math import exp, lgamma, log

_EPSILON = 1e-14
_TINY = 1e-300
_MAX_TERMS = 300


def _continued_fraction(x: float, a: float, b: float) -> float:
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_TERMS):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= c * d
        if abs(c * d - 1.0) < _EPSILON:
            break
    return result


def cdf(x: float, a: float, b: float) -> float:
    """P(p <= x) for p ~ Beta(a, b), with a, b > 0."""
    if a <= 0 or b <= 0:
        raise ValueError(f"Beta parameters must be positive, not ({a}, {b})")
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x))
    # The fraction converges fast on one side of the mean; use the symmetry on the other.
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(x, a, b) / a
    return 1.0 - front * _continued_fraction(1 - x, b, a) / b


@lru_cache(maxsize=65536)
def at_least(threshold: float, a: float, b: float) -> float:
    """P(p >= threshold) for p ~ Beta(a, b); people share posteriors, so answers are kept."""
    return 1.0 - cdf(threshold, a, b)


def quantile(q: float, a: float, b: float) -> float:
    """The x with P(p <= x) = q, by bisection (40 halvings: far finer than any display)."""
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle, a, b) < q else (low, middle)
    return (low + high) / 2
