"""The framework and role profiles as tables, for joins in reports; kept current by the loader."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.db import db


class Competency(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))
    indicators: Mapped[dict[str, list[str]]] = mapped_column(JSON)  # {"1": [...], ..., "4": [...]}


class RoleProfile(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(160))
    employer: Mapped[str] = mapped_column(String(120), default="")
    location: Mapped[str] = mapped_column(String(120), default="")
    posting: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(Text)
    readiness_threshold: Mapped[int]
    version_id: Mapped[int] = mapped_column(ForeignKey("content_version.id"))

    requirements: Mapped[list[ProfileRequirement]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="ProfileRequirement.id"
    )


class ProfileRequirement(db.Model):
    __table_args__ = (
        UniqueConstraint("profile_id", "competency_id"),
        CheckConstraint("level BETWEEN 1 AND 4", name="level"),
        CheckConstraint("weight BETWEEN 1 AND 5", name="weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("role_profile.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    level: Mapped[int]
    weight: Mapped[int]

    profile: Mapped[RoleProfile] = relationship(back_populates="requirements")
    competency: Mapped[Competency] = relationship()


def competency_names() -> dict[str, str]:
    """Competency names by key, in the framework's order: for labels on any page."""
    rows = db.session.execute(
        select(Competency.key, Competency.name).order_by(Competency.position, Competency.name)
    )
    return dict(rows.all())
