"""Reading a person's attempts: how many, the open one, the items already shown (no changes)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.assessments.models import Attempt, Response


def attempts_used(session: Session, person_id: int, form_key: str) -> int:
    return session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.person_id == person_id, Attempt.form_key == form_key
        )
    )


def open_attempt(session: Session, person_id: int, form_key: str) -> Attempt | None:
    return session.scalar(
        select(Attempt)
        .where(
            Attempt.person_id == person_id,
            Attempt.form_key == form_key,
            Attempt.status == "in_progress",
        )
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def items_seen(session: Session, person_id: int) -> frozenset[str]:
    """The keys of every item the person has been shown in any attempt."""
    rows = session.scalars(
        select(Response.item_key).join(Attempt).where(Attempt.person_id == person_id)
    )
    return frozenset(rows)
