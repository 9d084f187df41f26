"""Situational-judgement cues: does a longer response get the higher rating, and what does a
taker earn who rates every response the same or simply by length."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.content_audit.cues import length
from trainer.content_audit.extract import Rated
from trainer.content_audit.stats import kendall_tau_within

RATINGS = (1, 2, 3, 4)


def sjt_score(ratings: Sequence[float], key: Sequence[int]) -> float:
    """The SJT scorer's rule: 1 - mean distance / 3 (trainer/assessments/types/sjt.py)."""
    distance = sum(abs(r - k) for r, k in zip(ratings, key, strict=True)) / len(key)
    return 1 - distance / 3


def chance(key: Sequence[int]) -> float:
    """Expected score of rating each response uniformly at random."""
    per = [sum(abs(r - k) for r in RATINGS) / len(RATINGS) for k in key]
    return 1 - sum(per) / len(per) / 3


def by_length(item: Rated) -> list[int]:
    """Rate the longest response 4, the shortest 1, evenly between (ties share a rating)."""
    sizes = [length(t) for t in item.texts]
    ordered = sorted(set(sizes))
    if len(ordered) == 1:
        return [2] * len(sizes)
    return [round(1 + 3 * ordered.index(s) / (len(ordered) - 1)) for s in sizes]


def sjt_report(items: Sequence[Rated]) -> dict:
    """Length-effectiveness tau, and flat and by-length ratings against chance, in percent."""
    if not items:
        return {"items": 0}
    n = len(items)
    flat = {c: sum(sjt_score([c] * len(i.ratings), i.ratings) for i in items) / n for c in RATINGS}
    best_flat = max(flat, key=lambda c: flat[c])
    groups = [[(length(t), r) for t, r in zip(i.texts, i.ratings, strict=True)] for i in items]
    longest_best = sum(
        max(range(len(i.texts)), key=lambda k: length(i.texts[k])) in _best(i) for i in items
    )
    return {
        "items": n,
        "tau_length_effectiveness": kendall_tau_within(groups),
        "longest_rated_best": round(100 * longest_best / n, 1),
        "chance": round(100 * sum(chance(i.ratings) for i in items) / n, 1),
        "flat": round(100 * flat[best_flat], 1),
        "flat_rating": best_flat,
        "by_length": round(100 * sum(sjt_score(by_length(i), i.ratings) for i in items) / n, 1),
    }


def _best(item: Rated) -> set[int]:
    top = max(item.ratings)
    return {k for k, r in enumerate(item.ratings) if r == top}
