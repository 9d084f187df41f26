"""The site around the features: navigation, security headers, error pages, template helpers.

Only create_app imports it; features never do, so it may name every feature's endpoints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import InterfaceError, InternalError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import Conflict

from trainer.auth.access import ANY_USER
from trainer.competencies.scale import LEVEL_NAMES
from trainer.db import db
from trainer.errors import Refused
from trainer.inputs import BoundedInt, clean_text

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# (label, endpoint, roles): features add their pages here; unregistered endpoints are skipped.
NAV = [
    ("Dashboard", "dashboard.home", {ANY_USER}),
    ("Framework", "competencies.framework", {ANY_USER}),
    ("Calls", "scenarios.index", {"learner", "manager", "admin"}),
    ("Quizzes", "assessments.index", {ANY_USER}),
    ("My progress", "reports.home", {"learner"}),
    ("Team progress", "reports.team", {"manager", "admin"}),
    ("Role profiles", "competencies.profiles", {ANY_USER}),
    ("Rate team", "rubrics.team", {"manager"}),
    ("Reviews", "rubrics.reviews", {"manager"}),
    ("Agreement", "rubrics.agreement", {"manager", "admin"}),
    ("My ratings", "rubrics.mine", {"learner"}),
    ("Assignments", "assignments.manage", {"manager", "admin"}),
    ("Extra time", "assessments.accommodations", {"manager", "recruiter", "admin"}),
    ("People", "people.index", {"admin"}),
    ("Teams", "people.teams", {"admin"}),
    ("Audit log", "audit.index", {"admin"}),
    ("Items", "item_admin.index", {"admin"}),
    ("Analysis", "analysis.index", {"manager", "admin"}),
    ("Job fairs", "screening.index", {"recruiter", "manager", "admin"}),
]


# kind of content -> the endpoint that starts it, taking the content key as `key`.
START_ENDPOINTS = {"scenario": "scenarios.start", "form": "assessments.start"}


def start_url(kind: str, key: str) -> str | None:
    """Where a person starts a call or quiz, or None while that feature is not installed."""
    endpoint = START_ENDPOINTS.get(kind)
    if endpoint in current_app.view_functions:
        return url_for(endpoint, key=key)
    return None


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def nav_items() -> list[NavItem]:
    """The main navigation for the signed-in person's role."""
    role = current_user.role
    return [
        NavItem(label, url_for(endpoint), request.endpoint == endpoint)
        for label, endpoint, roles in NAV
        if endpoint in current_app.view_functions and (ANY_USER in roles or role in roles)
    ]


ERRORS = {
    400: ("Something in that request was not right", "Go back, reload the page and try again."),
    403: ("This page is not for your role", "If you think you should see it, ask an admin."),
    404: ("We could not find that page", "It may have been removed, or the link is mistyped."),
    405: ("That action is not available here", "Go back and use the buttons on the page."),
    409: ("That changed while you were working", "Nothing was saved. Reload and try again."),
    429: ("Too many attempts", "Wait a minute, then try again."),
    500: ("Something went wrong on our side", "Nothing you entered was lost. Try again shortly."),
}


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if hsts := current_app.config.get("HSTS_SECONDS"):
        response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
    if (
        "_user_id" in session
        and request.endpoint != "static"
        and not response.cache_control.immutable
    ):
        # Signed-in pages and exports hold people's results: no shared or back-button copies.
        # A content-addressed file the view marks immutable (an item's figure) keeps its caching.
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def _cleaned(fields: ImmutableMultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        (clean_text(name), clean_text(value)) for name, value in fields.items(multi=True)
    )


def _clean_request() -> None:
    """Strip control characters (NUL above all) from every field before any view reads it."""
    if "\x00" in request.path:
        abort(404)
    if request.args:
        request.args = _cleaned(request.args)
    if request.method == "POST" and request.form:
        request.form = _cleaned(request.form)


UNAVAILABLE = (
    "The trainer cannot reach its database",
    "Nothing you entered was lost. Wait a minute, then reload the page.",
)
READ_ONLY = (
    "The trainer cannot save changes right now",
    "Its database is read-only for maintenance, so nothing was saved. Keep this page open and"
    " try again in a few minutes.",
)


def _read_only(error: Exception) -> bool:
    """PostgreSQL's read-only transaction (SQLSTATE 25006), or SQLite's read-only file."""
    orig = getattr(error, "orig", None)
    return getattr(orig, "sqlstate", None) == "25006" or "readonly database" in str(orig)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, advice = ERRORS.get(code, ERRORS[500])
    description = getattr(error, "description", None) if code in (400, 404) else None
    return render_template(
        "errors.html", code=code, title=title, advice=advice, description=description
    ), code


def _bare_page(code: int, title: str, advice: str):
    """An error page that needs neither the database nor the signed-in person.

    Rendered without the context processors, since Flask-Login's loads the person.
    """
    template = current_app.jinja_env.get_template("error_bare.html")
    page = template.render(code=code, title=title, advice=advice, path=request.path)
    return page, code


def _forget_transaction() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  (the connection is gone; the pool replaces it)
        db.session.remove()


def _database_unavailable(error):
    """The database is down or unreachable: a styled 503 rather than the server's bare page."""
    if isinstance(error, InternalError) and not _read_only(error):
        return _server_error(error)
    _forget_transaction()
    current_app.logger.error("database unavailable: %s", error)
    title, advice = READ_ONLY if _read_only(error) else UNAVAILABLE
    if request.headers.get("X-Requested-With") == "fetch":  # a quiz saving in the background
        return jsonify(saved=False, error=title, retry=True), 503
    return _bare_page(503, title, advice)


def _server_error(error):
    """A 500 page; the plain one when the full page cannot be drawn (it needs the database)."""
    _forget_transaction()
    try:
        return _error_page(error)
    except Exception:  # noqa: BLE001
        return _bare_page(500, *ERRORS[500])


STALE = "someone changed it in another tab or window first"


def _nothing_changed(error: Exception):
    """Undo a refused or stale write and say why on the page the view returns to."""
    db.session.rollback()
    message = str(error) if isinstance(error, Refused) else STALE
    if request.headers.get("X-Requested-With") == "fetch":  # a script saving in the background
        return jsonify(saved=False, error=message), 409
    view = current_app.view_functions.get(request.endpoint or "")
    endpoint, anchor = getattr(view, "returns_to", (None, None))
    if endpoint is None:
        return _error_page(Conflict())
    takes = {name for rule in current_app.url_map.iter_rules(endpoint) for name in rule.arguments}
    values = {name: v for name, v in (request.view_args or {}).items() if name in takes}
    flash(f"Nothing changed: {message}.", "info")
    return redirect(url_for(endpoint, **values, _anchor=anchor), code=303)


def day(value) -> Markup:
    """One date format on every page: "3 Dec 2026", machine-readable in a <time> element."""
    if value is None:
        return Markup("–")
    when = value.date() if isinstance(value, datetime) else value
    return Markup('<time datetime="{}">{}</time>').format(
        when.isoformat(), f"{when.day} {when:%b %Y}"
    )


KEY_LIST = re.compile(r"\(([a-z0-9][a-z0-9_-]*(?:, [a-z0-9][a-z0-9_-]*)*)\)")


def with_titles(prose: str, names: dict[str, str]) -> str:
    """Authors cite competencies by key in parentheses; people read their names there."""

    def named(match: re.Match) -> str:
        keys = match.group(1).split(", ")
        if not all(key in names for key in keys):
            return match.group(0)
        return "(" + ", ".join(names[key] for key in keys) + ")"

    return KEY_LIST.sub(named, prose or "")


def moment(value) -> Markup:
    """A date and time in UTC, in the same format as `day`: "3 Dec 2026, 14:05 UTC"."""
    return Markup('<time datetime="{}">{}</time>').format(
        value.isoformat(), f"{value.day} {value:%b %Y, %H:%M} UTC"
    )


def month(value) -> str:
    """A month as people read it: "Dec 2026"."""
    return f"{value:%b %Y}"


def init_app(app: Flask) -> None:
    """Headers on every response, friendly error pages, the helpers every template uses."""
    app.url_map.converters["int"] = BoundedInt
    app.before_request(_clean_request)
    app.after_request(_security_headers)
    for code in ERRORS:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(500, _server_error)
    for error in (OperationalError, InterfaceError, InternalError, PoolTimeout):
        app.register_error_handler(error, _database_unavailable)
    app.register_error_handler(StaleDataError, _nothing_changed)
    app.register_error_handler(Refused, _nothing_changed)
    app.jinja_env.filters.update(day=day, moment=moment, month=month, with_titles=with_titles)
    app.jinja_env.globals.update(level_names=LEVEL_NAMES, nav_items=nav_items, start_url=start_url)
