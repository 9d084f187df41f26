"""Stored sign-ins: each login gets its own random token, so each can be ended on the server.

Adds to the caller's session and never commits, like every store.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from trainer.auth.models import SignIn, User
from trainer.db import now_utc

# A browser session without "keep me signed in" ends within a day even if its tab stays open.
SESSION_LIFETIME = timedelta(hours=24)
REMEMBER_LIFETIME = timedelta(days=14)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_sign_in(session: Session, user: User, remember: bool = False) -> str:
    """Store a new sign-in for `user`, name it on the user object, and return its token."""
    token = secrets.token_urlsafe(32)
    session.add(SignIn(user_id=user.id, token_hash=_digest(token), remember=remember))
    session.flush()
    user.sign_in_token = token
    return token


def signed_in_user(session: Session, token: str) -> User | None:
    """The active person a stored, unexpired sign-in belongs to, or None."""
    if not token or len(token) > 100:
        return None
    row = session.execute(
        select(SignIn.created_at, SignIn.remember, User)
        .join(User, User.id == SignIn.user_id)
        .where(SignIn.token_hash == _digest(token))
    ).first()
    if row is None:
        return None
    created_at, remember, user = row
    if created_at + (REMEMBER_LIFETIME if remember else SESSION_LIFETIME) < now_utc():
        return None
    user.sign_in_token = token
    return user


def end_sign_in(session: Session, token: str | None) -> None:
    """End one browser's sign-in (sign out)."""
    if token:
        session.execute(delete(SignIn).where(SignIn.token_hash == _digest(token)))


def end_all_sign_ins(session: Session, user_id: int) -> int:
    """End every sign-in of a person, on every device; return how many there were."""
    result = session.execute(delete(SignIn).where(SignIn.user_id == user_id))
    return result.rowcount or 0
