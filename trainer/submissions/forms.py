"""A form base whose every rendering carries a new one-time token."""

from __future__ import annotations

import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField


def new_token() -> str:
    return secrets.token_urlsafe(16)


class OnceForm(FlaskForm):
    """A form whose change is made once: a double click or a resend finds its token taken.

    `hidden_tag()` renders the token with the CSRF token. A post without one (a script, an old
    page) is still accepted, without that guarantee; a malformed one is refused when claimed.
    """

    once = HiddenField(default=new_token)
