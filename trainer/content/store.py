"""Import a validated pack into the database: new versions for changed records, nothing else."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.content.audit import ContentChange
from trainer.content.kinds import ContentKind
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
    session: Session, pack: Pack, kind: ContentKind, key: str, model, report: LoadReport
) -> ContentVersion:
    """The record's newest version if its content is unchanged, else a new version."""
    digest, competencies = content_hash(model), kind.exercises(model)
    latest = current_version(session, kind.name, key)
    if (
        latest is not None
        and latest.content_hash != digest
        and kept_by_staff(session, latest, digest)
    ):
        # An item retired from the analysis pages stays retired until the pack itself changes.
        report.unchanged[kind.name] += 1
        return latest
    if latest is not None and latest.content_hash == digest:
        report.unchanged[kind.name] += 1
        if latest.competencies != competencies:
            latest.competencies = competencies  # the rule is code: a changed rule refreshes it
        return latest
    (report.changed if latest else report.added)[kind.name] += 1
    version = ContentVersion(
        kind=kind.name,
        key=key,
        version=latest.version + 1 if latest else 1,
        content_hash=digest,
        body=model.model_dump(mode="json"),
        competencies=competencies,
        pack=pack.info.key,
    )
    session.add(version)
    session.flush()
    return version


def kept_by_staff(session: Session, latest: ContentVersion, digest: str) -> bool:
    """Whether `latest` is a staff change (content_change) made on the very content in the pack."""
    before = session.scalar(
        select(ContentVersion.content_hash)
        .join(ContentChange, ContentChange.from_version_id == ContentVersion.id)
        .where(ContentChange.to_version_id == latest.id)
    )
    return before == digest


def load_pack(session: Session, pack: Pack, kinds: Sequence[ContentKind]) -> LoadReport:
    """Add the pack's records to the session, kind by kind; the caller commits or rolls back."""
    report = LoadReport()
    for kind in kinds:
        for position, (key, model) in enumerate(pack.records_of(kind.name).items()):
            version = _version_for(session, pack, kind, key, model, report)
            if kind.on_load is not None:
                kind.on_load(session, model, version, position)
                session.flush()  # later kinds look up what this one wrote
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
