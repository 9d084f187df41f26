"""People, their roles and the teams managers lead."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.db import db, now_utc


class Role(StrEnum):
    LEARNER = "learner"
    MANAGER = "manager"
    RECRUITER = "recruiter"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"learner": "New hire", "manager": "Manager"}.get(self.value, self.value.title())


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "user.id", ondelete="SET NULL", use_alter=True
        )  # team and user refer to each other
    )
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    manager: Mapped[User | None] = relationship(foreign_keys=[manager_id])
    members: Mapped[list[User]] = relationship(
        back_populates="team", foreign_keys="User.team_id", order_by="User.name"
    )


class User(UserMixin, db.Model):
    __table_args__ = (
        CheckConstraint("role IN ('learner', 'manager', 'recruiter', 'admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    profile_key: Mapped[str | None] = mapped_column(String(80))
    time_factor: Mapped[float] = mapped_column(default=1.0)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    team: Mapped[Team | None] = relationship(back_populates="members", foreign_keys=[team_id])

    # The sign-in this request runs under (set by trainer.auth.store), never stored here.
    sign_in_token = None

    def get_id(self) -> str | None:
        """The session and remember cookie name a stored sign-in, not the person (see SignIn)."""
        return self.sign_in_token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sessions of deactivated users
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class SignIn(db.Model):
    """One browser signed in as a person: its session and remember cookie carry the token.

    Only the token's SHA-256 is stored. Deleting the row ends that browser's session and
    "keep me signed in" at once: sign-out deletes one, a password change, a deactivation or an
    admin's "sign out everywhere" delete all of a person's.
    """

    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship()
