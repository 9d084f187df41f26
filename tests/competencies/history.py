"""Build ledger records for the level rule's tests: a tiny language of attempts, calls, ratings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from trainer.competencies.observe import Record

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
_IDS = count(1)


def attempt(competency, answers, *, mode="assessment", days_ago=0, item_prefix="q", unit=None):
    """One quiz attempt: answers are (level, score) pairs, one item each."""
    unit = unit or next(_IDS)
    factor = 0.5 if mode == "practice" else 1.0
    return [
        Record(
            competency,
            level,
            float(score),
            factor,
            "item",
            f"attempt:{unit}/item:{item_prefix}{n}-l{level}",
            NOW - timedelta(days=days_ago),
            mode,
        )
        for n, (level, score) in enumerate(answers)
    ]


def call(competency, choices, *, mode="assessment", days_ago=0, version=1):
    """One call: choices are (level, score, weight) triples."""
    unit = next(_IDS)
    factor = 0.5 if mode == "practice" else 1.0
    return [
        Record(
            competency,
            level,
            float(score),
            weight * factor,
            "scenario",
            f"scenario-run:{unit}/step:s{n}",
            NOW - timedelta(days=days_ago),
            mode,
            version,
        )
        for n, (level, score, weight) in enumerate(choices)
    ]


def rating(competency, level, *, kind="rubric", days_ago=0):
    unit = next(_IDS)
    return [
        Record(competency, level, 1.0, 1.0, kind, f"rating:{unit}", NOW - timedelta(days=days_ago))
    ]
