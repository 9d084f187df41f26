"""Managers assign calls and quizzes to people or whole teams; everyone sees their due work."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from trainer.assignments.forms import AssignForm
from trainer.assignments.models import Assignment
from trainer.assignments.status import statuses
from trainer.auth.access import allow
from trainer.auth.models import Team, User
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.errors import returns_to
from trainer.submissions.store import claim

bp = Blueprint("assignments", __name__, url_prefix="/assignments")

KIND_LABELS = {"scenario": "Call", "form": "Quiz"}


def assignable_work() -> dict[str, tuple[str, str, str]]:
    """'kind:key' -> (kind, key, title) for the newest version of every call and quiz."""
    rows = latest_versions(db.session, KIND_LABELS)
    work = {f"{r.kind}:{r.key}": (r.kind, r.key, r.body.get("title", r.key)) for r in rows}
    return dict(sorted(work.items(), key=lambda item: (item[1][0], item[1][2])))


def managed_teams() -> list[Team]:
    """The teams the current person may assign to: their own, or every team for an admin."""
    query = select(Team).options(selectinload(Team.members)).order_by(Team.name)
    if current_user.role != "admin":
        query = query.where(Team.manager_id == current_user.id)
    return list(db.session.scalars(query))


def _assignees(teams: list[Team]) -> dict[str, list[User]]:
    choices = {}
    for team in teams:
        members = [m for m in team.members if m.active and m.role == "learner"]
        choices[f"team:{team.id}"] = members
        for member in members:
            choices[f"person:{member.id}"] = [member]
    return choices


def _form(work, teams, assignees) -> AssignForm:
    form = AssignForm()
    form.work.choices = [
        SelectChoice(value, f"{KIND_LABELS[kind]}: {title}")
        for value, (kind, _, title) in work.items()
    ]
    people = {value: users[0] for value, users in assignees.items() if value.startswith("person:")}
    form.assignee.choices = [
        SelectChoice(f"team:{t.id}", f"Everyone in {t.name}") for t in teams
    ] + [SelectChoice(value, user.name) for value, user in people.items()]
    return form


@bp.route("/manage/", methods=["GET", "POST"])
@allow("manager", "admin")
@returns_to("assignments.manage")
def manage():
    """Assign a call or quiz and follow what is done, due and overdue."""
    work, teams = assignable_work(), managed_teams()
    assignees = _assignees(teams)
    form = _form(work, teams, assignees)
    if form.validate_on_submit():
        kind, key, title = work[form.work.data]
        claim(db.session, current_user.id, form.once.data)  # a double click assigns once
        batch = uuid.uuid4().hex
        for person in assignees[form.assignee.data]:
            db.session.add(
                Assignment(
                    person_id=person.id,
                    assigned_by_id=current_user.id,
                    kind=kind,
                    content_key=key,
                    title=title,
                    due_on=form.due_on.data,
                    note=form.note.data or "",
                    batch=batch,
                )
            )
        db.session.commit()
        count = len(assignees[form.assignee.data])
        flash(f"Assigned {title} to {count} {'person' if count == 1 else 'people'}.", "success")
        return redirect(url_for("assignments.manage"))
    people_ids = [u.id for users in assignees.values() for u in users]
    rows = db.session.scalars(
        select(Assignment)
        .where(Assignment.person_id.in_(people_ids))
        .options(selectinload(Assignment.person))
        .order_by(Assignment.due_on.desc(), Assignment.id)
    ).all()
    return render_template(
        "assignments/manage.html",
        form=form,
        assignments=rows,
        status=statuses(rows, date.today()),
        has_teams=bool(teams),
    )
