"""The review queue over time: how many answers waited for a manager at the end of each day.

Derived from stored facts only (when each answer was queued and when it was reviewed), so the
chart needs no counter kept in step with the queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta


def days_to(today: date, count: int) -> list[date]:
    """The `count` days up to and including `today`, oldest first."""
    return [today - timedelta(days=count - 1 - i) for i in range(count)]


def queue_sizes(answers: Iterable[tuple[datetime, datetime | None]], days: list[date]) -> list[int]:
    """For each day, the answers queued by its end (UTC) and not yet reviewed by then."""
    answers = list(answers)
    sizes = []
    for day in days:
        end = datetime.combine(day + timedelta(days=1), time(), UTC)
        sizes.append(
            sum(
                1
                for queued, reviewed in answers
                if queued < end and (reviewed is None or reviewed >= end)
            )
        )
    return sizes
