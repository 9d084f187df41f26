"""Kill the server mid-attempt and start it again: every saved answer is there, and it finishes."""

from __future__ import annotations

import pytest

from tests.assessments.answering import right_fields
from tests.server import Browserless, ServerProcess, signed_in
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt
from trainer.db import db

pytestmark = pytest.mark.slow
FORM = "negotiation-assessment"


def the_attempt() -> Attempt:
    """The attempt the browser began: the newest, since the demo learner has a history."""
    db.session.expire_all()
    return db.session.scalars(db.select(Attempt).order_by(Attempt.id.desc()).limit(1)).one()


def answer(browser: Browserless, attempt: Attempt, position: int) -> None:
    item = item_of(attempt.responses[position].item_version)
    fields = right_fields(item, attempt.plan[position]["order"])
    data = {f"q{position}-{name}": values for name, values in fields.items()}
    browser.post(f"/quizzes/attempts/{attempt.id}", {**data, "positions": position, "go": "next"})
    assert browser.status == 200, browser.page


def test_a_killed_server_keeps_every_answer_given_before(demo_app, demo_database_url):
    with ServerProcess(demo_database_url) as server:
        browser = signed_in(server.url, "learner")
        browser.get(f"/quizzes/{FORM}")
        browser.post(f"/quizzes/{FORM}/begin", {})
        attempt = the_attempt()
        for position in range(4):
            answer(browser, attempt, position)
        saved = [r.answer for r in the_attempt().responses[:4]]

        server.kill()
        server.start()

        browser.get(f"/quizzes/attempts/{attempt.id}?n=1")
        assert browser.status == 200
        assert [r.answer for r in the_attempt().responses[:4]] == saved
        assert all(answer is not None for answer in saved)
        for position in range(4, len(attempt.responses)):
            answer(browser, the_attempt(), position)
        browser.post(f"/quizzes/attempts/{attempt.id}/submit", {})
        assert browser.url.endswith("/result")
        assert the_attempt().submitted and the_attempt().percent == 100
