"""Attempts at forms and the answers given, saved one by one as they are given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.content.models import ContentVersion
from trainer.db import db, now_utc


class Attempt(db.Model):
    """One sitting of one version of a form. `plan` is what `assemble` drew from `seed`.

    `revision` is SQLAlchemy's version counter, so two submits racing each other submit once.
    """

    __table_args__ = (
        CheckConstraint("mode IN ('practice', 'assessment', 'screening')", name="mode"),
        CheckConstraint("status IN ('in_progress', 'submitted')", name="status"),
        # One row per attempt number: parallel "begin" posts cannot both take the last attempt.
        Index("ix_attempt_person_form_number", "person_id", "form_key", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    form_key: Mapped[str] = mapped_column(String(80), index=True)
    content_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    mode: Mapped[str] = mapped_column(String(20))
    number: Mapped[int]  # 1 for the person's first attempt at this form, and so on
    seed: Mapped[int]
    plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    deadline_at: Mapped[datetime | None]  # None: untimed
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[str | None] = mapped_column(String(20))  # taker | timer
    points: Mapped[float | None]
    max_points: Mapped[float | None]
    cbm_average: Mapped[float | None]
    revision: Mapped[int] = mapped_column(default=1)

    person: Mapped[User] = relationship()
    content_version: Mapped[ContentVersion] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": revision}

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def percent(self) -> int | None:
        if self.points is None or not self.max_points:
            return None
        return round(100 * self.points / self.max_points)


class Response(db.Model):
    """The answer at one position of an attempt, as given; `points` once it is final."""

    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    position: Mapped[int]
    item_key: Mapped[str] = mapped_column(String(80))
    item_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    answer: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    certainty: Mapped[int | None]
    flagged: Mapped[bool] = mapped_column(default=False)
    checked: Mapped[bool] = mapped_column(default=False)  # practice: feedback shown, answer final
    tries: Mapped[int] = mapped_column(default=0)
    first_points: Mapped[float | None]  # practice: the first checked try's score, the one counted
    points: Mapped[float | None]
    correct: Mapped[bool | None]
    saved_at: Mapped[datetime | None]

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    item_version: Mapped[ContentVersion] = relationship()


class Regrade(db.Model):
    """A person moved past answers of an item to its new version; what changed is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_key: Mapped[str] = mapped_column(String(80), index=True)
    from_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    to_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    started_by: Mapped[User | None] = relationship()
