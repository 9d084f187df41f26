"""The home page: what each role should look at and do next."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from trainer.assignments.status import due_for
from trainer.auth.access import ANY_USER, allow
from trainer.auth.models import Team, User
from trainer.competencies.models import Competency, RoleProfile
from trainer.content.models import ContentVersion
from trainer.db import db
from trainer.scenarios.models import ScenarioRun

bp = Blueprint("dashboard", __name__)
RECENT_CALLS = 5


def _learner() -> dict:
    profile = (
        db.session.scalar(select(RoleProfile).where(RoleProfile.key == current_user.profile_key))
        if current_user.profile_key
        else None
    )
    recent_calls = db.session.scalars(
        select(ScenarioRun)
        .where(ScenarioRun.person_id == current_user.id)
        .order_by(ScenarioRun.updated_at.desc())
        .limit(RECENT_CALLS)
        .options(selectinload(ScenarioRun.content_version))
    ).all()
    return {"profile": profile, "assigned": due_for(current_user.id), "calls": recent_calls}


def _manager() -> dict:
    teams = db.session.scalars(
        select(Team)
        .where(Team.manager_id == current_user.id)
        .order_by(Team.name)
        .options(selectinload(Team.members))
    ).all()
    return {"teams": teams}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _admin() -> dict:
    content = db.session.execute(
        select(ContentVersion.kind, func.count(func.distinct(ContentVersion.key))).group_by(
            ContentVersion.kind
        )
    ).all()
    return {
        "users": _count(User),
        "teams": _count(Team),
        "competencies": _count(Competency),
        "profiles": _count(RoleProfile),
        "content": dict(content),
    }


SECTIONS = {"learner": _learner, "manager": _manager, "admin": _admin, "recruiter": dict}


@bp.get("/")
@allow(ANY_USER)
def home():
    """Show the dashboard for the signed-in person's role."""
    context = SECTIONS[current_user.role]()
    return render_template(f"dashboard/{current_user.role}.html", **context)
