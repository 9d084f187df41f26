"""Regrading past answers to an item's newest version: a dry run first, then one recorded change.

A new version of a live item never rescores anyone by itself; a person looks at every score the
regrade would change, then applies it. Evidence is corrected by new rows that supersede the old
ones, so the ledger keeps what was believed before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from trainer.assessments.attempts import item_of
from trainer.assessments.delivery import from_json
from trainer.assessments.models import Attempt, Regrade, Response
from trainer.assessments.scoring import score
from trainer.content.models import ContentVersion
from trainer.content.store import current_version
from trainer.evidence.ledger import supersede
from trainer.evidence.sources import SourceRef


class NothingToRegrade(Exception):
    """The item has no newer version than the answers, or nobody answered it."""


@dataclass(frozen=True)
class Change:
    response_id: int
    attempt_id: int
    person: str
    from_version: int
    old_points: float
    new_points: float

    @property
    def changes_score(self) -> bool:
        return abs(self.new_points - self.old_points) > 1e-9


@dataclass(frozen=True)
class DryRun:
    item_key: str
    target: ContentVersion
    changes: list[Change]

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.changes_score]


def dry_run(session: Session, item_key: str) -> DryRun:
    """Every submitted answer on an older version, with its score now and under the newest."""
    target = current_version(session, "item", item_key)
    if target is None:
        raise NothingToRegrade(f"there is no item {item_key!r}")
    item = item_of(target)
    responses = session.scalars(
        select(Response)
        .join(Attempt)
        .where(
            Response.item_key == item_key,
            Response.item_version_id != target.id,
            Response.points.is_not(None),
            Attempt.status == "submitted",
        )
        .options(selectinload(Response.attempt).selectinload(Attempt.person))
        .options(selectinload(Response.item_version))
        .order_by(Response.id)
    ).all()
    if item.type == "essay" or not responses:
        raise NothingToRegrade(f"no submitted answer to {item_key} is on an older version")
    changes = [
        Change(
            response_id=r.id,
            attempt_id=r.attempt_id,
            person=r.attempt.person.name,
            from_version=r.item_version.version,
            old_points=r.points,
            new_points=score(item, from_json(item, r.answer)).points if r.answer is not None else 0,
        )
        for r in responses
    ]
    return DryRun(item_key, target, changes)


def apply(session: Session, run: DryRun, started_by_id: int, now: datetime) -> Regrade:
    """Move the answers to the new version, rescore attempts, supersede evidence; record it."""
    item = item_of(run.target)
    first_from = session.get(Response, run.changes[0].response_id).item_version_id
    for change in run.changes:
        response = session.get(Response, change.response_id)
        response.item_version_id, response.points = run.target.id, change.new_points
        response.correct = change.new_points == 1
        attempt = response.attempt
        attempt.points = (attempt.points or 0) - change.old_points + change.new_points
        if change.changes_score:
            source = SourceRef.attempt_item(attempt.id, item.key)
            supersede(
                session, source, score=change.new_points, at=now, content_version_id=run.target.id
            )
    regrade = Regrade(
        item_key=run.item_key,
        from_version_id=first_from,
        to_version_id=run.target.id,
        started_by_id=started_by_id,
        changes=[
            {
                "attempt": c.attempt_id,
                "person": c.person,
                "from_version": c.from_version,
                "old": c.old_points,
                "new": c.new_points,
                "changed": c.changes_score,
            }
            for c in run.changes
        ],
        created_at=now,
    )
    session.add(regrade)
    session.flush()
    return regrade
