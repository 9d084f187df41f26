"""Competencies and role profiles in the database, kept in step with their newest content version.

Loading a pack calls these through the content kinds; each adds to the caller's session.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.competencies.models import Competency, ProfileRequirement, RoleProfile
from trainer.competencies.schema import CompetencyDef, ProfileDef
from trainer.content.models import ContentVersion


def sync_competency(
    session: Session, definition: CompetencyDef, version: ContentVersion, position: int
) -> None:
    """Keep the competency's row (name, indicators, order) in step with its newest version."""
    row = session.scalar(select(Competency).where(Competency.key == definition.key))
    if row is None:
        row = Competency(key=definition.key)
        session.add(row)
    row.name, row.category, row.description = (
        definition.name,
        definition.category,
        definition.description,
    )
    row.source, row.position, row.version_id = definition.source, position, version.id
    row.indicators = {str(level): list(lines) for level, lines in sorted(definition.levels.items())}


def sync_profile(
    session: Session, definition: ProfileDef, version: ContentVersion, position: int
) -> None:
    """Keep the profile's row and its requirements in step with its newest version."""
    row = session.scalar(select(RoleProfile).where(RoleProfile.key == definition.key))
    if row is None:
        row = RoleProfile(key=definition.key)
        session.add(row)
    for name in ("title", "employer", "location", "posting", "summary", "readiness_threshold"):
        setattr(row, name, getattr(definition, name))
    row.version_id = version.id
    competencies = dict(session.execute(select(Competency.key, Competency.id)).all())
    # Update in place: replacing the rows would insert before deleting and trip the unique key.
    existing = {requirement.competency_id: requirement for requirement in row.requirements}
    wanted = {competencies[r.competency]: r for r in definition.requirements}
    for competency_id, requirement in existing.items():
        if competency_id not in wanted:
            row.requirements.remove(requirement)
    for competency_id, r in wanted.items():
        requirement = existing.get(competency_id)
        if requirement is None:
            requirement = ProfileRequirement(competency_id=competency_id)
            row.requirements.append(requirement)
        requirement.level, requirement.weight = r.level, r.weight
