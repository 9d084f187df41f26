"""Recruiters' pages: events, the shortlist, a candidate, compare, sharing, the kiosk.

Every page loads the event through `event_or_404`: the owner, the people it is shared with and
admins see it; anyone else gets 404, so event ids reveal nothing. Reports, exports and the QR
code are in `report_views.py`, on the same blueprint.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from trainer.assessments.kinds import form_of
from trainer.auth.access import allow
from trainer.auth.models import User
from trainer.auth.store import end_sign_in
from trainer.competencies.levels import profiles
from trainer.competencies.models import competency_names
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.errors import Refused, returns_to
from trainer.screening import answers, store
from trainer.screening.audit import record
from trainer.screening.forms import EventForm, ExtraTimeForm, ShareForm, StatusForm
from trainer.screening.models import STATUSES, Candidate, ScreeningEvent
from trainer.screening.shortlist import candidate_or_404, event_or_404, shortlist, visible_events

bp = Blueprint("screening", __name__, url_prefix="/screening")
VIEWERS = ("recruiter", "manager", "admin")
CREATORS = ("recruiter", "admin")


def audited(action: str, event: ScreeningEvent, **details) -> None:
    """Write the change to the audit log in the view's transaction."""
    record(db.session, current_user, action, event, details)


def screening_forms():
    return [v for v in latest_versions(db.session, ["form"]) if v.body.get("mode") == "screening"]


@bp.get("/events")
@allow(*VIEWERS)
def index():
    """The events I own or that are shared with me, with candidates started and finished."""
    events = db.session.scalars(visible_events(current_user)).all()
    counts = dict(
        db.session.execute(
            select(Candidate.event_id, func.count(Candidate.id)).group_by(Candidate.event_id)
        ).all()
    )
    done = dict(
        db.session.execute(
            select(Candidate.event_id, func.count(Candidate.id))
            .where(Candidate.submitted_at.is_not(None))
            .group_by(Candidate.event_id)
        ).all()
    )
    return render_template(
        "screening/index.html", events=events, counts=counts, done=done, creators=CREATORS
    )


@bp.route("/events/new", methods=["GET", "POST"])
@allow(*CREATORS)
def new():
    """Create an event: date, place, the profile, the screening, the cut, retention."""
    form = EventForm()
    form.profile_key.choices = [SelectChoice(p.key, p.title) for p in profiles(db.session).values()]
    versions = {v.key: v for v in screening_forms()}
    form.form_key.choices = [SelectChoice(k, v.body["title"]) for k, v in versions.items()]
    if request.method == "GET" and versions:
        first = next(iter(versions.values()))
        form.profile_key.data = form.profile_key.data or form_of(first).profile
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in EVENT_FIELDS}
        event = store.create_event(db.session, current_user, versions[form.form_key.data], **fields)
        audited("event-create", event, name=event.name)
        db.session.commit()
        flash("Event created. Print the poster or open the kiosk.", "info")
        return redirect(url_for("screening.event", event_id=event.id), code=303)
    return render_template("screening/new.html", form=form)


EVENT_FIELDS = (
    "name",
    "held_on",
    "place",
    "profile_key",
    "cut_score",
    "retention_days",
    "kiosk_idle_seconds",
    "show_result",
)


def _filtered(rows, status: str, above: bool):
    return [
        r
        for r in rows
        if (not status or r.candidate.status == status) and (not above or r.place.passes)
    ]


@bp.get("/events/<int:event_id>")
@allow(*VIEWERS)
def event(event_id: int):
    """The event: its link and QR code, the ranked shortlist with the cut line, sharing."""
    event = event_or_404(current_user, event_id)
    listed = shortlist(db.session, event)
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    above = request.args.get("above") == "1"
    rows = _filtered(listed.rows, status, above)
    return render_template(
        "screening/event.html",
        event=event,
        listed=listed,
        rows=rows,
        status=status,
        above=above,
        statuses=STATUSES,
        names=competency_names(),
        share_form=ShareForm(),
        owner=event.owner_id == current_user.id or current_user.role == "admin",
        public_url=url_for("candidate.sign_up", slug=event.slug, _external=True),
    )


@bp.post("/events/<int:event_id>/shares")
@allow(*CREATORS)
@returns_to("screening.event")
def share(event_id: int):
    """Share the event with a recruiter or a hiring manager (the owner or an admin)."""
    event = _owned(event_id)
    form = ShareForm()
    email = (form.email.data or "").strip().lower() if form.validate_on_submit() else ""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email)) if email else None
    if user is None or user.role not in ("recruiter", "manager") or not user.active:
        flash("Share with the email of an active recruiter or manager.", "error")
        return redirect(url_for("screening.event", event_id=event.id), code=303)
    store.share(db.session, event, user)
    audited("event-share", event, user=user.email)
    db.session.commit()
    flash(f"Shared with {user.name}.", "info")
    return redirect(url_for("screening.event", event_id=event.id), code=303)


@bp.post("/events/<int:event_id>/shares/<int:user_id>/remove")
@allow(*CREATORS)
def unshare(event_id: int, user_id: int):
    event = _owned(event_id)
    store.unshare(event, user_id)
    audited("event-unshare", event, user_id=user_id)
    db.session.commit()
    return redirect(url_for("screening.event", event_id=event.id), code=303)


def _owned(event_id: int) -> ScreeningEvent:
    event = event_or_404(current_user, event_id)
    if event.owner_id != current_user.id and current_user.role != "admin":
        raise Refused("only the event's owner can change who sees it")
    return event


@bp.get("/events/<int:event_id>/candidates/<int:candidate_id>")
@allow(*VIEWERS)
def candidate(event_id: int, candidate_id: int):
    """A candidate: per-competency results with bands, status and notes, extra time."""
    event = event_or_404(current_user, event_id)
    person = candidate_or_404(event, candidate_id)
    listed = shortlist(db.session, event)
    row = next((r for r in listed.rows if r.candidate.id == person.id), None)
    return render_template(
        "screening/candidate.html",
        event=event,
        person=person,
        row=row,
        names=competency_names(),
        status_form=StatusForm(status=person.status, note=person.note),
        time_form=ExtraTimeForm(minutes=person.extra_minutes or 15),
        deadline=answers.deadline(person),
    )


@bp.post("/events/<int:event_id>/candidates/<int:candidate_id>/status")
@allow(*VIEWERS)
@returns_to("screening.candidate")
def set_status(event_id: int, candidate_id: int):
    """New, advance, hold or decline, with a note; audited."""
    event = event_or_404(current_user, event_id)
    person = candidate_or_404(event, candidate_id)
    form = StatusForm()
    if not form.validate_on_submit():
        raise Refused("choose a status")
    before = person.status
    store.set_status(person, form.status.data, form.note.data)
    audited("candidate-status", event, candidate=person.id, status=f"{before} -> {person.status}")
    db.session.commit()
    flash(f"Status: {person.status}.", "info")
    return redirect(
        url_for("screening.candidate", event_id=event.id, candidate_id=person.id), code=303
    )


@bp.post("/events/<int:event_id>/candidates/<int:candidate_id>/extra-time")
@allow(*VIEWERS)
@returns_to("screening.candidate")
def extra_time(event_id: int, candidate_id: int):
    """Accommodations: extra minutes, before or during the screening; audited."""
    event = event_or_404(current_user, event_id)
    person = candidate_or_404(event, candidate_id)
    form = ExtraTimeForm()
    if not form.validate_on_submit():
        raise Refused("give between 0 and 240 extra minutes")
    store.give_extra_time(person, form.minutes.data)
    audited("candidate-extra-time", event, candidate=person.id, minutes=form.minutes.data)
    db.session.commit()
    flash(f"{form.minutes.data} extra minutes given.", "info")
    return redirect(
        url_for("screening.candidate", event_id=event.id, candidate_id=person.id), code=303
    )


@bp.get("/events/<int:event_id>/compare")
@allow(*VIEWERS)
def compare(event_id: int):
    """Two or three finished candidates side by side."""
    event = event_or_404(current_user, event_id)
    wanted = request.args.getlist("c", type=int)[:3]
    listed = shortlist(db.session, event)
    rows = [r for r in listed.rows if r.candidate.id in wanted]
    return render_template(
        "screening/compare.html",
        event=event,
        rows=rows,
        listed=listed,
        names=competency_names(),
    )


@bp.post("/events/<int:event_id>/kiosk")
@allow(*VIEWERS)
def kiosk(event_id: int):
    """Turn this device into the event's kiosk: sign out, remember only the event."""
    event = event_or_404(current_user, event_id)
    audited("sign-out", event, kiosk=event.slug)
    end_sign_in(db.session, current_user.get_id())
    db.session.commit()
    logout_user()
    session.clear()
    session["kiosk"] = event.slug
    return redirect(url_for("candidate.sign_up", slug=event.slug), code=303)
