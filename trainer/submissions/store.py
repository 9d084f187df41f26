"""Claiming a form's token: the first claim wins, any other is refused."""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.errors import Refused
from trainer.submissions.models import Submission

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # trainer.submissions.forms.new_token


class DamagedForm(Refused):
    """A token no page of ours rendered."""

    def __init__(self) -> None:
        super().__init__("the form was damaged in transit; reload the page and send it again")


class AlreadySent(Refused):
    """The same form was sent before (a double click, a resend, a parallel post)."""

    def __init__(self) -> None:
        super().__init__("that form was already sent, and its change is saved once")


def claim(session: Session, user_id: int, token: str | None) -> None:
    """Record that this form is acted on, in the caller's transaction; AlreadySent if it was.

    The primary key decides between parallel posts: the second insert waits for the first
    transaction and fails once it commits (PostgreSQL), or waits for the write lock and then
    fails (SQLite). A form without a token is not tracked.
    """
    if not token:
        return
    if not TOKEN.fullmatch(token):
        raise DamagedForm()
    session.add(Submission(token=token, user_id=user_id))
    try:
        session.flush()
    except IntegrityError:
        raise AlreadySent() from None
