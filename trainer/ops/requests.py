"""Give every request an id (sent back as X-Request-Id) and log it as one JSON line."""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask, g, request
from sqlalchemy import inspect
from sqlalchemy.exc import NoInspectionAvailable

from trainer.db import now_utc
from trainer.ops.logline import request_id, request_line

log = logging.getLogger("trainer.requests")


def _start() -> None:
    g.request_id = request_id(request.headers.get("X-Request-Id"))
    g.request_started = time.perf_counter()


def _finish(response):
    rid = g.get("request_id") or request_id(None)
    response.headers["X-Request-Id"] = rid
    if log.isEnabledFor(logging.INFO):
        user = g.get("_login_user")  # Flask-Login keeps the person it loaded in g
        started = g.get("request_started", time.perf_counter())
        log.info(
            request_line(
                at=now_utc(),
                request_id=rid,
                method=request.method,
                path=request.path,
                status=response.status_code,
                duration_ms=(time.perf_counter() - started) * 1000,
                user_id=_user_id(user),
                remote=request.remote_addr,
                size=response.calculate_content_length(),
            )
        )
    return response


def _user_id(user) -> int | None:
    """The person's id from the identity map: never a query, even after the commit expired it
    (a refresh would cost every request a statement, and fail while the database is down)."""
    try:
        identity = inspect(user).identity
    except NoInspectionAvailable:  # anonymous, or nobody loaded
        return None
    return identity[0] if identity else None


def init_app(app: Flask) -> None:
    """Log requests to stderr (where gunicorn's log goes) unless TRAINER_REQUEST_LOG is off."""
    app.before_request(_start)
    app.after_request(_finish)
    if app.config["REQUEST_LOG"] and not app.testing and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
