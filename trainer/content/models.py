"""Every version of every content record, so past results keep what they were scored on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db import db, now_utc


class ContentVersion(db.Model):
    """One version of a scenario, item, form, competency or profile, as validated at load."""

    __table_args__ = (UniqueConstraint("kind", "key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Stored at load from the kind's `exercises`, so pages need not parse the body to know it.
    competencies: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    pack: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.key}@{self.version}"


class ContentAsset(db.Model):
    """A picture an imported item shows, stored once under the hash of its bytes."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of `data`
    media_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
