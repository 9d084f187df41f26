"""The candidate's autosave is the job fair's busiest request: its statements are counted, not
timed (benchmarks/jobfair.py times it)."""

from __future__ import annotations

from sqlalchemy.event import listen as event_listen
from sqlalchemy.event import remove as event_remove

from tests.assessments.answering import right_fields
from tests.production.test_save_queries import _statements_of
from trainer.assessments.kinds import item_of
from trainer.content import parsed
from trainer.db import db
from trainer.screening.models import Candidate


def test_a_candidate_autosave_costs_two_statements(app, client, make_user, make_event):
    """The job fair's busiest request: the candidate with the one answer, then the guarded write."""
    event = make_event(make_user("recruiter"))
    data = {"name": "Sam Lee", "email": "sam@example.edu", "consent": "y"}
    client.post(f"/e/{event.slug}", data=data)
    candidate = db.session.scalars(db.select(Candidate)).one()
    answer = candidate.answers[3]
    item = item_of(answer.item_version)
    fields = right_fields(item, candidate.plan[3]["order"])
    data = {f"q3-{name}": values for name, values in fields.items()} | {"go": "stay"}
    save = lambda: client.post("/s/q/4", data=data, headers={"X-Requested-With": "fetch"})  # noqa: E731

    parsed._parsed.clear()  # a process that has not yet parsed this item reads its body once
    first, response = _statements_of(app, save)
    again, response = _statements_of(app, save)

    assert response.get_json() == {"saved": True, "problems": []}
    assert [s.split()[0].upper() for s in first] == ["SELECT", "SELECT", "UPDATE"], first
    assert "content_version.body" in first[1]
    # nothing per question of the screening, no item body, no lock of its own: one UPDATE
    # writes the answer only while the candidate is neither submitted nor erased
    assert [s.split()[0].upper() for s in again] == ["SELECT", "UPDATE"], again
    assert "submitted_at IS NULL" in again[1] and "erased_at IS NULL" in again[1]
    db.session.expire_all()
    assert [a.answer is not None for a in candidate.answers[2:5]] == [False, True, False]


def _autocommits(dbapi_connection) -> bool:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        return dbapi_connection.isolation_level is None
    return dbapi_connection.autocommit  # psycopg


def test_the_autosave_autocommit_ends_with_its_request(app, client, make_user, make_event):
    """The save runs in autocommit; the connection goes back to the pool transactional."""
    event = make_event(make_user("recruiter"))
    client.post(
        f"/e/{event.slug}", data={"name": "Sam Lee", "email": "sam@example.edu", "consent": "y"}
    )
    candidate = db.session.scalars(db.select(Candidate)).one()
    fields = right_fields(item_of(candidate.answers[0].item_version), candidate.plan[0]["order"])
    data = {f"q0-{name}": values for name, values in fields.items()} | {"go": "stay"}
    seen = []

    def during(conn, cursor, statement, *args):
        seen.append(_autocommits(conn.connection.dbapi_connection))

    with app.app_context():
        db.session.remove()
        event_listen(db.engine, "before_cursor_execute", during)
        try:
            assert client.post("/s/q/1", data=data).status_code == 303
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
