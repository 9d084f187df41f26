"""The candidate's autosave is the job fair's busiest request: its statements are counted, not
timed (benchmarks/jobfair.py times it)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.event import listen as event_listen
from sqlalchemy.event import remove as event_remove

from tests.assessments.answering import right_fields
from tests.production.test_save_queries import _statements_of
from trainer.assessments.kinds import item_of
from trainer.content import parsed
from trainer.db import db, now_utc
from trainer.screening import answers, sheets, store
from trainer.screening.models import Candidate


def _signed_up(client, event) -> tuple[Candidate, dict]:
    """Sign up; the candidate and the posted fields of a right answer at position 3."""
    data = {"name": "Sam Lee", "email": "sam@example.edu", "consent": "y"}
    client.post(f"/e/{event.slug}", data=data)
    candidate = db.session.scalars(db.select(Candidate)).one()
    fields = right_fields(item_of(candidate.answers[3].item_version), candidate.plan[3]["order"])
    return candidate, {f"q3-{name}": values for name, values in fields.items()} | {"go": "stay"}


def _autosave(client, data):
    """Post the answer as the candidate page's script does."""
    return client.post("/s/q/4", data=data, headers={"X-Requested-With": "fetch"})


def _refusal(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]


def test_a_candidate_autosave_costs_one_statement(app, client, make_user, make_event):
    """The job fair's busiest request: one guarded UPDATE, once the process holds the sheet."""
    candidate, data = _signed_up(client, make_event(make_user("recruiter")))
    save = lambda: _autosave(client, data)  # noqa: E731

    parsed._parsed.clear()  # a process that has not yet parsed this item reads its body once
    sheets.forget_all()  # nor read this candidate's sheet
    first, response = _statements_of(app, save)
    again, response = _statements_of(app, save)

    assert response.get_json() == {"saved": True, "problems": []}
    assert [s.split()[0].upper() for s in first] == ["SELECT", "SELECT", "SELECT", "UPDATE"]
    assert "content_version.body" in first[2]
    # nothing read: the UPDATE writes only while the session's link is good and unexpired, the
    # candidate neither submitted nor erased, the time (with extra time) not used up
    assert [s.split()[0].upper() for s in again] == ["UPDATE"], again
    for guard in ("token_hash", "token_expires_at", "submitted_at IS NULL", "erased_at IS NULL"):
        assert guard in again[0]
    assert "extra_minutes" in again[0] and "item_version_id" in again[0]
    db.session.expire_all()
    assert [a.answer is not None for a in candidate.answers[2:5]] == [False, True, False]


def test_a_kiosk_save_reads_the_candidate_for_its_idle_timer(app, client, make_user, make_event):
    event = make_event(make_user("recruiter"), kiosk_idle_seconds=60)
    with client.session_transaction() as session:
        session["kiosk"] = event.slug
    candidate, data = _signed_up(client, event)
    save = lambda: _autosave(client, data)  # noqa: E731
    save()
    statements, response = _statements_of(app, save)
    # the full path: the candidate with the answer, the event's idle time, the guarded write
    assert [s.split()[0].upper() for s in statements] == ["SELECT", "SELECT", "UPDATE"]
    assert "kiosk_idle_seconds" in statements[1]
    with client.session_transaction() as session:
        session["seen"] -= 61  # the candidate walked away from the booth
    assert _refusal(save()) == (409, "session ended")


def test_a_refused_save_says_why(app, client, make_user, make_event):
    """A write the sheet's UPDATE refuses goes the full path, which names the reason."""
    candidate, data = _signed_up(client, make_event(make_user("recruiter")))
    late = candidate.started_at - timedelta(minutes=candidate.time_limit_minutes + 1)
    db.session.execute(update(Candidate).values(started_at=late))
    db.session.commit()
    sheets.forget_all()
    assert _refusal(_autosave(client, data)) == (409, answers.LATE)
    db.session.execute(update(Candidate).values(extra_minutes=5))
    db.session.commit()
    # extra time, read as it is now
    assert _autosave(client, data).get_json() == {"saved": True, "problems": []}
    db.session.execute(update(Candidate).values(submitted_at=now_utc()))
    db.session.commit()
    assert _refusal(_autosave(client, data)) == (409, answers.FINISHED)
    store.erase(db.session, db.session.get(Candidate, candidate.id), now_utc(), "candidate")
    db.session.commit()
    assert _refusal(_autosave(client, data)) == (409, "session ended")


def _autocommits(dbapi_connection) -> bool:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        return dbapi_connection.isolation_level is None
    return dbapi_connection.autocommit  # psycopg


def test_the_autosave_autocommit_ends_with_its_request(app, client, make_user, make_event):
    """The save runs in autocommit; the connection goes back to the pool transactional."""
    _, data = _signed_up(client, make_event(make_user("recruiter")))
    seen = []

    def during(conn, cursor, statement, *args):
        seen.append(_autocommits(conn.connection.dbapi_connection))

    with app.app_context():
        db.session.remove()
        event_listen(db.engine, "before_cursor_execute", during)
        try:
            assert client.post("/s/q/4", data=data).status_code == 303  # without JavaScript
        finally:
            event_remove(db.engine, "before_cursor_execute", during)
    assert seen and all(seen)  # the save's own statements ran in autocommit
    pool = db.engine.pool
    pooled = [db.engine.raw_connection() for _ in range(pool.checkedin())]
    try:
        assert pooled and not any(_autocommits(c.dbapi_connection) for c in pooled)
    finally:
        for connection in pooled:
            connection.close()
