"""`trainer events list|shortlist`, `trainer candidates purge`, and the demo's past job fair."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from trainer.cli import main
from trainer.db import db
from trainer.screening import store
from trainer.screening.models import Candidate, SelfIdentification


def run(app, *args):
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_events_list_and_shortlist(app, make_user, make_event, finished_candidate):
    event = make_event(make_user("recruiter"), name="Spring fair")
    finished_candidate(event, "Ann Ode", "ann@example.edu")
    store.sign_up(db.session, event, "Bo Ray", "bo@example.edu", None, event.created_at)
    db.session.commit()
    listed = run(app, "events", "list", "--json", "--base-url", "https://hr.example")
    assert listed.exit_code == 0, listed.output
    (row,) = json.loads(listed.output)
    assert row["link"] == f"https://hr.example/e/{event.slug}"
    assert (row["started"], row["finished"]) == (2, 1)
    shortlist = run(app, "events", "shortlist", event.slug)
    rows = list(csv.DictReader(io.StringIO(shortlist.output)))
    assert [r["first_name"] for r in rows] == ["Ann"]
    as_json = run(app, "events", "shortlist", str(event.id), "--format", "json")
    assert json.loads(as_json.output)[0]["email"] == "ann@example.edu"
    missing = run(app, "events", "shortlist", "nope")
    assert missing.exit_code == 1 and "no event" in missing.output


def test_purge_erases_past_retention_keeps_statistics_and_is_idempotent(
    app, make_user, make_event, finished_candidate
):
    recruiter = make_user("recruiter")
    old = make_event(recruiter, held_on=date.today() - timedelta(days=40), retention_days=30)
    fresh = make_event(recruiter, name="Recent")
    gone = finished_candidate(old, "Old Timer", "old@example.edu")
    store.self_identify(db.session, gone, {"gender": "Woman"})
    kept = finished_candidate(fresh, "New Comer", "new@example.edu")
    db.session.commit()
    first = run(app, "candidates", "purge")
    assert "1 candidate" in first.output
    assert "0 candidate" in run(app, "candidates", "purge").output
    db.session.expire_all()
    erased = db.session.get(Candidate, gone.id)
    assert (erased.name, erased.email, erased.erased_by) == (None, None, "retention")
    assert erased.submitted_at is not None and any(a.points for a in erased.answers)
    # The anonymous self-identification stays for the adverse-impact statistics.
    assert db.session.scalar(select(func.count(SelfIdentification.id))) == 1
    assert db.session.get(Candidate, kept.id).name == "New Comer"


def test_the_demo_has_a_past_job_fair_with_a_real_shortlist(demo_app):
    from trainer.auth.models import User
    from trainer.screening.models import ScreeningEvent
    from trainer.screening.shortlist import shortlist

    recruiter = db.session.scalar(select(User).where(User.role == "recruiter"))
    event = db.session.scalar(select(ScreeningEvent).where(ScreeningEvent.owner_id == recruiter.id))
    listed = shortlist(db.session, event)
    assert len(listed.rows) >= 30 and not listed.unfinished
    fits = {r.place.fit.score for r in listed.rows}
    assert len(fits) > 5  # spread out, not one score
    assert 0 < listed.above_cut < len(listed.rows)
    assert sum(r.duplicate for r in listed.rows) == 2
    assert event.shares  # the demo manager sees it too
