"""Parallel requests against a real server process, each on its own database connection:
begin never makes an attempt too many, and no answer is stored after the attempt is scored.
Run on SQLite by default and on PostgreSQL with TRAINER_TEST_DATABASE_URL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from tests.assessments.answering import right_fields, wrong_fields
from tests.conftest import PASSWORD
from tests.server import Browserless, ServerProcess
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt
from trainer.assessments.store import _score
from trainer.db import db

PARALLEL = 20


@pytest.fixture
def server(app, database_url):
    server = ServerProcess(database_url, threads=PARALLEL)
    server.env["TRAINER_LOGIN_RATE_LIMIT"] = "1000 per minute"  # every racer signs in,
    server.env["TRAINER_LOGIN_ACCOUNT_RATE_LIMIT"] = "1000 per minute"  # as the same person
    with server:
        yield server


def racers(server, user, count: int, page: str) -> list[Browserless]:
    """`count` browsers signed in as `user`, each holding `page` (and its CSRF token)."""
    browsers = []
    for _ in range(count):
        browser = Browserless(server.url)
        browser.get("/login")
        browser.post("/login", {"email": user.email, "password": PASSWORD})
        assert "/login" not in browser.url, browser.page
        browser.get(page)
        assert browser.status == 200, browser.page
        browsers.append(browser)
    return browsers


def all_at_once(calls) -> None:
    """Run the calls in parallel threads, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        list(pool.map(run, calls))


def attempts_of(user) -> list[Attempt]:
    db.session.expire_all()
    return db.session.scalars(select(Attempt).where(Attempt.person_id == user.id)).all()


@pytest.mark.parametrize(
    "form",
    ["inside-sales-screening", "key-account-readiness"],
    ids=["one attempt allowed", "unlimited attempts"],
)
def test_parallel_begins_make_one_attempt(server, make_user, form):
    user = make_user("learner")
    browsers = racers(server, user, PARALLEL, f"/quizzes/{form}")
    all_at_once([lambda b=b: b.post(f"/quizzes/{form}/begin", {}) for b in browsers])
    attempts = attempts_of(user)
    assert [a.number for a in attempts] == [1]
    # Every click lands on the one attempt: the losers of the race are sent to the winner's.
    landed = {b.url: b.page.split("Nothing changed")[-1][:120] for b in browsers}
    assert set(landed) == {f"{server.url}/quizzes/attempts/{attempts[0].id}"}, landed


def test_parallel_begins_after_the_last_attempt_make_none(server, make_user):
    user = make_user("learner")
    (first,) = racers(server, user, 1, "/quizzes/inside-sales-screening")
    first.post("/quizzes/inside-sales-screening/begin", {})
    first.post(f"{first.url.removeprefix(server.url)}/submit", {})
    assert attempts_of(user)[0].submitted
    browsers = racers(server, user, PARALLEL, "/quizzes/inside-sales-screening")
    all_at_once([lambda b=b: b.post("/quizzes/inside-sales-screening/begin", {}) for b in browsers])
    count = select(func.count(Attempt.id)).where(Attempt.person_id == user.id)
    assert db.session.scalar(count) == 1
    assert all("used all 1 attempts" in b.page for b in browsers)


def fields_at(attempt: Attempt, position: int, answer) -> dict:
    response = attempt.responses[position]
    item, order = item_of(response.item_version), attempt.plan[position]["order"]
    fields = {f"q{position}-{k}": v for k, v in answer(item, order).items()}
    return {**fields, "positions": str(position), "go": "stay"}


def test_saves_racing_a_submit_are_scored_or_refused_never_stored_after(server, make_user):
    user = make_user("learner")
    (first,) = racers(server, user, 1, "/quizzes/negotiation-assessment")
    first.post("/quizzes/negotiation-assessment/begin", {})
    (attempt,) = attempts_of(user)
    path = f"/quizzes/attempts/{attempt.id}"
    for position in range(len(attempt.responses)):  # every answer starts wrong
        first.post(path, fields_at(attempt, position, wrong_fields))
    positions = range(len(attempt.responses))
    browsers = racers(server, user, len(positions) + 1, path)
    calls = [  # each racer saves the right answer at its position, one submits
        lambda b=b, p=p: b.post(path, fields_at(attempt, p, right_fields))
        for b, p in zip(browsers, positions, strict=False)
    ]
    calls.insert(len(calls) // 2, lambda: browsers[-1].post(f"{path}/submit", {}))
    all_at_once(calls)
    (attempt,) = attempts_of(user)
    assert attempt.submitted
    for response in attempt.responses:
        item = item_of(response.item_version)
        # A save that won the lock is scored with the rest (its clock may read a little after
        # the submit's, which was read before waiting); one that lost it changed nothing.
        if item.type != "essay":
            assert response.points == pytest.approx(_score(item, response.answer).points)
    assert attempt.points == pytest.approx(sum(r.points or 0 for r in attempt.responses))
