"""The audit log's one table."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.db import db, now_utc

if TYPE_CHECKING:
    from trainer.auth.models import User


class AuditEvent(db.Model):
    """One action by one person (or by nobody signed in) on one subject.

    `subject` names the record acted on as `kind:id` (`user:12`, `item:neg-anchor`), so the log
    keeps its meaning after the record is gone; `actor_name` is kept for the same reason.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")

    actor: Mapped[User | None] = relationship("User")
