"""Learned examples: a reviewed answer that does or does not show a behaviour of a call's step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db import db, now_utc


class LearnedExample(db.Model):
    """A manager's verdict on one behaviour of one answer, used by the matcher from `learned_at`.

    One row per normalised answer (`digest`) and behaviour: a later verdict on the same words
    replaces the earlier one.
    """

    __table_args__ = (
        UniqueConstraint("scenario_key", "step_key", "behaviour_key", "digest"),
        Index("ix_learned_example_scenario_learned", "scenario_key", "learned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_key: Mapped[str] = mapped_column(String(80))
    step_key: Mapped[str] = mapped_column(String(80))
    behaviour_key: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)  # the answer as the learner wrote it
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of its normalised words
    shown: Mapped[bool]
    source_ref: Mapped[str] = mapped_column(String(120))  # the reviewed answer
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    learned_at: Mapped[datetime] = mapped_column(default=now_utc)
