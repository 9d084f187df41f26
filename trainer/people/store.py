"""People in the database: creating accounts for the admin pages, the CLI and the demo data."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.auth.models import Role, User
from trainer.auth.passwords import password_problem
from trainer.auth.store import end_all_sign_ins


class AccountError(ValueError):
    """A person could not be created as asked; the message says why."""


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    team_id: int | None = None,
    profile_key: str | None = None,
) -> User:
    """Add a user to the session, refusing a duplicate email or an unknown role."""
    email = email.strip().lower()
    if role not in {r.value for r in Role}:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(r.value for r in Role)}")
    try:  # the sign-in form's own check, so every account created can sign in
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"{email!r} is not an address anyone can sign in with: {exc}") from None
    if not name.strip():
        raise AccountError("give the person's name")
    if problem := password_problem(password, email):
        raise AccountError(problem)
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise AccountError(f"{email} already has an account")
    user = User(
        email=email, name=name.strip(), role=role, team_id=team_id, profile_key=profile_key or None
    )
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, user: User, active: bool) -> None:
    """Activate or deactivate a person; deactivating signs them out on every device at once."""
    user.active = active
    if not active:
        end_all_sign_ins(session, user.id)
