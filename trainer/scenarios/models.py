"""A learner's run through a role-play call: the moves they made, nothing derived."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.content.models import ContentVersion
from trainer.db import db, now_utc

RUN_MODES = ("practice", "assessment")
RUN_STATUSES = ("in_progress", "finished")


class ScenarioRun(db.Model):
    """One attempt at one version of a call. Every state is a replay of `moves`.

    `revision` is SQLAlchemy's version counter: two tabs (or a double submit) that both read
    revision N cannot both write N+1, so a step is never counted twice.
    """

    __table_args__ = (
        CheckConstraint("mode IN ('practice', 'assessment')", name="mode"),
        CheckConstraint("status IN ('in_progress', 'finished')", name="status"),
        Index("ix_scenario_run_person_scenario", "person_id", "scenario_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    scenario_key: Mapped[str] = mapped_column(String(80))
    content_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    mode: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int] = mapped_column(BigInteger)  # orders and names the choices shown (page.py)
    moves: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # practice: the evidence of each step's first try, kept when a retry takes the move back
    first_tries: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    outcome: Mapped[str | None] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]

    person: Mapped[User] = relationship()
    content_version: Mapped[ContentVersion] = relationship()

    __mapper_args__ = {"version_id_col": revision}

    @property
    def finished(self) -> bool:
        return self.status == "finished"
