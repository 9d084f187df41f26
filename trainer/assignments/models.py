"""Work a manager assigns: a call or a quiz, to a person, with a due date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.db import db, now_utc


class Assignment(db.Model):
    """One person's assignment; assigning to a team makes one per member, sharing a batch."""

    __table_args__ = (
        CheckConstraint("kind IN ('scenario', 'form')", name="kind"),
        Index("ix_assignment_person_due", "person_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    content_key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(500), default="")
    batch: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
