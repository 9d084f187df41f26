"""Admins read the audit log: newest first, filtered by action, person and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import func, or_, select

from trainer.auditlog.actions import ACTIONS, label
from trainer.auditlog.models import AuditEvent
from trainer.auth.access import allow
from trainer.db import db

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

PAGE_SIZE = 50


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def audit_filters(args) -> dict[str, str]:
    """The filters asked for, each kept only when it means something (no 400 for a typo)."""
    action = args.get("action", "")
    who = " ".join(args.get("who", "").split())[:80]
    since, until = _day(args.get("since")), _day(args.get("until"))
    return {
        "action": action if action in ACTIONS else "",
        "who": who,
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }


def audit_query(filters: dict[str, str]):
    query = select(AuditEvent)
    if filters["action"]:
        query = query.where(AuditEvent.action == filters["action"])
    if filters["who"]:
        pattern = "%" + filters["who"].lower().replace("%", "").replace("_", "") + "%"
        query = query.where(
            or_(
                func.lower(AuditEvent.actor_name).like(pattern),
                func.lower(AuditEvent.subject).like(pattern),
                func.lower(AuditEvent.detail).like(pattern),
            )
        )
    if filters["since"]:
        start = datetime.combine(date.fromisoformat(filters["since"]), time(), UTC)
        query = query.where(AuditEvent.at >= start)
    if filters["until"]:
        end = datetime.combine(date.fromisoformat(filters["until"]), time(), UTC)
        query = query.where(AuditEvent.at < end + timedelta(days=1))
    return query


@bp.get("/")
@allow("admin")
def index():
    """The audit log, newest first, a page at a time."""
    filters = audit_filters(request.args)
    query = audit_query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    events = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    shown = {key: value for key, value in filters.items() if value}
    return render_template(
        "people/audit.html",
        events=events,
        label=label,
        actions=ACTIONS,
        filters=filters,
        query=shown,
        total=total,
        page=page,
        pages=pages,
    )
