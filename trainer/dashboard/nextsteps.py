"""What a person should do next, and who on a team needs attention: plain values in and out.

Pure. The levels, gaps and readiness come from the one rule (`competencies.readiness`); this
module only ranks what that rule already decided, so the dashboards never judge a level twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from trainer.competencies.readiness import ProfileRow, Readiness

TOP_GAPS = 3
INACTIVE_DAYS = 21  # no call, quiz or rating for this long: the person may have stalled
FALLING_BY = 5  # readiness points lost over LOOKBACK_DAYS that a manager should hear about
LOOKBACK_DAYS = 30
STATUS_ORDER = {"gap": 0, "developing": 1, "not_assessed": 2, "meets": 3}


@dataclass(frozen=True)
class Practice:
    """A call or quiz a person can start, with the competencies it gives evidence for."""

    kind: str  # scenario | form
    key: str
    title: str
    competencies: tuple[str, ...]
    profile: str | None = None  # a call written for one role profile


@dataclass(frozen=True)
class Suggestion:
    practice: Practice
    competency: str | None
    reason: str


def top_gaps(report: Readiness, count: int = TOP_GAPS) -> list[ProfileRow]:
    """The unmet requirements that matter most: confirmed gaps first, then by weight."""
    open_rows = [row for row in report.rows if row.status != "meets"]
    open_rows.sort(key=lambda r: (STATUS_ORDER[r.status], -(r.gap or 0), -r.requirement.weight))
    return open_rows[:count]


def _reason(row: ProfileRow, name: str, level_name: str) -> str:
    if row.status == "not_assessed":
        if row.estimate is not None and row.estimate.observations:
            return f"{name} has some evidence, not yet enough to decide your level"
        return f"{name} has no evidence yet, and your role needs {level_name}"
    levels = "one level" if row.gap == 1 else f"{row.gap} levels"
    return f"{name} is {levels} below the {level_name} your role needs"


def suggest(
    report: Readiness | None,
    practice: Iterable[Practice],
    recent: Iterable[str],
    names: dict[str, str],
    level_names: dict[int, str],
    profile: str | None = None,
) -> Suggestion | None:
    """The next call or quiz for the most important gap, preferring one not recently done.

    `recent` holds the keys the person finished lately: a different exercise for the same
    competency gives new, independent evidence, where a repeat would count once; a call written
    for the person's own role profile comes before one written for another.
    """
    if report is None:
        return None
    options = list(practice)
    done = set(recent)
    for row in top_gaps(report, len(report.rows)):
        key = row.requirement.competency
        fitting = [p for p in options if key in p.competencies]
        if not fitting:
            continue
        fitting.sort(
            key=lambda p: (
                p.key in done,
                p.profile not in (None, profile),
                p.kind != "scenario",
                p.title,
            )
        )
        name = names.get(key, key)
        reason = _reason(row, name, level_names.get(row.requirement.level, ""))
        return Suggestion(fitting[0], key, reason)
    return None


@dataclass(frozen=True)
class Risk:
    person_id: int
    reasons: tuple[str, ...]


def at_risk(
    person_id: int,
    index_now: int | None,
    index_before: int | None,
    last_active: datetime | None,
    joined: datetime,
    now: datetime,
) -> Risk | None:
    """Why a manager should look at this person now: readiness falling, or long inactive."""
    reasons = []
    known = index_now is not None and index_before is not None
    if known and index_before - index_now >= FALLING_BY:
        reasons.append(f"readiness fell from {index_before} to {index_now} in {LOOKBACK_DAYS} days")
    since = last_active or joined
    idle = (now - since).days
    if idle >= INACTIVE_DAYS:
        reasons.append(
            f"no activity for {idle} days"
            if last_active
            else f"no activity since joining {idle} days ago"
        )
    return Risk(person_id, tuple(reasons)) if reasons else None


def lookback(now: datetime) -> datetime:
    return now - timedelta(days=LOOKBACK_DAYS)
