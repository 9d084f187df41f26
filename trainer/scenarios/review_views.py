"""Review a written answer from a call: the rubric, and a verdict on each behaviour it looked for.

Each verdict teaches the matcher (scenarios/learning): the same or a near-identical reply gets the
manager's verdict from then on, and is not queued again once every behaviour is decided.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from trainer.auth.access import allow
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.errors import returns_to
from trainer.evidence.sources import SourceRef
from trainer.rubrics.forms import rubric_form, rubric_rows, save_rating
from trainer.rubrics.models import ReviewRequest
from trainer.rubrics.views import pending_reviews
from trainer.scenarios import store
from trainer.scenarios.debrief import highlighted
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.learning.models import LearnedExample
from trainer.scenarios.learning.store import forget_example, settle
from trainer.scenarios.models import ScenarioRun

bp = Blueprint("call_reviews", __name__, url_prefix="/calls/reviews")
VERDICTS = [
    SelectChoice("shown", "Shown"),
    SelectChoice("missing", "Not shown"),
    SelectChoice("unsure", "Not sure: don't learn"),
]


def _answer(review_id: int):
    """The pending review of a call answer, its step and the matcher's findings; 404 for one the
    manager may not review, None for one whose call can no longer be replayed."""
    item = db.session.scalar(pending_reviews().where(ReviewRequest.id == review_id))
    ref = SourceRef.parse(item.source_ref) if item else None
    if ref is None or ref.origin != "scenario-run":
        abort(404)
    run = db.session.get(ScenarioRun, ref.id)
    step = scenario_of(run.content_version).steps.get(ref.part) if run else None
    if step is None or step.kind != "free":
        return None
    decisions = [d for d in store.state_of(run).decisions if d.step == ref.part]
    decision = decisions[-1] if decisions else None
    if decision is None:  # the call is gone or changed: the rubric alone can still rate it
        return None
    return item, run, ref.part, step, {m.key: m for m in decision.matches}


def _verdict_fields(behaviours, matches) -> dict[str, RadioField]:
    """A verdict per behaviour, preset to what the matcher decided: change only what is wrong."""
    return {
        f"verdict_{b.key}": RadioField(
            b.label, choices=VERDICTS, default="shown" if matches[b.key].found else "missing"
        )
        for b in behaviours
    }


def _verdicts(form, behaviours) -> dict[str, bool]:
    """Behaviour key -> shown, for each behaviour the manager was sure about."""
    answers = {b.key: form[f"verdict_{b.key}"].data for b in behaviours}
    return {key: answer == "shown" for key, answer in answers.items() if answer != "unsure"}


@bp.route("/<int:review_id>", methods=["GET", "POST"])
@allow("manager", "admin")
@returns_to("rubrics.reviews")
def review(review_id: int):
    """Rate a call answer on the rubric and confirm or reject each behaviour the matcher judged."""
    found = _answer(review_id)
    if found is None:
        return redirect(url_for("rubrics.review", review_id=review_id))
    item, run, step_key, step, matches = found
    behaviours = step.behaviours
    rows = [row for row in rubric_rows(None) if row.key in item.competencies]
    form = rubric_form(rows, extra=_verdict_fields(behaviours, matches))
    if form.validate_on_submit() and save_rating(
        item.person, current_user, "review", rows, form, source_ref=item.source_ref
    ):
        settle(
            db.session,
            run=run,
            step_key=step_key,
            behaviours=behaviours,
            matches=matches,
            text=item.response,
            verdicts=_verdicts(form, behaviours),
            source_ref=item.source_ref,
            reviewer_id=current_user.id,
        )
        db.session.commit()
        flash(
            f"Review saved; {item.person.name} can see your rating and comment. The trainer "
            "will judge the same answer as you did from now on.",
            "success",
        )
        return redirect(url_for("rubrics.reviews"))
    spans = [(m.span, b.label) for b in behaviours if (m := matches[b.key]).found and m.span]
    return render_template(
        "scenarios/review.html",
        form=form,
        rows=rows,
        item=item,
        parts=highlighted(item.response, spans),
        behaviours=[(b, matches[b.key], form[f"verdict_{b.key}"]) for b in behaviours],
    )


LEARNED_SHOWN = 300  # newest first; older ones stay in force and in the export


def _taught():
    """The learned examples the signed-in person may see and undo: an admin all, a manager those
    their own reviews taught."""
    query = select(LearnedExample).order_by(LearnedExample.learned_at.desc(), LearnedExample.id)
    if current_user.role == "admin":
        return query
    return query.where(LearnedExample.reviewer_id == current_user.id)


def _behaviour_labels() -> dict[tuple[str, str], tuple[str, str]]:
    """(call, behaviour key) -> (call title, behaviour label), from each call's newest version."""
    labels = {}
    for version in latest_versions(db.session, ["scenario"]):
        scenario = scenario_of(version)
        for step in scenario.steps.values():
            for b in getattr(step, "behaviours", []):
                labels[(version.key, b.key)] = (scenario.title, b.label)
    return labels


@bp.get("/learned")
@allow("manager", "admin")
def learned():
    """What your reviews taught the trainer: each answer it judges your way, to undo if wrong."""
    examples = db.session.scalars(_taught().limit(LEARNED_SHOWN)).all()
    return render_template("scenarios/learned.html", examples=examples, labels=_behaviour_labels())


@bp.post("/learned/<int:example_id>/forget")
@allow("manager", "admin")
@returns_to("call_reviews.learned")
def forget(example_id: int):
    """Forget one learned verdict: the phrasings judge that answer again, and it is queued."""
    example = db.session.scalar(_taught().where(LearnedExample.id == example_id))
    if example is None:
        abort(404)
    forget_example(db.session, example)
    db.session.commit()
    flash("Forgotten. The trainer judges that answer by its phrasings again.", "success")
    return redirect(url_for("call_reviews.learned"))
