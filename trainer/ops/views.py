"""Health checks for the load balancer: is the process up, can it reach its database."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from trainer.auth.access import PUBLIC, allow
from trainer.db import db

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@allow(PUBLIC)
def healthz():
    """The process answers: touches nothing else, so a database outage never restarts it."""
    return _uncached(jsonify(status="ok"), 200)


@bp.get("/readyz")
@allow(PUBLIC)
def readyz():
    """The database answers a query: 503 while it does not, so the balancer sends no traffic."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except SQLAlchemyError as error:
        db.session.remove()
        current_app.logger.warning("not ready: %s", type(error).__name__)
        return _uncached(jsonify(status="unavailable", database=False), 503)
    return _uncached(jsonify(status="ok", database=True), 200)


def _uncached(response, code: int):
    response.headers["Cache-Control"] = "no-store"
    return response, code
