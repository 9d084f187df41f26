"""Whether assigned work is done, derived from what people did rather than stored twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

# kind -> function(pairs of (person_id, content_key)) -> {(person_id, key): finished_at}
# Each feature registers the query that knows when its work is finished.
COMPLETIONS: dict[str, Callable[[set[tuple[int, str]]], dict[tuple[int, str], datetime]]] = {}


def register_completion(kind: str):
    def register(function):
        COMPLETIONS[kind] = function
        return function

    return register


@dataclass(frozen=True)
class AssignmentStatus:
    state: str  # done | overdue | due
    finished_at: datetime | None

    @property
    def label(self) -> str:
        return {"done": "Done", "overdue": "Overdue", "due": "To do"}[self.state]


def statuses(assignments: Iterable, today: date) -> dict[int, AssignmentStatus]:
    """The status of each assignment: done when finished after it was assigned."""
    assignments = list(assignments)
    finished: dict[tuple[str, int, str], datetime] = {}
    for kind, completion in COMPLETIONS.items():
        pairs = {(a.person_id, a.content_key) for a in assignments if a.kind == kind}
        if pairs:
            finished.update({(kind, *pair): at for pair, at in completion(pairs).items()})
    result = {}
    for a in assignments:
        at = finished.get((a.kind, a.person_id, a.content_key))
        if at is not None and at >= a.created_at:
            result[a.id] = AssignmentStatus("done", at)
        else:
            result[a.id] = AssignmentStatus("overdue" if a.due_on < today else "due", None)
    return result
