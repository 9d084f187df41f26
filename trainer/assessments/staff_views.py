"""Staff pages of quizzes: regrade an item's answers, and give people extra time on timed forms.

They join the learners' `assessments` blueprint, so their URLs and endpoint names stay under
/quizzes; each declares the roles that may use it.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from trainer.assessments import regrade, store
from trainer.assessments.models import Regrade
from trainer.assessments.views import bp
from trainer.auth.access import allow
from trainer.auth.models import User
from trainer.auth.scope import visible_people_query
from trainer.content.store import current_version
from trainer.db import db, now_utc


@bp.route("/regrade/<key>", methods=["GET", "POST"])
@allow("admin")
def regrade_item(key: str):
    """Show every score a regrade to the item's newest version would change; apply on confirm."""
    history = db.session.scalars(
        select(Regrade).where(Regrade.item_key == key).order_by(Regrade.created_at.desc())
    ).all()
    try:
        run = regrade.dry_run(db.session, key)
    except regrade.NothingToRegrade as exc:
        if current_version(db.session, "item", key) is None:
            abort(404)
        return render_template(
            "assessments/regrade.html", key=key, run=None, reason=str(exc), history=history
        )
    if request.method == "POST":
        if request.form.get("target") != str(run.target.id):
            flash("The item changed again since the dry run; check the new one.", "error")
            return redirect(url_for("assessments.regrade_item", key=key), code=303)
        done = store.apply_regrade(db.session, run, current_user.id, now_utc())
        db.session.commit()
        flash(
            f"Regraded {len(run.changes)} answers to version {run.target.version}; "
            f"{len(run.changed)} scores changed.",
            "success",
        )
        return redirect(url_for("assessments.regrade_item", key=key, done=done.id), code=303)
    return render_template("assessments/regrade.html", key=key, run=run, reason="", history=history)


TIME_FACTORS = {
    "1.0": "Standard time",
    "1.25": "Time and a quarter",
    "1.5": "Time and a half",
    "2.0": "Double time",
}


@bp.route("/accommodations", methods=["GET", "POST"])
@allow("manager", "recruiter", "admin")
def accommodations():
    """Extra time on timed forms for the people this person looks after."""
    people = db.session.scalars(visible_people_query(current_user).order_by(User.name)).all()
    if request.method == "POST":
        factor = request.form.get("factor", "")
        person = next((p for p in people if str(p.id) == request.form.get("person")), None)
        if person is None:
            abort(404)
        if factor not in TIME_FACTORS:
            abort(400)
        person.time_factor = float(factor)
        db.session.commit()
        flash(
            f"{person.name}: {TIME_FACTORS[factor].lower()} on timed forms from their next "
            "attempt.",
            "success",
        )
        return redirect(url_for("assessments.accommodations"), code=303)
    return render_template("assessments/accommodations.html", people=people, factors=TIME_FACTORS)
