"""Admins create and deactivate people and teams."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from trainer.auditlog.store import record
from trainer.auth.access import allow
from trainer.auth.models import Team, User
from trainer.auth.store import end_all_sign_ins
from trainer.competencies.models import RoleProfile
from trainer.db import db
from trainer.people.forms import TeamForm, ToggleForm, UserForm
from trainer.people.store import AccountError, create_user, set_active

bp = Blueprint("people", __name__, url_prefix="/admin/people")


def _user_form() -> UserForm:
    form = UserForm()
    teams = db.session.scalars(select(Team).order_by(Team.name))
    form.team.choices = [SelectChoice(0, "No team")] + [SelectChoice(t.id, t.name) for t in teams]
    profiles = db.session.scalars(select(RoleProfile).order_by(RoleProfile.title))
    form.profile.choices = [SelectChoice("", "None")] + [
        SelectChoice(p.key, p.title) for p in profiles
    ]
    return form


def _team_form() -> TeamForm:
    form = TeamForm()
    managers = db.session.scalars(
        select(User).where(User.role == "manager", User.active).order_by(User.name)
    )
    form.manager.choices = [SelectChoice(0, "No manager yet")] + [
        SelectChoice(m.id, m.name) for m in managers
    ]
    return form


@bp.route("/", methods=["GET", "POST"])
@allow("admin")
def index():
    """List people and add a new one."""
    form = _user_form()
    if form.validate_on_submit():
        try:
            user = create_user(
                db.session,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                password=form.password.data,
                team_id=form.team.data or None,
                profile_key=form.profile.data,
            )
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.flush()
            team = db.session.get(Team, user.team_id) if user.team_id else None
            detail = f"{user.name}, {user.role}, team {team.name if team else 'none'}"
            record(
                db.session,
                "person-create",
                actor=current_user,
                subject=f"user:{user.id}",
                detail=detail,
            )
            db.session.commit()
            flash(f"{user.name} can now sign in as {user.email}.", "success")
            return redirect(url_for("people.index"))
    users = db.session.scalars(
        select(User).order_by(User.active.desc(), User.name).options(selectinload(User.team))
    ).all()
    return render_template("people/index.html", form=form, users=users, toggle=ToggleForm())


@bp.post("/<int:user_id>/toggle")
@allow("admin")
def toggle(user_id: int):
    """Deactivate an active person, or reactivate a deactivated one."""
    user = db.get_or_404(User, user_id)
    if not ToggleForm().validate_on_submit():
        abort(400)
    # The page says which state it asks for, so a double click does not undo itself.
    wanted = {"0": False, "1": True}.get(request.form.get("active", ""), not user.active)
    if wanted == user.active:
        return redirect(url_for("people.index"))
    if user.role == "admin" and user.active and _active_admins() == 1:
        flash("This is the last active admin; add another admin first.", "error")
        return redirect(url_for("people.index"))
    set_active(db.session, user, wanted)
    action = "person-activate" if wanted else "person-deactivate"
    record(db.session, action, actor=current_user, subject=f"user:{user.id}", detail=user.name)
    db.session.commit()
    flash(f"{user.name} is now {'active' if user.active else 'deactivated'}.", "success")
    return redirect(url_for("people.index"))


@bp.post("/<int:user_id>/sign-out")
@allow("admin")
def sign_out_everywhere(user_id: int):
    """End every session and "keep me signed in" of a person, on every device."""
    user = db.get_or_404(User, user_id)
    if not ToggleForm().validate_on_submit():
        abort(400)
    ended = end_all_sign_ins(db.session, user.id)
    record(
        db.session,
        "sign-out-everywhere",
        actor=current_user,
        subject=f"user:{user.id}",
        detail=f"{user.name}: {ended} session(s) ended",
    )
    db.session.commit()
    flash(f"{user.name} is signed out everywhere ({ended} session(s) ended).", "success")
    return redirect(url_for("people.index"))


def _active_admins() -> int:
    return db.session.scalar(select(func.count()).where(User.role == "admin", User.active))


@bp.route("/teams", methods=["GET", "POST"])
@allow("admin")
def teams():
    """List teams and add a new one."""
    form = _team_form()
    if form.validate_on_submit():
        if db.session.scalar(select(Team.id).where(Team.name == form.name.data.strip())):
            form.name.errors.append("A team with that name exists already.")
        else:
            team = Team(name=form.name.data.strip(), manager_id=form.manager.data or None)
            db.session.add(team)
            db.session.flush()
            record(
                db.session,
                "team-create",
                actor=current_user,
                subject=f"team:{team.id}",
                detail=team.name,
            )
            db.session.commit()
            flash(f"Team {form.name.data} created.", "success")
            return redirect(url_for("people.teams"))
    rows = db.session.scalars(
        select(Team)
        .order_by(Team.name)
        .options(selectinload(Team.members), selectinload(Team.manager))
    ).all()
    return render_template("people/teams.html", form=form, teams=rows)
