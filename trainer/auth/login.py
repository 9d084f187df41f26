"""Signing in, wired into the app: who the session's user is, and access rules on every request."""

from __future__ import annotations

from flask import Flask

from trainer.auth.access import enforce_access
from trainer.auth.models import User
from trainer.auth.store import signed_in_user
from trainer.db import db
from trainer.extensions import login_manager


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The person whose stored sign-in the session or remember cookie names."""
    return signed_in_user(db.session, token)


def init_app(app: Flask) -> None:
    """Send anonymous visitors to sign in and check every request against its view's rule."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    app.before_request(enforce_access)
