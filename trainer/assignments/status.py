"""Whether assigned work is done, derived from what people did rather than stored twice.

Assignments sit above calls and quizzes, so they read runs and attempts; the features below
never need to know that work can be assigned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from trainer.assessments.models import Attempt
from trainer.assignments.models import Assignment
from trainer.db import db
from trainer.scenarios.models import ScenarioRun

Finished = dict[tuple[int, str], datetime]


def finished_calls(pairs: set[tuple[int, str]]) -> Finished:
    """When each (person, call) was first finished."""
    if not pairs:
        return {}
    rows = db.session.execute(
        select(ScenarioRun.person_id, ScenarioRun.scenario_key, func.min(ScenarioRun.finished_at))
        .where(ScenarioRun.person_id.in_({p for p, _ in pairs}), ScenarioRun.status == "finished")
        .group_by(ScenarioRun.person_id, ScenarioRun.scenario_key)
    )
    return {(p, k): at for p, k, at in rows if (p, k) in pairs}


def submitted_forms(pairs: set[tuple[int, str]]) -> Finished:
    """When each (person, form) was first submitted."""
    if not pairs:
        return {}
    rows = db.session.execute(
        select(Attempt.person_id, Attempt.form_key, func.min(Attempt.submitted_at))
        .where(Attempt.person_id.in_({p for p, _ in pairs}), Attempt.status == "submitted")
        .group_by(Attempt.person_id, Attempt.form_key)
    )
    return {(p, k): at for p, k, at in rows if (p, k) in pairs}


# kind -> function(pairs of (person_id, content_key)) -> {(person_id, key): finished_at}
COMPLETIONS: dict[str, Callable[[set[tuple[int, str]]], Finished]] = {
    "scenario": finished_calls,
    "form": submitted_forms,
}


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


def due_for(person_id: int) -> list[tuple[Assignment, AssignmentStatus]]:
    """A person's assignments with their status, overdue first."""
    rows = db.session.scalars(
        select(Assignment).where(Assignment.person_id == person_id).order_by(Assignment.due_on)
    ).all()
    status = statuses(rows, date.today())
    order = {"overdue": 0, "due": 1, "done": 2}
    return sorted(((a, status[a.id]) for a in rows), key=lambda p: (order[p[1].state], p[0].due_on))
