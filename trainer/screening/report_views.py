"""An event's exports and reports: the ATS CSV, adverse impact, the QR code and the poster.

On the recruiters' blueprint (`views.bp`), with the same rule: the event's owner, the people it
is shared with, and admins; anyone else gets 404.
"""

from __future__ import annotations

import io

import segno
from flask import Response, render_template, request, url_for
from flask_login import current_user

from trainer.auth.access import allow
from trainer.db import db
from trainer.screening.exports import shortlist_csv
from trainer.screening.forms import QUESTIONS
from trainer.screening.impact import adverse_impact, simulate
from trainer.screening.models import STATUSES
from trainer.screening.shortlist import event_or_404, self_identified, shortlist, visible_events
from trainer.screening.views import VIEWERS, audited, bp


@bp.get("/events/<int:event_id>/shortlist.csv")
@allow(*VIEWERS)
def export_csv(event_id: int):
    """The shortlist for an applicant tracking system; erased candidates are left out."""
    event = event_or_404(current_user, event_id)
    status = request.args.get("status", "")
    listed = shortlist(db.session, event)
    rows = [r for r in listed.rows if status not in STATUSES or r.candidate.status == status]
    body = shortlist_csv(event, rows)
    audited("export", event, shortlist="csv", status=status or "all", rows=len(rows))
    db.session.commit()
    name = f"shortlist-{event.slug}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _people(events) -> dict[str, list[tuple[str, float | None]]]:
    """Per question: (answer, fit relative to its event's cut + 50) for finished candidates."""
    found: dict[str, list] = {key: [] for key in QUESTIONS}
    answers = self_identified(db.session, [e.id for e in events])
    for event in events:
        for row in shortlist(db.session, event).rows:
            fit = row.place.fit.score
            shifted = None if fit is None else fit - event.cut_score + 50
            for key, answer in answers.get(row.candidate.id, {}).items():
                if key in found:
                    found[key].append((answer, shifted))
    return found


@bp.get("/events/<int:event_id>/fairness")
@allow(*VIEWERS)
def fairness(event_id: int):
    """Adverse impact at the event's cut, and a simulator of other cuts."""
    event = event_or_404(current_user, event_id)
    people = _people([event])
    # `_people` centres each fit on the cut at 50; the simulator moves the cut from there.
    offset = event.cut_score - 50
    return render_template(
        "screening/fairness.html",
        event=event,
        questions=QUESTIONS,
        reports={key: adverse_impact(rows, 50) for key, rows in people.items()},
        simulated={
            key: simulate(rows, cuts=[c - offset for c in range(30, 91, 10)])
            for key, rows in people.items()
        },
        offset=offset,
    )


@bp.get("/fairness")
@allow(*VIEWERS)
def fairness_all():
    """Adverse impact across every event I can see, each at its own cut score."""
    events = db.session.scalars(visible_events(current_user)).all()
    people = _people(events)
    return render_template(
        "screening/fairness.html",
        event=None,
        events=events,
        questions=QUESTIONS,
        reports={key: adverse_impact(rows, 50) for key, rows in people.items()},
        simulated={},
        offset=0,
    )


def _qr(event):
    return segno.make(url_for("candidate.sign_up", slug=event.slug, _external=True), error="m")


@bp.get("/events/<int:event_id>/qr.svg")
@allow(*VIEWERS)
def qr_svg(event_id: int):
    event = event_or_404(current_user, event_id)
    buffer = io.BytesIO()
    _qr(event).save(buffer, kind="svg", scale=8, border=2, title=f"Sign up: {event.name}")
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.get("/events/<int:event_id>/qr.png")
@allow(*VIEWERS)
def qr_png(event_id: int):
    event = event_or_404(current_user, event_id)
    buffer = io.BytesIO()
    _qr(event).save(buffer, kind="png", scale=10, border=2)
    name = f"qr-{event.slug}.png"
    return Response(
        buffer.getvalue(),
        mimetype="image/png",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@bp.get("/events/<int:event_id>/poster")
@allow(*VIEWERS)
def poster(event_id: int):
    """A printable poster: the event, the QR code and the short link."""
    event = event_or_404(current_user, event_id)
    return render_template(
        "screening/poster.html",
        event=event,
        public_url=url_for("candidate.sign_up", slug=event.slug, _external=True),
    )
