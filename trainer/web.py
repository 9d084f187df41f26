"""Cross-cutting web behaviour: access rules, security headers, error pages, template helpers."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, current_app, render_template, request, url_for
from flask_login import current_user

from trainer.auth.access import ANY_USER, enforce_access
from trainer.auth.models import User
from trainer.db import db
from trainer.extensions import login_manager
from trainer.levels import LEVEL_NAMES

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
    ("Items", "item_admin.index", {"admin"}),
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
    429: ("Too many attempts", "Wait a minute, then try again."),
    500: ("Something went wrong on our side", "Nothing you entered was lost. Try again shortly."),
}


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, advice = ERRORS.get(code, ERRORS[500])
    description = getattr(error, "description", None) if code in (400, 404) else None
    return render_template(
        "errors.html", code=code, title=title, advice=advice, description=description
    ), code


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    app.before_request(enforce_access)
    app.after_request(_security_headers)
    for code in ERRORS:
        app.register_error_handler(code, _error_page)
    app.jinja_env.globals.update(level_names=LEVEL_NAMES, nav_items=nav_items, start_url=start_url)


def version_or_404(kind: str, key: str):
    """The newest version of a content record, or 404 for a key the pack does not have."""
    from trainer.content.store import current_version
    from trainer.db import db

    version = current_version(db.session, kind, key)
    if version is None:
        abort(404)
    return version
