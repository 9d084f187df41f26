"""Levels and readiness from the evidence ledger, aggregated in SQL.

One query turns every person's evidence into `Tally` rows, whatever the number of people, so a
team page or a cohort export makes the same few queries for ten people or ten thousand.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, selectinload

from trainer.competencies.estimate import (
    AGE_BANDS_DAYS,
    Estimate,
    Readiness,
    Requirement,
    Tally,
    estimate_all,
    readiness,
)
from trainer.competencies.models import ProfileRequirement, RoleProfile
from trainer.evidence.models import Evidence
from trainer.evidence.store import current_evidence


def tallies(
    session: Session, people: Select | list[int], now: datetime, source_kinds=None
) -> dict[int, list[Tally]]:
    """Every listed person's current evidence, summed per competency, level, source and age."""
    recent, older = (now - timedelta(days=days) for days in AGE_BANDS_DAYS)
    band = case((Evidence.recorded_at >= recent, 0), (Evidence.recorded_at >= older, 1), else_=2)
    query = (
        select(
            Evidence.person_id,
            Evidence.competency_key,
            Evidence.level,
            Evidence.source_kind,
            band.label("band"),
            func.sum(Evidence.weight),
            func.sum(Evidence.weight * Evidence.score),
            func.count(),
        )
        .where(Evidence.person_id.in_(people), current_evidence())
        .group_by(
            Evidence.person_id,
            Evidence.competency_key,
            Evidence.level,
            Evidence.source_kind,
            band,
        )
    )
    if source_kinds is not None:
        query = query.where(Evidence.source_kind.in_(source_kinds))
    found: dict[int, list[Tally]] = defaultdict(list)
    for person, competency, level, kind, age, weight, weighted, count in session.execute(query):
        found[person].append(
            Tally(competency, level, kind, int(age), float(weight), float(weighted), count)
        )
    return found


def estimates_for(
    session: Session, people: Select | list[int], now: datetime, source_kinds=None
) -> dict[int, dict[str, Estimate]]:
    """Attained levels per person and competency."""
    by_person = tallies(session, people, now, source_kinds)
    return {person: estimate_all(rows) for person, rows in by_person.items()}


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
