"""Candidates' pages: sign up from the event link, take the screening, finish, erase.

No account: the session holds the candidate's id and token hash, never an id in a URL, and every
check below runs on each request (erased, expired, kiosk idle). Every page is `no-store`, so
the back button on a shared tablet finds nothing cached. Nothing here shows a score, a level or
a key, except the fit on the thank-you page when the event says so.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.orm.exc import StaleDataError

from trainer.assessments.delivery import TamperedAnswer, UnclearAnswer
from trainer.assessments.page import fields_at
from trainer.auth.access import PUBLIC, allow
from trainer.competencies.levels import profiles
from trainer.db import db, now_utc
from trainer.extensions import limiter
from trainer.screening import answers, store, visit
from trainer.screening.audit import record
from trainer.screening.fit import competency_results, fit_of
from trainer.screening.forms import QUESTIONS, SelfIdForm, SignUpForm
from trainer.screening.models import Candidate
from trainer.screening.shortlist import requirements_for, scored

bp = Blueprint("candidate", __name__)


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # a resume link never leaks onward
    return response


@bp.context_processor
def _context():
    """What every candidate page may show: kiosk or not, its idle time, the resume link."""
    candidate = g.get("candidate")
    kiosk = session.get("kiosk")
    token = None if kiosk else session.get("resume")
    return {
        "kiosk": kiosk,
        "idle_seconds": candidate.event.kiosk_idle_seconds if candidate else 120,
        "resume_url": url_for("candidate.resume", token=token, _external=True) if token else None,
        "resume_until": candidate.token_expires_at.date().isoformat() if candidate else "",
    }


def _is_kiosk() -> bool:
    """A booth's kiosk (set by a signed-in recruiter, in the signed session) serves many people."""
    return bool(request.view_args) and session.get("kiosk") == request.view_args.get("slug")


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


@bp.route("/e/<slug>", methods=["GET", "POST"])
@allow(PUBLIC)
@limiter.limit(_signup_limit, methods=["POST"], exempt_when=lambda: _is_kiosk())
def sign_up(slug: str):
    """The privacy notice and the sign-up: name, email, optional phone, consent."""
    event = visit.event_by_slug(slug)
    kiosk = session.get("kiosk") == slug
    if kiosk:
        visit.drop()  # a kiosk's sign-up page never carries the previous candidate
    form = SignUpForm()
    if form.validate_on_submit():
        candidate, token = store.sign_up(
            db.session, event, form.name.data.strip(), form.email.data, form.phone.data, now_utc()
        )
        db.session.commit()
        session["candidate"], session["token_hash"] = candidate.id, candidate.token_hash
        session["seen"] = now_utc().timestamp()
        if not kiosk:
            session["resume"] = token
        return redirect(url_for("candidate.about_you"), code=303)
    retention = store.retention_ends(event).date()
    profile = profiles(db.session).get(event.profile_key)
    return render_template(
        "screening/candidate/sign_up.html",
        event=event,
        form=form,
        retention=retention,
        profile_title=profile.title if profile else None,
    )


@bp.get("/c/<token>")
@allow(PUBLIC)
def resume(token: str):
    """The personal link: back to the screening where it was left."""
    candidate = store.by_token(db.session, token, now_utc()) if len(token) < 100 else None
    if candidate is None:
        return render_template("screening/candidate/ended.html", reason="expired"), 404
    session["candidate"], session["token_hash"] = candidate.id, candidate.token_hash
    session["resume"], session["seen"] = token, now_utc().timestamp()
    return redirect(url_for("candidate.next_step"), code=303)


@bp.get("/s/")
@allow(PUBLIC)
def next_step():
    """The first unanswered question, or the thank-you page once finished."""
    candidate = visit.current()
    if candidate is None:
        return visit.away()
    if candidate.finished:
        return redirect(url_for("candidate.thanks"))
    first = next((a.position for a in candidate.answers if a.answer is None), 0)
    return redirect(url_for("candidate.question", n=first + 1))


@bp.route("/s/about-you", methods=["GET", "POST"])
@allow(PUBLIC)
def about_you():
    """Voluntary self-identification, on its own step, never shown beside a name."""
    candidate = visit.current()
    if candidate is None:
        return visit.away()
    form = SelfIdForm()
    if form.validate_on_submit():
        chosen = {key: getattr(form, key).data for key in QUESTIONS}
        if request.form.get("go") == "skip":
            chosen = {}
        store.self_identify(db.session, candidate, chosen)
        db.session.commit()
        return redirect(url_for("candidate.question", n=1), code=303)
    return render_template("screening/candidate/about_you.html", form=form, candidate=candidate)


@bp.get("/s/q/<int:n>")
@allow(PUBLIC)
def question(n: int):
    """One question, with the answer saved so far."""
    candidate = visit.current()
    if candidate is None:
        return visit.away()
    visit.expire_if_due(candidate)
    if candidate.finished:
        return redirect(url_for("candidate.thanks"))
    q = visit.question_at(candidate, n)
    return render_template(
        "screening/candidate/question.html",
        candidate=candidate,
        q=q,
        p=q.prefix,
        total=len(candidate.answers),
        answered=sum(a.answer is not None for a in candidate.answers),
        deadline=answers.deadline(candidate),
        now=now_utc(),
        minutes_left=_minutes_left(candidate),
    )


def _minutes_left(candidate: Candidate) -> int | None:
    end = answers.deadline(candidate)
    return None if end is None else max(0, round((end - now_utc()).total_seconds() / 60))


@bp.post("/s/q/<int:n>")
@allow(PUBLIC)
def save(n: int):
    """Save the answer as given (on each change with JavaScript, on a button without)."""
    # Autocommit: its one write is one guarded UPDATE (`answers`); BEGIN/COMMIT add nothing.
    if not db.session().in_transaction():  # a request's session starts unused (a test's may not)
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    posted = fields_at(request.form, n - 1)
    problem, total = None, visit.save_from_sheet(n - 1, posted)
    if total is None:  # the full path: it reads the candidate, so it can say what is wrong
        candidate, at = visit.current_at(n - 1)
        if candidate is None:
            ended = jsonify(saved=False, error="session ended"), 409
            return ended if wants_json else visit.away()
        if at is None:
            abort(404)
        total = len(candidate.plan)
        try:
            answers.save(db.session, candidate, at, posted, now_utc())
        except TamperedAnswer:
            db.session.rollback()
            abort(400)
        except UnclearAnswer as exc:
            db.session.rollback()
            problem = str(exc)
        except (store.ScreeningClosed, StaleDataError) as exc:
            db.session.rollback()
            if wants_json:
                return jsonify(saved=False, error=str(exc)), 409
            return redirect(url_for("candidate.thanks"), code=303)
    db.session.commit()
    if wants_json:
        return jsonify(saved=problem is None, problems=[problem] if problem else [])
    go = request.form.get("go", "next")
    if problem or go == "stay":
        return redirect(url_for("candidate.question", n=n), code=303)
    if go == "finish" or (go == "next" and n == total):
        return redirect(url_for("candidate.finish"), code=303)
    step = -1 if go == "prev" else 1
    return redirect(url_for("candidate.question", n=max(1, n + step)), code=303)


@bp.get("/s/finish")
@allow(PUBLIC)
def finish():
    """Before submitting: how many are answered, links back to the rest."""
    candidate = visit.current()
    if candidate is None:
        return visit.away()
    if candidate.finished:
        return redirect(url_for("candidate.thanks"))
    blank = [a.position + 1 for a in candidate.answers if a.answer is None]
    return render_template("screening/candidate/finish.html", candidate=candidate, blank=blank)


@bp.post("/s/submit")
@allow(PUBLIC)
def submit():
    """Finish once: a second click or the timer find it done."""
    candidate = visit.current()
    if candidate is None:
        return visit.away()
    try:
        answers.submit(db.session, candidate, now_utc())
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
    return redirect(url_for("candidate.thanks"), code=303)


@bp.get("/s/thanks")
@allow(PUBLIC)
def thanks():
    """Thank you; the fit only when the event shows it; a kiosk forgets the candidate here."""
    candidate = visit.current()
    if candidate is None:
        return visit.away()
    if not candidate.finished:
        return redirect(url_for("candidate.next_step"))
    event = candidate.event
    fit = None
    if event.show_result:
        results = competency_results(
            "candidate",
            scored(candidate),
            requirements_for(db.session, event.profile_key),
            candidate.submitted_at,
        )
        fit = fit_of(results).score
    kiosk = session.get("kiosk")
    if kiosk:
        visit.drop()
    return render_template("screening/candidate/thanks.html", event=event, fit=fit)


@bp.route("/s/erase", methods=["GET", "POST"])
@allow(PUBLIC)
def erase():
    """Delete my data: the recruiter keeps an anonymous row, the link stops working."""
    candidate = visit.current()
    if candidate is None:
        return visit.away()
    if request.method == "GET":
        return render_template("screening/candidate/erase.html", candidate=candidate)
    store.erase(db.session, candidate, now_utc(), by="candidate")
    record(db.session, None, "candidate-erase", candidate.event, {"candidate": candidate.id})
    db.session.commit()
    visit.drop()
    if session.get("kiosk"):
        return visit.away()
    return render_template("screening/candidate/ended.html", reason="erased")


@bp.post("/s/leave")
@allow(PUBLIC)
def leave():
    """Leave (or the kiosk's idle timer): this device forgets the candidate; answers stay saved."""
    visit.drop()
    return visit.away()


@bp.get("/s/ended")
@allow(PUBLIC)
def ended():
    return render_template("screening/candidate/ended.html", reason="ended")
