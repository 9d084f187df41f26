"""What the analysis index lists: forms, banks and calls, with how much data each has."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.assessments.models import Attempt
from trainer.content.store import latest_versions
from trainer.scenarios.models import ScenarioRun


def listing(session: Session) -> dict:
    """Forms with their submitted attempts, banks with their items, calls with their runs."""
    attempts = dict(
        session.execute(
            select(Attempt.form_key, func.count(Attempt.id))
            .where(Attempt.status == "submitted")
            .group_by(Attempt.form_key)
        ).all()
    )
    runs = dict(
        session.execute(
            select(ScenarioRun.scenario_key, func.count(ScenarioRun.id)).group_by(
                ScenarioRun.scenario_key
            )
        ).all()
    )
    versions = latest_versions(session, ["form", "item", "scenario"])
    banks: dict[str, int] = {}
    for v in versions:
        for competency in v.competencies if v.kind == "item" else ():
            banks[competency] = banks.get(competency, 0) + 1
    forms = sorted(
        (v.key, v.body.get("title", v.key), attempts.get(v.key, 0))
        for v in versions
        if v.kind == "form"
    )
    calls = sorted(
        (v.key, v.body.get("title", v.key), runs.get(v.key, 0))
        for v in versions
        if v.kind == "scenario"
    )
    return {"forms": forms, "banks": sorted(banks.items()), "calls": calls}
