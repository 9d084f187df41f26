"""Levels and evidence as rows for CSV and JSON, for the pages and `trainer export`.

Built on the same SQL aggregation as the reports, so an export of ten thousand people is a handful
of queries, not one per person.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from trainer.auth.models import Team, User
from trainer.competencies.levels import estimates_for, profiles, readiness_for
from trainer.evidence.models import Evidence
from trainer.evidence.store import current_evidence
from trainer.spreadsheet import to_csv

LEVEL_FIELDS = [
    "person_id",
    "name",
    "email",
    "team",
    "profile",
    "competency",
    "required_level",
    "attained_level",
    "confidence",
    "confidence_words",
    "level_low",
    "level_high",
    "status",
    "gap",
    "readiness_index",
    "coverage",
]
EVIDENCE_FIELDS = [
    "id",
    "person_id",
    "email",
    "competency",
    "level",
    "score",
    "weight",
    "source_kind",
    "source_id",
    "mode",
    "detail",
    "content_version_id",
    "recorded_by_id",
    "supersedes_id",
    "recorded_at",
    "current",
]


def people_query(team: str | None = None, within: Select | None = None) -> Select:
    """Learners, optionally of one team (by name) and within a viewer's scope."""
    query = select(User).where(User.role == "learner")
    if within is not None:
        query = query.where(User.id.in_(within.with_only_columns(User.id)))
    if team:
        query = query.join(Team, User.team_id == Team.id).where(Team.name == team)
    return query.order_by(User.name, User.id)


def level_rows(
    session: Session, people: Select, now: datetime, profile_key: str | None = None
) -> list[dict[str, Any]]:
    """One row per person and required competency of their profile (or `profile_key`)."""
    persons = session.scalars(people).all()
    teams = dict(session.execute(select(Team.id, Team.name)).all())
    all_profiles = profiles(session)
    estimates = estimates_for(session, people.with_only_columns(User.id).order_by(None), now)
    rows = []
    for person in persons:
        profile = all_profiles.get(profile_key or person.profile_key or "")
        if profile is None:
            continue
        report = readiness_for(profile, estimates.get(person.id, {}))
        for row in report.rows:
            rows.append(
                {
                    "person_id": person.id,
                    "name": person.name,
                    "email": person.email,
                    "team": teams.get(person.team_id, ""),
                    "profile": profile.key,
                    "competency": row.requirement.competency,
                    "required_level": row.requirement.level,
                    "attained_level": row.attained,
                    **estimate_fields(row.estimate),
                    "status": row.status,
                    "gap": row.gap,
                    "readiness_index": report.index,
                    "coverage": report.coverage,
                }
            )
    return rows


def estimate_fields(estimate) -> dict[str, Any]:
    """Confidence as number and words, and the plausible band of levels (screening shows it)."""
    assessed = estimate is not None and estimate.assessed
    band = estimate.band if estimate is not None else None
    return {
        "confidence": estimate.confidence if assessed else None,
        "confidence_words": estimate.confidence_label if assessed else "not enough evidence",
        "level_low": band[0] if band else None,
        "level_high": band[1] if band else None,
    }


def evidence_rows(session: Session, people: Select) -> list[dict[str, Any]]:
    """Every ledger record of these people, corrected ones marked as no longer current."""
    emails = dict(session.execute(people.with_only_columns(User.id, User.email)).all())
    query = (
        select(Evidence, current_evidence().label("current"))
        .where(Evidence.person_id.in_(people.with_only_columns(User.id).order_by(None)))
        .order_by(Evidence.person_id, Evidence.recorded_at, Evidence.id)
    )
    return [
        {
            "id": e.id,
            "person_id": e.person_id,
            "email": emails[e.person_id],
            "competency": e.competency_key,
            "level": e.level,
            "score": e.score,
            "weight": e.weight,
            "source_kind": e.source_kind,
            "source_id": e.source_id,
            "mode": e.mode or "",
            "detail": e.detail,
            "content_version_id": e.content_version_id,
            "recorded_by_id": e.recorded_by_id,
            "supersedes_id": e.supersedes_id,
            "recorded_at": e.recorded_at.isoformat(),
            "current": bool(current),
        }
        for e, current in session.execute(query)
    ]


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2)


def export(
    session: Session, people: Select, what: str, fmt: str, now: datetime, profile_key=None
) -> str:
    """Levels (against each person's profile, or `profile_key`) or evidence, as CSV or JSON."""
    if what == "levels":
        rows, fields = level_rows(session, people, now, profile_key), LEVEL_FIELDS
    else:
        rows, fields = evidence_rows(session, people), EVIDENCE_FIELDS
    return to_csv(rows, fields) if fmt == "csv" else to_json(rows)
