"""The audit of content changes made by staff outside a pack (the analysis pages retire items).

A load of a pack that is unchanged since such a change keeps the staff's version current
(`content.store`), so restarting the server does not bring a retired item back.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.content.models import ContentVersion
from trainer.db import db, now_utc

if TYPE_CHECKING:
    from trainer.auth.models import User

STATUS_CHANGES = ("retired", "draft", "live")


class ContentChange(db.Model):
    """One status change of an item: the version it replaced, the one it made, and the reason."""

    __table_args__ = (CheckConstraint("status IN ('retired', 'draft', 'live')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(80), index=True)
    from_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    to_version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    changed_by: Mapped[User | None] = relationship("User")
    from_version: Mapped[ContentVersion] = relationship(foreign_keys=[from_version_id])
    to_version: Mapped[ContentVersion] = relationship(foreign_keys=[to_version_id])
