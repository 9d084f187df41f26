"""A call's runs from the database, with each person's quiz performance, for `analyse_call`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.analysis.calls import CallAnalysis, RunRecord, analyse_call
from trainer.assessments.models import Attempt
from trainer.content.store import current_version
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.models import ScenarioRun


def quiz_performance(session: Session, person_ids: set[int]) -> dict[int, float]:
    """Each person's mean share of points over their submitted quiz attempts."""
    rows = session.execute(
        select(Attempt.person_id, func.avg(Attempt.points / Attempt.max_points))
        .where(Attempt.status == "submitted", Attempt.max_points > 0)
        .where(Attempt.person_id.in_(person_ids))
        .group_by(Attempt.person_id)
    ).all()
    return {person: float(share) for person, share in rows if share is not None}


def call_analysis(session: Session, key: str) -> tuple[CallAnalysis, int] | None:
    """The analysis of the runs on the call's current version, and how many older runs exist."""
    version = current_version(session, "scenario", key)
    if version is None:
        return None
    runs = session.execute(
        select(
            ScenarioRun.person_id,
            ScenarioRun.moves,
            ScenarioRun.status,
            ScenarioRun.content_version_id,
        )
        .where(ScenarioRun.scenario_key == key)
        .order_by(ScenarioRun.id)
    ).all()
    current = [r for r in runs if r.content_version_id == version.id]
    performance = quiz_performance(session, {r.person_id for r in current})
    records = [
        RunRecord(r.moves, r.status == "finished", performance.get(r.person_id)) for r in current
    ]
    return analyse_call(scenario_of(version), records), len(runs) - len(current)
