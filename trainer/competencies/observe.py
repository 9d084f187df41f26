"""From ledger records to independent observations (docs/scoring.md, sections 1 and 2).

Pure. The ledger keeps every answer, choice and rating as it happened; this module decides what
each one is worth as evidence before any level is judged:

* self-ratings are set aside for calibration: they never attain or raise a level;
* in practice only the first try at an item (or a call's step) counts, once per period;
* a rubric rating R is mastery evidence at levels 1..R and non-mastery evidence at R + 1;
* one attempt, call or rating gives at most one observation per competency and level: its
  decisions are averaged first, one decision's weight is capped, and so is the unit's;
* recency decays smoothly with a half-life.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from trainer.evidence.sources import MODE_WEIGHTS

LEVELS = (1, 2, 3, 4)
# How much one observation counts, by who or what produced it.
SOURCE_WEIGHTS = {"rubric": 3.0, "scenario": 1.5, "free_response": 1.0, "item": 1.0, "self": 0.0}
HALF_LIFE_DAYS = 120.0  # evidence this old counts half; twice as old, a quarter
DECISION_CAP = 2.0  # one decision's weight in its unit, before the mode's factor
UNIT_CAP = 2.0  # one unit's size (its decisions' summed weight), before the mode's factor
PRACTICE_PERIOD_DAYS = 14  # the same practice item counts once in this many days


@dataclass(frozen=True)
class Record:
    """One current ledger row, as the reports read it or the CSV export writes it."""

    competency: str
    level: int
    score: float
    weight: float  # as stored: the observation's own weight times its mode's
    source_kind: str
    source_id: str  # "attempt:12/item:neg-1", "scenario-run:4/step:close", "rating:7"
    recorded_at: datetime
    mode: str | None = None  # practice, assessment, screening; None for ratings and old rows
    content_version_id: int | None = None

    @property
    def unit(self) -> str:
        """The attempt, call or rating it belongs to: its decisions are not independent."""
        return self.source_id.partition("/")[0]

    @property
    def practice_key(self) -> tuple:
        """What 'the same item' means in practice: the item, or the call's step and version."""
        origin, part = self.unit.partition(":")[0], self.source_id.partition("/")[2]
        version = None if origin == "attempt" else self.content_version_id
        return (self.competency, self.level, origin, version, part)


@dataclass(frozen=True)
class Observation:
    """One unit's evidence of one competency at one level: a score and a weight."""

    competency: str
    level: int
    score: float  # 0..1, the unit's decisions averaged
    weight: float  # source weight x size x recency
    unit: str
    decisions: int


def recency(recorded_at: datetime, now: datetime) -> float:
    """1.0 today, halving every HALF_LIFE_DAYS; future-dated rows count as today."""
    days = max(0.0, (now - recorded_at).total_seconds() / 86400)
    return 0.5 ** (days / HALF_LIFE_DAYS)


def first_tries(records: Iterable[Record]) -> list[Record]:
    """Every non-practice record, and practice records only for an item's first try per period.

    Retrying a practice item until it is right measures memory of the key, not the skill.
    """
    kept, last_counted = [], {}
    for record in sorted(records, key=lambda r: (r.recorded_at, r.source_id)):
        if record.mode != "practice":
            kept.append(record)
            continue
        key = record.practice_key
        since = last_counted.get(key)
        if since is not None and (record.recorded_at - since).days < PRACTICE_PERIOD_DAYS:
            continue
        last_counted[key] = record.recorded_at
        kept.append(record)
    return kept


def expand_rating(record: Record) -> list[tuple[int, float]]:
    """(level, score) pairs a record speaks to: a rating R also says 'not yet' at R + 1."""
    if record.source_kind != "rubric":
        return [(record.level, record.score)]
    pairs = [(level, record.score) for level in LEVELS if level <= record.level]
    if record.level < LEVELS[-1]:
        pairs.append((record.level + 1, 1.0 - record.score))
    return pairs


def observations(records: Iterable[Record], now: datetime) -> list[Observation]:
    """One observation per unit, competency and level, from the records that count."""
    groups: dict[tuple[str, str, int], list[tuple[Record, float]]] = defaultdict(list)
    for record in first_tries(r for r in records if SOURCE_WEIGHTS.get(r.source_kind, 0) > 0):
        for level, score in expand_rating(record):
            groups[(record.unit, record.competency, level)].append((record, score))
    return [
        _observe(unit, competency, level, rows, now)
        for (unit, competency, level), rows in sorted(groups.items())
    ]


def _observe(unit: str, competency: str, level: int, rows, now: datetime) -> Observation:
    factor = source = total = scored = 0.0
    newest = None
    for record, _ in rows:
        factor = max(factor, MODE_WEIGHTS.get(record.mode, 1.0))
        source = max(source, SOURCE_WEIGHTS[record.source_kind])
        newest = record.recorded_at if newest is None else max(newest, record.recorded_at)
    for record, score in rows:
        weight = min(record.weight, DECISION_CAP * factor)
        total, scored = total + weight, scored + weight * score
    size = min(total, UNIT_CAP * factor)
    weight = source * size * recency(newest, now)
    return Observation(competency, level, scored / total if total else 0.0, weight, unit, len(rows))


def latest_self_levels(records: Iterable[Record]) -> dict[str, int]:
    """The newest self-rated level per competency, for calibration beside the tested level."""
    latest: dict[str, tuple[datetime, int]] = {}
    for r in records:
        if r.source_kind == "self" and (
            r.competency not in latest or r.recorded_at >= latest[r.competency][0]
        ):
            latest[r.competency] = (r.recorded_at, r.level)
    return {key: level for key, (_, level) in latest.items()}
