"""The evidence ledger: every scored observation of a person's competency, never edited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db import db, now_utc


class Evidence(db.Model):
    """One observation: a scenario choice, an item response, a rubric rating, a self-rating.

    A correction is a new record that names the one it supersedes, never an update. Rows are
    written only by `trainer.evidence.store`; the source kinds each origin may write are in
    `trainer.evidence.sources.SOURCE_KINDS`.
    """

    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 4", name="level"),
        CheckConstraint("score >= 0 AND score <= 1", name="score"),
        CheckConstraint(
            "source_kind IN ('rubric', 'scenario', 'free_response', 'item', 'self')",
            name="source_kind",
        ),
        CheckConstraint(
            "mode IS NULL OR mode IN ('practice', 'assessment', 'screening')", name="mode"
        ),
        Index("ix_evidence_person_competency", "person_id", "competency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    competency_key: Mapped[str] = mapped_column(String(80))
    level: Mapped[int]
    score: Mapped[float]
    weight: Mapped[float] = mapped_column(default=1.0)
    source_kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[str] = mapped_column(String(120))  # SourceRef "scenario-run:12/step:close"
    # practice, assessment or screening; None for ratings (the level rule treats practice apart)
    mode: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(500), default="")
    content_version_id: Mapped[int | None] = mapped_column(ForeignKey("content_version.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
