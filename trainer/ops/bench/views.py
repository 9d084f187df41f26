"""Baselines for benchmarks/jobfair.py, registered only with TRAINER_BENCH_ENDPOINTS=1.

The same stack as every page (middleware, logging, the database pool), so an answer save can be
compared with the least work a request can do and the least a write can do. Never in production.
"""

from __future__ import annotations

import secrets

from flask import Blueprint
from sqlalchemy import func, select

from trainer.auth.access import PUBLIC, allow
from trainer.auth.models import User
from trainer.db import db
from trainer.extensions import csrf
from trainer.submissions.models import Submission

bp = Blueprint("bench", __name__, url_prefix="/bench")
csrf.exempt(bp)
_owner: list[int] = []  # one person's id per process, looked up once: the row needs an owner


@bp.get("/bare")
@allow(PUBLIC)
def bare():
    """No database at all."""
    return "ok"


@bp.post("/insert")
@allow(PUBLIC)
def insert():
    """One row inserted and committed: a one-time form token, the smallest table."""
    if not _owner:
        _owner.append(db.session.scalar(select(func.min(User.id))))
    db.session.add(Submission(token=secrets.token_hex(20), user_id=_owner[0]))
    db.session.commit()
    return "ok"
