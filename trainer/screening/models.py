"""Screening events and their candidates, who never get a `user` account.

Candidates live only here, so no new-hire page, report or export (which all start from `user`)
can list them, and their answers never enter the evidence ledger. Personal data sits in a few
columns of `candidate` that erasure and the retention purge set to NULL; what stays is anonymous.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.content.models import ContentVersion
from trainer.db import db, now_utc

STATUSES = ("new", "advance", "hold", "decline")


class ScreeningEvent(db.Model):
    """A job fair (or any screening day): the profile screened for, its cut score, its link."""

    __table_args__ = (
        CheckConstraint("cut_score BETWEEN 0 AND 100", name="cut_score"),
        CheckConstraint("retention_days BETWEEN 1 AND 730", name="retention_days"),
        CheckConstraint("kiosk_idle_seconds BETWEEN 30 AND 1800", name="kiosk_idle_seconds"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(16), unique=True)  # the public link /e/<slug>
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    profile_key: Mapped[str] = mapped_column(String(80))
    form_key: Mapped[str] = mapped_column(String(80))
    form_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    cut_score: Mapped[int]
    retention_days: Mapped[int]
    kiosk_idle_seconds: Mapped[int] = mapped_column(default=120)
    show_result: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    owner: Mapped[User] = relationship()
    form_version: Mapped[ContentVersion] = relationship()
    shares: Mapped[list[EventShare]] = relationship(cascade="all, delete-orphan")


class EventShare(db.Model):
    """Another recruiter or a hiring manager who may see the event."""

    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("screening_event.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class Candidate(db.Model):
    """One sign-up at an event, and the screening drawn for it; `revision` makes submit once."""

    __table_args__ = (
        CheckConstraint("status IN ('new', 'advance', 'hold', 'decline')", name="status"),
        CheckConstraint("extra_minutes BETWEEN 0 AND 240", name="extra_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("screening_event.id", ondelete="CASCADE"), index=True
    )
    # Personal data: NULL once erased (on request or past the event's retention).
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # SHA-256 of the link
    token_expires_at: Mapped[datetime | None]
    consented_at: Mapped[datetime] = mapped_column(default=now_utc)
    erased_at: Mapped[datetime | None]
    erased_by: Mapped[str | None] = mapped_column(String(20))  # candidate | retention
    # The screening: drawn at sign-up from `seed`, as the assessments' delivery draws it.
    seed: Mapped[int]
    plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    time_limit_minutes: Mapped[int | None]  # the form's, when it has one
    extra_minutes: Mapped[int] = mapped_column(default=0)  # accommodations
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[str | None] = mapped_column(String(20))  # candidate | timer
    status: Mapped[str] = mapped_column(String(10), default="new")
    revision: Mapped[int] = mapped_column(default=1)

    event: Mapped[ScreeningEvent] = relationship()
    answers: Mapped[list[CandidateAnswer]] = relationship(
        back_populates="candidate",
        order_by="CandidateAnswer.position",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": revision}

    @property
    def finished(self) -> bool:
        return self.submitted_at is not None

    @property
    def erased(self) -> bool:
        return self.erased_at is not None


class CandidateAnswer(db.Model):
    """The answer at one position of a candidate's screening, as given; `points` once scored."""

    __table_args__ = (UniqueConstraint("candidate_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    position: Mapped[int]
    item_key: Mapped[str] = mapped_column(String(80))
    item_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    answer: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    points: Mapped[float | None]
    saved_at: Mapped[datetime | None]

    candidate: Mapped[Candidate] = relationship(back_populates="answers")
    item_version: Mapped[ContentVersion] = relationship()


class SelfIdentification(db.Model):
    """A voluntary answer to one self-identification question, kept apart from the ranking."""

    __table_args__ = (UniqueConstraint("candidate_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        ForeignKey("screening_event.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(String(20))
    answer: Mapped[str] = mapped_column(String(40))
