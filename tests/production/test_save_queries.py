"""The quiz autosave is a hot path: its statements are counted, not timed (the candidate's:
tests/screening/test_autosave.py)."""

from __future__ import annotations

import json
import logging

from sqlalchemy import event

from tests.assessments.answering import right_fields
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt
from trainer.db import db

FORM = "inside-sales-screening"


def _answer_fields(attempt: Attempt, position: int) -> dict:
    response = attempt.responses[position]
    fields = right_fields(item_of(response.item_version), attempt.plan[position]["order"])
    return {f"q{position}-{name}": values for name, values in fields.items()}


def _statements_of(app, send) -> tuple[list[str], object]:
    """Run `send` as a request of its own: a fresh session and nothing cached, as in production."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = send()
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return statements, response


def test_one_answer_save_costs_five_statements(app, client, make_user, login, caplog):
    caplog.set_level(logging.INFO, logger="trainer.requests")  # logged as in production
    user = login(make_user("learner"))
    client.post(f"/quizzes/{FORM}/begin")
    attempt = db.session.scalars(db.select(Attempt)).one()
    data = {**_answer_fields(attempt, 3), "positions": "3", "go": "stay"}
    url = f"/quizzes/attempts/{attempt.id}"

    statements, response = _statements_of(
        app, lambda: client.post(url, data=data, headers={"X-Requested-With": "fetch"})
    )

    assert response.get_json() == {"saved": True, "problems": []}
    # the sign-in with its person, the attempt with its form, the lock, the answer with its
    # item, the update: nothing per question of the form, nothing re-read after the lock
    verbs = [s.split()[0].upper() for s in statements]
    assert verbs == ["SELECT", "SELECT", "UPDATE", "SELECT", "UPDATE"], statements
    logged = json.loads([r.getMessage() for r in caplog.records][-1])
    assert logged["user_id"] == user.id  # named in the log without reloading the person
    db.session.expire_all()
    assert attempt.responses[3].answer is not None
    assert all(r.answer is None for r in attempt.responses if r.position != 3)


def test_a_page_of_answers_reads_its_responses_in_one_statement(app, client, make_user, login):
    login(make_user("learner"))
    client.post("/quizzes/negotiation-assessment/begin")
    attempt = db.session.scalars(db.select(Attempt)).one()
    data = {
        **_answer_fields(attempt, 0),
        **_answer_fields(attempt, 1),
        **_answer_fields(attempt, 2),
    }
    data |= {"positions": "0,1,2", "go": "stay"}

    statements, response = _statements_of(
        app,
        lambda: client.post(
            f"/quizzes/attempts/{attempt.id}", data=data, headers={"X-Requested-With": "fetch"}
        ),
    )

    assert response.get_json()["saved"] is True
    assert sum(s.lstrip().upper().startswith("SELECT") for s in statements) == 3
    db.session.expire_all()
    assert [r.answer is not None for r in attempt.responses[:4]] == [True, True, True, False]
