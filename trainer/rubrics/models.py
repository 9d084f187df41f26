"""Rubric ratings: a manager's observed rating, a learner's self-rating, a blind second rating."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.db import db, now_utc

CONTEXTS = ("observed", "self", "review", "double")


class RatingSession(db.Model):
    """One rater rating one person once, on one or more competencies of the rubric.

    A `double` session rates the same observation as `original_id`, blind to its levels; it feeds
    the agreement report and writes no evidence, so one observation never counts twice.
    """

    __table_args__ = (
        CheckConstraint("context IN ('observed', 'self', 'review', 'double')", name="context"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    context: Mapped[str] = mapped_column(String(20))
    scenario_key: Mapped[str | None] = mapped_column(String(80))
    source_ref: Mapped[str | None] = mapped_column(String(120))  # what was reviewed, if anything
    original_id: Mapped[int | None] = mapped_column(ForeignKey("rating_session.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    rater: Mapped[User | None] = relationship(foreign_keys=[rater_id])
    ratings: Mapped[list[CompetencyRating]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="CompetencyRating.id"
    )


class CompetencyRating(db.Model):
    __table_args__ = (
        UniqueConstraint("session_id", "competency_key"),
        CheckConstraint("level BETWEEN 1 AND 4", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("rating_session.id", ondelete="CASCADE"))
    competency_key: Mapped[str] = mapped_column(String(80))
    level: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[RatingSession] = relationship(back_populates="ratings")


class ReviewRequest(db.Model):
    """A free response or essay waiting for a manager's rubric rating.

    It is done when a `review` rating names it; that fact is not stored twice.
    """

    __table_args__ = (UniqueConstraint("source_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    source_ref: Mapped[str] = mapped_column(String(120))  # SourceRef "scenario-run:4/step:close"
    title: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[str] = mapped_column(Text)
    competencies: Mapped[list[str]] = mapped_column(JSON)
    guidance: Mapped[str] = mapped_column(Text, default="")  # what a good answer shows
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
