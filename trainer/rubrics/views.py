"""Rate people on the behaviourally anchored rubric: observed, self and blind double ratings."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, selectinload

from trainer.auth.access import allow
from trainer.auth.models import User
from trainer.auth.scope import person_or_404, visible_people_query
from trainer.charts.line import line_svg
from trainer.competencies.models import competency_names
from trainer.content.store import latest_versions
from trainer.db import db, now_utc
from trainer.errors import returns_to
from trainer.rubrics.agreement import agreement_report
from trainer.rubrics.forms import RubricRow, rubric_form, rubric_rows, save_rating
from trainer.rubrics.models import RatingSession, ReviewRequest
from trainer.rubrics.queue import days_to, queue_sizes

bp = Blueprint("rubrics", __name__, url_prefix="/rubrics")
QUEUE_DAYS = 28


def _save(person: User, context: str, rows: list[RubricRow], form, **fields):
    rating = save_rating(person, current_user, context, rows, form, **fields)
    if rating is not None:
        db.session.commit()
    return rating


@bp.route("/rate/<int:person_id>", methods=["GET", "POST"])
@allow("manager", "admin")
@returns_to("rubrics.history")
def rate(person_id: int):
    """Rate what you observed of a person on the rubric, competency by competency."""
    person = person_or_404(current_user, person_id)
    rows = rubric_rows(person.profile_key)
    form = rubric_form(rows)
    if form.validate_on_submit() and _save(person, "observed", rows, form):
        flash(
            f"Your rating of {person.name} is saved; they can see it with your comments.", "success"
        )
        return redirect(url_for("rubrics.history", person_id=person.id))
    return render_template(
        "rubrics/rate.html",
        form=form,
        rows=rows,
        person=person,
        heading=f"Rate {person.name}",
        scenario=None,
    )


@bp.route("/self", methods=["GET", "POST"])
@allow("learner")
@returns_to("rubrics.mine")
def self_assess():
    """Rate yourself on the same rubric your manager uses."""
    rows = rubric_rows(current_user.profile_key)
    form = rubric_form(rows)
    if form.validate_on_submit() and _save(current_user, "self", rows, form):
        flash(
            "Your self-assessment is saved. Compare it with your other evidence on your "
            "progress page.",
            "success",
        )
        return redirect(url_for("rubrics.mine"))
    return render_template(
        "rubrics/rate.html",
        form=form,
        rows=rows,
        person=current_user,
        heading="Rate yourself",
        scenario=None,
    )


def _sessions(person_id: int, contexts: tuple[str, ...]) -> list[RatingSession]:
    return list(
        db.session.scalars(
            select(RatingSession)
            .where(RatingSession.person_id == person_id, RatingSession.context.in_(contexts))
            .options(selectinload(RatingSession.ratings), selectinload(RatingSession.rater))
            .order_by(RatingSession.created_at.desc())
        )
    )


def call_titles() -> dict[str, str]:
    """Each call's title by key: people read titles, keys stay in URLs and exports."""
    return {v.key: v.body["title"] for v in latest_versions(db.session, ["scenario"])}


@bp.get("/mine")
@allow("learner")
def mine():
    """The ratings you received and gave yourself, with every comment."""
    return render_template(
        "rubrics/history.html",
        person=current_user,
        names=competency_names(),
        call_titles=call_titles(),
        sessions=_sessions(current_user.id, ("observed", "review", "self")),
    )


@bp.get("/people/<int:person_id>")
@allow("manager", "admin")
def history(person_id: int):
    """A person's ratings, for their manager."""
    person = person_or_404(current_user, person_id)
    return render_template(
        "rubrics/history.html",
        person=person,
        names=competency_names(),
        call_titles=call_titles(),
        sessions=_sessions(person.id, ("observed", "review", "self")),
    )


@bp.route("/double/<int:session_id>", methods=["GET", "POST"])
@allow("manager", "admin")
@returns_to("rubrics.agreement")
def double(session_id: int):
    """Rate the same observation again, blind to the first rater's levels."""
    original = db.get_or_404(RatingSession, session_id)
    if original.context != "observed" or original.rater_id == current_user.id:
        abort(404)
    person = person_or_404(current_user, original.person_id)  # another team's session is 404
    keys = {r.competency_key for r in original.ratings}
    rows = [row for row in rubric_rows(None) if row.key in keys]
    form = rubric_form(rows)
    if form.validate_on_submit() and _save(
        person, "double", rows, form, original_id=original.id, scenario_key=original.scenario_key
    ):
        flash("Your blind rating is saved for the agreement report.", "success")
        return redirect(url_for("dashboard.home"))
    return render_template(
        "rubrics/rate.html",
        form=form,
        rows=rows,
        person=person,
        heading=f"Blind second rating of {person.name}",
        scenario=call_titles().get(original.scenario_key or "", ""),
    )


@bp.get("/team")
@allow("manager", "admin")
def team():
    """The people you may rate, with a link to rate each."""
    people = db.session.scalars(visible_people_query(current_user).order_by(User.name)).all()
    return render_template("rubrics/team.html", people=people)


def pending_reviews():
    """The answers from the signed-in manager's people that no review rating names yet."""
    people = visible_people_query(current_user).with_only_columns(User.id)
    reviewed = select(RatingSession.source_ref).where(
        RatingSession.context == "review", RatingSession.source_ref.is_not(None)
    )
    return (
        select(ReviewRequest)
        .where(ReviewRequest.person_id.in_(people), ReviewRequest.source_ref.not_in(reviewed))
        .options(selectinload(ReviewRequest.person))
        .order_by(ReviewRequest.created_at)
    )


# The origin of a reviewed answer -> the page that reviews it with its feature's own checks.
REVIEW_PAGES = {"scenario-run": "call_reviews.review"}


@bp.app_template_global()
def review_url(item: ReviewRequest) -> str:
    """Where a manager reviews this answer: its feature's page, or the rubric alone."""
    endpoint = REVIEW_PAGES.get(item.source_ref.partition(":")[0], "rubrics.review")
    if endpoint not in current_app.view_functions:
        endpoint = "rubrics.review"
    return url_for(endpoint, review_id=item.id)


def _queue_history(days: int = QUEUE_DAYS) -> list[tuple[str, int]]:
    """(day, answers waiting at its end) for the last `days` days, the signed-in manager's
    people only."""
    people = visible_people_query(current_user).with_only_columns(User.id)
    reviewed = (
        select(func.min(RatingSession.created_at))
        .where(
            RatingSession.context == "review", RatingSession.source_ref == ReviewRequest.source_ref
        )
        .scalar_subquery()
    )
    span = days_to(now_utc().date(), days)
    start = datetime.combine(span[0], time(), UTC)  # answers reviewed before it never count
    answers = db.session.execute(
        select(ReviewRequest.created_at, reviewed).where(
            ReviewRequest.person_id.in_(people), or_(reviewed.is_(None), reviewed >= start)
        )
    ).all()
    return [(d.strftime("%d %b"), n) for d, n in zip(span, queue_sizes(answers, span), strict=True)]


@bp.get("/reviews")
@allow("manager", "admin")
def reviews():
    """Free responses and essays from your people, waiting for your rating, and the queue's size
    day by day: it shrinks as the trainer learns from your verdicts."""
    pending = db.session.scalars(pending_reviews()).all()
    history = _queue_history()
    chart = Markup(line_svg("Answers waiting for review, by day", history, "waiting", "queue"))
    return render_template("rubrics/reviews.html", pending=pending, history=history, chart=chart)


@bp.route("/reviews/<int:review_id>", methods=["GET", "POST"])
@allow("manager", "admin")
@returns_to("rubrics.reviews")
def review(review_id: int):
    """Rate one free response or essay on the rubric of its competencies."""
    item = db.session.scalar(pending_reviews().where(ReviewRequest.id == review_id))
    if item is None:
        abort(404)
    rows = [row for row in rubric_rows(None) if row.key in item.competencies]
    form = rubric_form(rows)
    if form.validate_on_submit() and _save(
        item.person, "review", rows, form, source_ref=item.source_ref
    ):
        flash(f"Review saved; {item.person.name} can see your rating and comment.", "success")
        return redirect(url_for("rubrics.reviews"))
    return render_template("rubrics/review.html", form=form, rows=rows, item=item)


def double_rated_levels() -> list[tuple[str, str, int]]:
    """(subject, rater, level) for every competency rated twice: original and blind second."""
    people = visible_people_query(current_user).with_only_columns(User.id)
    doubles = aliased(RatingSession)
    originals = db.session.scalars(
        select(RatingSession)
        .where(
            RatingSession.person_id.in_(people),
            select(doubles.id).where(doubles.original_id == RatingSession.id).exists(),
        )
        .options(selectinload(RatingSession.ratings), selectinload(RatingSession.rater))
    ).all()
    seconds = db.session.scalars(
        select(RatingSession)
        .where(RatingSession.original_id.in_([o.id for o in originals]))
        .options(selectinload(RatingSession.ratings), selectinload(RatingSession.rater))
    ).all()
    levels = []
    for rating_session in [*originals, *seconds]:
        subject_id = rating_session.original_id or rating_session.id
        rater = rating_session.rater.name if rating_session.rater else "former rater"
        for rating in rating_session.ratings:
            levels.append((f"{subject_id}:{rating.competency_key}", rater, rating.level))
    return levels


@bp.get("/agreement")
@allow("manager", "admin")
def agreement():
    """How far raters agree on the same observations, and who rates high or low."""
    report = agreement_report(double_rated_levels())
    return render_template("rubrics/agreement.html", report=report)
