"""Who may use each route: every view declares it, and undeclared views are refused.

`@allow(...)` stores the roles on the view function; `enforce_access` runs before every request
and answers with a login redirect (anonymous) or 403 (wrong role). A view without a rule is
refused for everyone, so a forgotten decorator fails closed and the route x role test names it.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, request
from flask_login import current_user

PUBLIC = "public"
ANY_USER = "any"


def allow(*roles: str) -> Callable:
    """Declare the roles that may use a view (`PUBLIC`, `ANY_USER` or role names)."""

    def mark(view: Callable) -> Callable:
        view.allowed_roles = frozenset(roles)
        return view

    return mark


def rule_for(endpoint: str | None) -> frozenset[str] | None:
    """The roles allowed on `endpoint`, or None when the view declares none."""
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "allowed_roles", None)


def enforce_access():
    """Refuse the request unless the current user's role is allowed on its endpoint."""
    if request.endpoint is None:  # 404 and 405 answer on their own
        return None
    if request.endpoint == "static":
        return None
    roles = rule_for(request.endpoint)
    if roles is None:
        abort(403)
    if PUBLIC in roles:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if ANY_USER in roles or current_user.role in roles:
        return None
    abort(403)
