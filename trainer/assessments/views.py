"""Learners take a quiz answer by answer, then see the result; staff pages: staff_views.py."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from trainer.assessments import store
from trainer.assessments.delivery import (
    TamperedAnswer,
    describe,
    describe_key,
)
from trainer.assessments.disclosure import Disclosure, disclosure
from trainer.assessments.kinds import form_of
from trainer.assessments.models import Attempt
from trainer.assessments.page import Question, by_competency, fields_at, question_of
from trainer.assessments.scoring import CERTAINTY_LABELS
from trainer.auth.access import ANY_USER, allow
from trainer.auth.scope import may_see, own_or_404
from trainer.competencies.models import competency_names
from trainer.content.lookup import version_or_404
from trainer.content.models import ContentVersion
from trainer.content.store import latest_versions
from trainer.db import db, now_utc
from trainer.errors import returns_to

bp = Blueprint("assessments", __name__, url_prefix="/quizzes")
MODES = {"practice": "Practice", "assessment": "Assessment", "screening": "Screening"}


@bp.app_template_global()
def answer_in_words(question: Question) -> str:
    return describe(question.item, question.response.answer)


@bp.app_template_global()
def key_in_words(question: Question) -> str:
    return describe_key(question.item) if question.feedback is not None else ""


@bp.app_template_global()
def now_iso() -> str:
    return now_utc().isoformat()


@bp.app_template_global()
def minutes_left(attempt: Attempt) -> int:
    return max(0, round((attempt.deadline_at - now_utc()).total_seconds() / 60))


def _form_version(key: str) -> ContentVersion:
    return version_or_404("form", key)


def _own_attempt(attempt_id: int) -> Attempt:
    return own_or_404(Attempt, attempt_id, current_user)


def _expire_if_due(attempt: Attempt) -> bool:
    """Submit an attempt whose time ran out, with what was saved; True if it just happened."""
    if not store.is_due(attempt, now_utc()):
        return False
    try:
        store.submit(db.session, attempt, now_utc(), by="timer")
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
    flash("Time ran out: your saved answers were submitted.", "info")
    return True


@bp.get("/")
@allow(ANY_USER)
def index():
    """Every form, with the person's open attempt and latest result."""
    versions = sorted(
        latest_versions(db.session, ["form"]),
        key=lambda v: (v.body["mode"] != "practice", v.body["title"]),
    )
    mine = db.session.scalars(
        select(Attempt).where(Attempt.person_id == current_user.id).order_by(Attempt.id)
    ).all()
    latest = {attempt.form_key: attempt for attempt in mine}
    return render_template("assessments/index.html", versions=versions, latest=latest, modes=MODES)


@bp.get("/<key>")
@allow(ANY_USER)
def start(key: str):
    """What the form is, how long it takes, how many attempts remain."""
    version = _form_version(key)
    form = form_of(version)
    return render_template(
        "assessments/start.html",
        form=form,
        modes=MODES,
        open=store.open_attempt(db.session, current_user.id, key),
        used=store.attempts_used(db.session, current_user.id, key),
        limit=store.time_limit(form, current_user),
        items=sum(len(s.items or ()) or s.draw.count for s in form.sections),
    )


@bp.post("/<key>/begin")
@allow(ANY_USER)
@returns_to("assessments.start")
def begin(key: str):
    """Start the form, or go back to the open attempt (a double click starts it once)."""
    version = _form_version(key)
    try:
        attempt = store.begin(db.session, current_user, version, now_utc())
    except store.BeganElsewhere:
        db.session.rollback()  # the request that won made the attempt: go there
        attempt = store.open_attempt(db.session, current_user.id, key)
        if attempt is None:
            raise
    db.session.commit()
    return redirect(url_for("assessments.take", attempt_id=attempt.id), code=303)


@bp.get("/attempts/<int:attempt_id>")
@allow(ANY_USER)
def take(attempt_id: int):
    """The questions: one per page or all on one, each showing the answer saved so far."""
    attempt = _own_attempt(attempt_id)
    if attempt.submitted or _expire_if_due(attempt):
        return redirect(url_for("assessments.result", attempt_id=attempt.id))
    form = form_of(attempt.content_version)
    responses = attempt.responses
    if form.one_per_page:
        number = request.args.get("n", 1, type=int)
        if not 1 <= number <= len(responses):
            abort(404)
        responses = [responses[number - 1]]
    return render_template(
        "assessments/take.html",
        attempt=attempt,
        form=form,
        questions=[question_of(attempt, r, reveal=False) for r in responses],
        total=len(attempt.responses),
        answered=sum(r.answer is not None for r in attempt.responses),
        certainty_labels=CERTAINTY_LABELS,
    )


def _posted_positions(attempt: Attempt) -> list[int]:
    try:
        positions = [int(p) for p in request.form.get("positions", "").split(",") if p]
    except ValueError:
        abort(400)
    if not positions or any(not 0 <= p < len(attempt.plan) for p in positions):
        abort(400)
    return positions


@bp.post("/attempts/<int:attempt_id>")
@allow(ANY_USER)
def save(attempt_id: int):
    """Save the answers on the page (a change with JavaScript, a button without), then move on."""
    attempt = own_or_404(Attempt, attempt_id, current_user, joinedload(Attempt.content_version))
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    if attempt.submitted:
        if wants_json:
            return jsonify(saved=False, error="submitted"), 409
        return redirect(url_for("assessments.result", attempt_id=attempt.id), code=303)
    positions = _posted_positions(attempt)
    go = request.form.get("go", "stay")
    try:
        posted = {p: fields_at(request.form, p) for p in positions}
        unclear = store.save_answers(db.session, attempt, posted, now_utc(), check=go == "check")
        db.session.commit()
    except TamperedAnswer:
        db.session.rollback()
        abort(400)
    except (store.AttemptClosed, StaleDataError) as exc:
        db.session.rollback()
        if wants_json:
            return jsonify(saved=False, error=str(exc)), 409
        if not _expire_if_due(attempt):
            flash(f"Nothing changed: {exc}.", "info")
        return redirect(_next_url(attempt, positions[0], "stay", True), code=303)
    if wants_json:
        return jsonify(saved=not unclear, problems=unclear)
    for message in unclear:
        flash(message, "error")
    return redirect(_next_url(attempt, positions[0], go, bool(unclear)), code=303)


def _next_url(attempt: Attempt, position: int, go: str, stay: bool) -> str:
    form = form_of(attempt.content_version)
    if go == "review" and not stay:
        return url_for("assessments.review", attempt_id=attempt.id)
    if not form.one_per_page:
        return url_for("assessments.take", attempt_id=attempt.id, _anchor=f"q{position + 1}")
    number = position + 1
    if not stay:
        number += {"next": 1, "prev": -1}.get(go, 0)
    number = max(1, min(number, len(attempt.responses)))
    return url_for("assessments.take", attempt_id=attempt.id, n=number)


@bp.post("/attempts/<int:attempt_id>/retry/<int:position>")
@allow(ANY_USER)
@returns_to("assessments.take")
def retry(attempt_id: int, position: int):
    """Practice: answer a checked item again."""
    attempt = _own_attempt(attempt_id)
    if not 0 <= position < len(attempt.responses):
        abort(404)
    store.try_again(attempt, attempt.responses[position])
    db.session.commit()
    return redirect(_next_url(attempt, position, "stay", True), code=303)


@bp.get("/attempts/<int:attempt_id>/review")
@allow(ANY_USER)
def review(attempt_id: int):
    """Before the final submit: what is unanswered, what is flagged."""
    attempt = _own_attempt(attempt_id)
    if attempt.submitted or _expire_if_due(attempt):
        return redirect(url_for("assessments.result", attempt_id=attempt.id))
    return render_template(
        "assessments/review.html", attempt=attempt, form=form_of(attempt.content_version)
    )


@bp.post("/attempts/<int:attempt_id>/submit")
@allow(ANY_USER)
@returns_to("assessments.result")
def submit(attempt_id: int):
    """Submit once; a second click, a second tab or the timer find it already done."""
    attempt = _own_attempt(attempt_id)
    store.submit(db.session, attempt, now_utc())
    db.session.commit()
    return redirect(url_for("assessments.result", attempt_id=attempt_id), code=303)


@bp.get("/attempts/<int:attempt_id>/result")
@allow(ANY_USER)
def result(attempt_id: int):
    """The score and, unless this was a screening, the feedback on every answer."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or not may_see(current_user, attempt.person_id):
        abort(404)
    if not attempt.submitted:
        return redirect(url_for("assessments.take", attempt_id=attempt.id))
    form = form_of(attempt.content_version)
    shown = _disclosure(attempt, form)
    questions = [question_of(attempt, r, reveal=shown.keys) for r in attempt.responses]
    return render_template(
        "assessments/result.html",
        attempt=attempt,
        form=form,
        questions=questions if shown.keys else [],
        disclosure=shown,
        by_competency=by_competency(questions),
        names=competency_names(),
        certainty_labels=CERTAINTY_LABELS,
    )


def _disclosure(attempt: Attempt, form) -> Disclosure:
    """May this reader see the keys: the taker only after their last attempt (disclosure.py)."""
    taker = attempt.person_id == current_user.id
    return disclosure(
        attempt.mode,
        allowed=form.attempts_allowed,
        used=store.attempts_used(db.session, attempt.person_id, attempt.form_key),
        still_open=store.open_attempt(db.session, attempt.person_id, attempt.form_key) is not None,
        review_after=form.review_after,
        today=now_utc().date(),
        taker=taker,
    )
