"""Levels and readiness from the evidence ledger, for the pages, the exports and the CLI.

One query reads every listed person's current evidence, whatever the number of people, and the
pure rule (`estimate.py`, `readiness.py`) runs once per person in Python: a team page or a cohort
export makes the same few queries for ten people or ten thousand.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from trainer.competencies.estimate import Estimate, estimate_all
from trainer.competencies.models import ProfileRequirement, RoleProfile
from trainer.competencies.observe import Record
from trainer.competencies.readiness import Readiness, Requirement, readiness
from trainer.evidence.models import Evidence
from trainer.evidence.store import current_evidence

COLUMNS = (
    Evidence.person_id,
    Evidence.competency_key,
    Evidence.level,
    Evidence.score,
    Evidence.weight,
    Evidence.source_kind,
    Evidence.source_id,
    Evidence.recorded_at,
    Evidence.mode,
    Evidence.content_version_id,
)


def records(
    session: Session, people: Select | list[int], source_kinds=None
) -> dict[int, list[Record]]:
    """Every listed person's current evidence, as the pure rule reads it."""
    query = select(*COLUMNS).where(Evidence.person_id.in_(people), current_evidence())
    if source_kinds is not None:
        query = query.where(Evidence.source_kind.in_(source_kinds))
    found: dict[int, list[Record]] = defaultdict(list)
    for person, *values in session.execute(query):
        found[person].append(Record(*values))
    return found


def estimates_for(
    session: Session, people: Select | list[int], now: datetime, source_kinds=None
) -> dict[int, dict[str, Estimate]]:
    """Attained levels per person and competency."""
    by_person = records(session, people, source_kinds)
    return {person: estimate_all(rows, now) for person, rows in by_person.items()}


def profiles(session: Session) -> dict[str, RoleProfile]:
    """Every role profile with its requirements, in one query."""
    query = select(RoleProfile).order_by(RoleProfile.title)
    requirements = selectinload(RoleProfile.requirements)
    rows = session.scalars(query.options(requirements.selectinload(ProfileRequirement.competency)))
    return {profile.key: profile for profile in rows}


def requirements_of(profile: RoleProfile) -> list[Requirement]:
    return [
        Requirement(r.competency.key, r.level, r.weight)
        for r in sorted(profile.requirements, key=lambda r: (-r.weight, r.competency.position))
    ]


def readiness_for(profile: RoleProfile, estimates: dict[str, Estimate]) -> Readiness:
    return readiness(requirements_of(profile), estimates, profile.readiness_threshold)
