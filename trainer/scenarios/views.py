"""The call simulator: pick a call, play it step by step, read the debrief."""

from __future__ import annotations

from collections import defaultdict

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from trainer.auth.access import allow
from trainer.auth.models import User
from trainer.auth.scope import may_see, own_or_404, person_or_404, visible_people_query
from trainer.competencies.models import RoleProfile, competency_names
from trainer.content.lookup import version_or_404
from trainer.content.models import ContentVersion
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.errors import returns_to
from trainer.inputs import parse_index
from trainer.rubrics.forms import rubric_form, rubric_rows, save_rating
from trainer.scenarios import llm, store
from trainer.scenarios.debrief import debrief
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.models import ScenarioRun
from trainer.scenarios.page import chosen_index, visible_step
from trainer.scenarios.state import Move, ScenarioError

bp = Blueprint("scenarios", __name__, url_prefix="/calls")
PLAYERS = ("learner", "manager", "admin")
MAX_CALL_TEXT = 2000  # characters said in one free-text turn, as the call page's maxlength
CALL_TYPES = {
    "inbound": "Inbound call",
    "cold_call": "Cold call",
    "lead_follow_up": "Lead follow-up",
    "renewal": "Renewal",
    "price_negotiation": "Price negotiation",
    "escalation": "Escalation",
    "executive_review": "Executive business review",
    "pipeline_review": "Pipeline review",
}
OUTCOMES = {"won": "Won", "advanced": "Advanced", "stalled": "Stalled", "lost": "Lost"}


@bp.app_template_global()
def call_type_label(call_type: str) -> str:
    return CALL_TYPES.get(call_type, call_type.replace("_", " ").capitalize())


@bp.app_template_global()
def outcome_label(outcome: str | None) -> str:
    return OUTCOMES.get(outcome or "", "In progress")


def _scenario_version(key: str) -> ContentVersion:
    return version_or_404("scenario", key)


def _own_run(run_id: int) -> ScenarioRun:
    """The signed-in person's run; anyone else's is a 404, so ids reveal nothing."""
    return own_or_404(ScenarioRun, run_id, current_user)


@bp.get("/")
@allow(*PLAYERS)
def index():
    """Every call, the ones for the person's role profile first, with their open and best runs."""
    versions = sorted(
        latest_versions(db.session, ["scenario"]),
        key=lambda v: (v.body["profile"] != current_user.profile_key, v.body["title"]),
    )
    mine = db.session.scalars(
        select(ScenarioRun)
        .where(ScenarioRun.person_id == current_user.id)
        .order_by(ScenarioRun.started_at)
    ).all()
    open_runs, finished = {}, defaultdict(list)
    for run in mine:
        if run.finished:
            finished[run.scenario_key].append(run)
        else:
            open_runs.setdefault(run.scenario_key, run)
    profiles = dict(db.session.execute(select(RoleProfile.key, RoleProfile.title)).all())
    return render_template(
        "scenarios/index.html",
        versions=versions,
        open_runs=open_runs,
        finished=finished,
        profiles=profiles,
    )


@bp.get("/<key>")
@allow(*PLAYERS)
def start(key: str):
    """The brief: who is calling, what the learner knows, and the choice of mode."""
    version = _scenario_version(key)
    scenario = scenario_of(version)
    open_by_mode = {
        mode: store.open_run(db.session, current_user.id, key, mode) for mode in store.MODES
    }
    profile = db.session.scalar(select(RoleProfile).where(RoleProfile.key == scenario.profile))
    return render_template(
        "scenarios/brief.html",
        scenario=scenario,
        open_by_mode=open_by_mode,
        profile=profile,
    )


@bp.post("/<key>/begin")
@allow(*PLAYERS)
def begin(key: str):
    """Start a call, or go back to the open one (a double click starts it once)."""
    version = _scenario_version(key)
    mode = request.form.get("mode", "")
    if mode not in store.MODES:
        abort(400)
    run = store.begin(db.session, current_user.id, version, mode)
    db.session.commit()
    return redirect(url_for("scenarios.play", run_id=run.id), code=303)


@bp.get("/runs/<int:run_id>")
@allow(*PLAYERS)
def play(run_id: int):
    """The call screen: the transcript so far and the decision in front of the learner."""
    run = _own_run(run_id)
    if run.finished:
        return redirect(url_for("scenarios.debrief_page", run_id=run.id))
    return _call_page(run)


def _call_page(run: ScenarioRun, error: str | None = None, status: int = 200, said: str = ""):
    scenario = scenario_of(run.content_version)
    view = visible_step(scenario, store.state_of(run), run.mode, run.seed)
    page = render_template(
        "scenarios/call.html", run=run, scenario=scenario, view=view, error=error, said=said
    )
    return page, status


def _posted_move(run: ScenarioRun) -> Move:
    """The move in the form; anything that is not a well-formed move is a ScenarioError.

    A choice is posted as the token the page showed, never as an index (scenarios/page.py).
    """
    form = request.form
    try:
        turn = parse_index(form["turn"])
    except (KeyError, ValueError) as exc:
        raise ScenarioError("the form was incomplete; choose again") from exc
    step = form.get("step", "")
    if "choice" not in form or run.finished:  # `take` refuses a move on a finished call
        text = form.get("text")
        if text is not None and len(text) > MAX_CALL_TEXT:
            raise ScenarioError(f"keep what you say under {MAX_CALL_TEXT} characters")
        return Move(step=step, text=text, turn=turn)
    scenario = scenario_of(run.content_version)
    choice = chosen_index(scenario, step, turn, run.seed, form["choice"])
    return Move(step=step, choice=choice, turn=turn)


def _voice() -> llm.Voice | None:
    """The AI customer within this player's budget of model turns; None unless TRAINER_LLM_URL."""
    config = current_app.config
    if not config["LLM_URL"]:
        return None
    try:
        budget = llm.turn_budget(config, current_app.extensions.setdefault("ai_customer", {}))
    except ValueError as exc:
        current_app.logger.warning("TRAINER_LLM_RATE_LIMIT: %s; the AI customer is off", exc)
        return None
    if budget is None:
        return llm.voice(config)
    return llm.voice(config, allowed=lambda: budget.spend(str(current_user.id)))


@bp.post("/runs/<int:run_id>/move")
@allow(*PLAYERS)
@returns_to("scenarios.play")
def move(run_id: int):
    """Take one decision; it is saved before the next page is drawn."""
    run = _own_run(run_id)
    try:
        state = store.take(db.session, run, _posted_move(run), voice=_voice())
    except store.StaleMove:
        raise  # the call has moved on: the site's handler says so on the call screen
    except ScenarioError as exc:  # forged or malformed: ask again on the same screen
        db.session.rollback()
        message = f"That answer could not be taken: {exc}."
        said = request.form.get("text", "")  # what they wrote is shown again, not lost
        return _call_page(_own_run(run_id), error=message, status=400, said=said)
    db.session.commit()
    if state.ended:
        return redirect(url_for("scenarios.debrief_page", run_id=run.id), code=303)
    return redirect(url_for("scenarios.play", run_id=run.id, _anchor="decision"), code=303)


@bp.post("/runs/<int:run_id>/retry")
@allow(*PLAYERS)
@returns_to("scenarios.play", anchor="decision")
def retry(run_id: int):
    """Practice: take back the last decision."""
    store.retry(_own_run(run_id))
    db.session.commit()
    return redirect(url_for("scenarios.play", run_id=run_id, _anchor="decision"), code=303)


@bp.get("/runs/<int:run_id>/debrief")
@allow(*PLAYERS)
def debrief_page(run_id: int):
    """Outcome, the path beside the best path, evidence per competency, what to practise next."""
    run = db.session.get(ScenarioRun, run_id)
    if run is None or not may_see(current_user, run.person_id):
        abort(404)
    if not run.finished:
        return redirect(url_for("scenarios.play", run_id=run.id))
    scenario = scenario_of(run.content_version)
    state = store.state_of(run)
    report = debrief(scenario, state)
    names = competency_names()
    others = [v for v in latest_versions(db.session, ["scenario"]) if v.key != run.scenario_key]
    practise = {
        competency: [scenario_of(v) for v in others if competency in v.competencies][:2]
        for competency in report.next_practice
    }
    return render_template(
        "scenarios/debrief.html",
        run=run,
        scenario=scenario,
        state=state,
        report=report,
        names=names,
        practise=practise,
        step_label=lambda key: _step_label(scenario, key),
    )


def _step_label(scenario, key: str) -> str:
    step = scenario.steps[key]
    if step.kind == "ending":
        return f"Ending: {step.title}"
    return getattr(step, "say", "") or getattr(step, "prompt", "") or key


@bp.get("/<key>/observe")
@allow("manager", "admin")
def observe(key: str):
    """Observer view for a live role-play: the customer's script, what to listen for, the rubric."""
    version = _scenario_version(key)
    scenario = scenario_of(version)
    people = db.session.scalars(visible_people_query(current_user).order_by(User.name)).all()
    names = competency_names()
    return render_template(
        "scenarios/observe.html",
        scenario=scenario,
        people=people,
        names=names,
        competencies=version.competencies,
    )


@bp.route("/<key>/observe/<int:person_id>", methods=["GET", "POST"])
@allow("manager", "admin")
@returns_to("rubrics.history")
def rate_observed(key: str, person_id: int):
    """Rate a person's live role-play of this call on the competencies the call exercises."""
    version = _scenario_version(key)
    person = person_or_404(current_user, person_id)
    exercised = version.competencies
    rows = [row for row in rubric_rows(None) if row.key in exercised]
    form = rubric_form(rows)
    if form.validate_on_submit() and save_rating(
        person, current_user, "observed", rows, form, scenario_key=key
    ):
        db.session.commit()
        flash(
            f"Your rating of {person.name} is saved; they can see it with your comments.", "success"
        )
        return redirect(url_for("rubrics.history", person_id=person.id))
    return render_template(
        "scenarios/rate_observed.html",
        form=form,
        rows=rows,
        person=person,
        heading=f"Rate {person.name}",
        scenario=scenario_of(version),
        names=competency_names(),
    )
