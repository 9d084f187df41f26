"""Import a validated pack into the database: new versions for changed records, nothing else."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.competencies.models import Competency, ProfileRequirement, RoleProfile
from trainer.content.models import ContentVersion
from trainer.content.pack import Pack, content_hash


@dataclass
class LoadReport:
    """What a load changed, per kind: records added, changed (new version) and unchanged."""

    added: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed)

    def lines(self) -> list[str]:
        kinds = sorted(set(self.added) | set(self.changed) | set(self.unchanged))
        return [
            f"{kind}: {self.added[kind]} added, {self.changed[kind]} changed, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        ]


def _version_for(
    session: Session, pack: Pack, kind: str, key: str, model, report
) -> ContentVersion:
    """The record's newest version if its content is unchanged, else a new version."""
    digest = content_hash(model)
    latest = current_version(session, kind, key)
    if latest is not None and latest.content_hash == digest:
        report.unchanged[kind] += 1
        return latest
    (report.changed if latest else report.added)[kind] += 1
    version = ContentVersion(
        kind=kind,
        key=key,
        version=latest.version + 1 if latest else 1,
        content_hash=digest,
        body=model.model_dump(mode="json"),
        pack=pack.info.key,
    )
    session.add(version)
    session.flush()
    return version


def _sync_competency(session: Session, position: int, definition, version: ContentVersion) -> None:
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


def _sync_profile(session: Session, definition, version: ContentVersion) -> None:
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


def load_pack(session: Session, pack: Pack) -> LoadReport:
    """Add the pack's records to the session; the caller commits once, or rolls back."""
    report = LoadReport()
    for kind, key, model in pack.records():
        version = _version_for(session, pack, kind, key, model, report)
        if kind == "competency":
            _sync_competency(session, list(pack.competencies).index(key), model, version)
            session.flush()
        elif kind == "profile":
            _sync_profile(session, model, version)
    session.flush()
    return report


def current_version(session: Session, kind: str, key: str) -> ContentVersion | None:
    """The newest version of a record."""
    return session.scalar(
        select(ContentVersion)
        .where(ContentVersion.kind == kind, ContentVersion.key == key)
        .order_by(ContentVersion.version.desc())
        .limit(1)
    )


def latest_versions(session: Session, kinds: Iterable[str]) -> list[ContentVersion]:
    """The newest version of every record of these kinds, in one query."""
    newest = (
        select(ContentVersion.kind, ContentVersion.key, func.max(ContentVersion.version).label("v"))
        .where(ContentVersion.kind.in_(list(kinds)))
        .group_by(ContentVersion.kind, ContentVersion.key)
        .subquery()
    )
    return list(
        session.scalars(
            select(ContentVersion).join(
                newest,
                (ContentVersion.kind == newest.c.kind)
                & (ContentVersion.key == newest.c.key)
                & (ContentVersion.version == newest.c.v),
            )
        )
    )
