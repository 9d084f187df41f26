"""Calibration: how a person rates themselves beside their manager's ratings and their tests.

It reads rating sessions, so it lives with the rubric; the tested level comes from the
competencies' estimates below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.competencies.levels import estimates_for
from trainer.rubrics.models import CompetencyRating, RatingSession


@dataclass(frozen=True)
class Calibration:
    """Self, manager and test evidence of one competency side by side."""

    competency: str
    self_level: int | None
    manager_level: int | None
    tested_level: int | None

    @property
    def gap(self) -> int | None:
        """How far the person's view of themselves is from the others' (positive: above)."""
        other = self.manager_level if self.manager_level is not None else self.tested_level
        if self.self_level is None or other is None:
            return None
        return self.self_level - other


def latest_ratings(session: Session, person_id: int, contexts: list[str]) -> dict[str, int]:
    """The most recent rated level per competency from rating sessions of these contexts."""
    rows = session.execute(
        select(CompetencyRating.competency_key, CompetencyRating.level)
        .join(RatingSession)
        .where(RatingSession.person_id == person_id, RatingSession.context.in_(contexts))
        .order_by(RatingSession.created_at, RatingSession.id)
    )
    return dict(rows.all())  # later rows overwrite earlier ones


def calibration(session: Session, person_id: int, now: datetime) -> dict[str, Calibration]:
    """Per competency: the latest self-rating, the latest manager rating, the tested level."""
    mine = latest_ratings(session, person_id, ["self"])
    managers = latest_ratings(session, person_id, ["observed", "review"])
    tested = estimates_for(session, [person_id], now, ["item", "scenario", "free_response"])
    tested_levels = {k: e.level for k, e in tested.get(person_id, {}).items()}
    keys = sorted(set(mine) | set(managers) | set(tested_levels))
    return {
        key: Calibration(key, mine.get(key), managers.get(key), tested_levels.get(key))
        for key in keys
    }
