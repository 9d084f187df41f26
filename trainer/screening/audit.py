"""Screening's entries in the audit log: events, shares, statuses, extra time, exports, erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from trainer.auditlog.store import record as audit
from trainer.auth.models import User
from trainer.screening.models import ScreeningEvent


def record(
    session: Session,
    actor: User | None,
    action: str,
    event: ScreeningEvent,
    details: dict[str, Any],
) -> None:
    """One audit entry about `event` (actor None: the command line or the candidate)."""
    detail = ", ".join(f"{key} {value}" for key, value in details.items())
    audit(session, action, actor=actor, subject=f"screening-event:{event.id}", detail=detail)
