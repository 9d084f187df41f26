"""Write an audit event into the caller's transaction (never commits, like every store)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from trainer.auditlog.actions import ACTIONS, clip
from trainer.auditlog.models import AuditEvent


def record(
    session: Session, action: str, *, actor=None, subject: str = "", detail: str = ""
) -> AuditEvent:
    """Add one event; `actor` is the signed-in person (or None), `subject` a `kind:id` name."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_name=(getattr(actor, "name", "") or "")[:120],
        subject=subject[:120],
        detail=clip(detail),
    )
    session.add(event)
    return event
