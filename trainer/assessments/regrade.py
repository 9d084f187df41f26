"""Regrading past answers to an item's newest version: the dry run a person checks first.

A new version of a live item never rescores anyone by itself; a person looks at every score the
regrade would change, then applies it (`store.apply_regrade`). Evidence is corrected by new rows
that supersede the old ones, so the ledger keeps what was believed before.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from trainer.assessments.delivery import from_json
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt, Response
from trainer.assessments.scoring import score
from trainer.assessments.types import type_of
from trainer.content.models import ContentVersion
from trainer.content.store import current_version


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
    if type_of(item).manager_rated or not responses:
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
