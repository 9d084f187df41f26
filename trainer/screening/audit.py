"""Screening's entries in the audit log: status changes, extra time, shares and exports."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from trainer.auth.models import User
from trainer.screening.models import ScreeningEvent


def record(
    session: Session,
    actor: User | None,
    action: str,
    event: ScreeningEvent,
    details: dict[str, Any],
) -> None:
    """Log who did what to which event (the shared audit log takes over once it is merged)."""
    who = actor.email if actor is not None else "cli"
    current_app.logger.info("audit %s by %s on event %s: %s", action, who, event.id, details)
