"""Two app servers on one PostgreSQL and one Redis, as behind a load balancer.

A candidate's answers saved through one are read through the other, and the sign-in limit is
counted once across both. Needs TRAINER_TEST_DATABASE_URL (PostgreSQL) and Redis on 6379.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.assessments.answering import right_fields
from tests.conftest import PASSWORD, TEST_URL
from tests.server import Browserless, ServerProcess, redis_up
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt
from trainer.db import db

pytestmark = pytest.mark.slow
FORM = "negotiation-assessment"


@pytest.fixture
def hosts(app, database_url):
    if not TEST_URL.startswith("postgresql"):
        pytest.skip("several hosts share one PostgreSQL: set TRAINER_TEST_DATABASE_URL")
    if not redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex[:8]}"  # this run's counts only
    servers = [ServerProcess(database_url), ServerProcess(database_url)]
    for server in servers:
        server.env["TRAINER_RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/0"
        server.env["TRAINER_RATELIMIT_KEY_PREFIX"] = prefix
        server.env["TRAINER_LOGIN_RATE_LIMIT"] = "100 per minute"
        server.env["TRAINER_LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per minute"
        server.start()
    yield servers
    for server in servers:
        server.__exit__(None, None, None)


def on(server: ServerProcess, browser: Browserless) -> Browserless:
    """The same browser (its cookies) sent to another host, as a balancer might."""
    other = Browserless(server.url)
    other.opener = browser.opener
    return other


def answer(browser: Browserless, attempt: Attempt, position: int) -> None:
    fields = right_fields(
        item_of(attempt.responses[position].item_version), attempt.plan[position]["order"]
    )
    data = {f"q{position}-{name}": v for name, v in fields.items()}
    browser.get(f"/quizzes/attempts/{attempt.id}?n={position + 1}")
    browser.post(f"/quizzes/attempts/{attempt.id}", {**data, "positions": position, "go": "next"})
    assert browser.status == 200, browser.page


def answered(page: str) -> int:
    return int(re.search(r"(\d+) of \d+ answered", page).group(1))


def test_answers_saved_through_one_host_are_read_through_the_other(hosts, make_user):
    first, second = hosts
    user = make_user("learner")
    a = Browserless(first.url)
    a.get("/login")
    a.post("/login", {"email": user.email, "password": PASSWORD})
    a.get(f"/quizzes/{FORM}")
    a.post(f"/quizzes/{FORM}/begin", {})
    attempt = db.session.scalars(db.select(Attempt)).one()
    for position in range(3):
        answer(a, attempt, position)

    b = on(second, a)
    page = b.get(f"/quizzes/attempts/{attempt.id}?n=4")
    assert b.status == 200 and answered(page) == 3
    answer(b, attempt, 3)
    assert answered(a.get(f"/quizzes/attempts/{attempt.id}?n=5")) == 4
    db.session.expire_all()
    assert [r.answer is not None for r in attempt.responses[:5]] == [True] * 4 + [False]


def test_the_sign_in_limit_is_counted_once_across_hosts(hosts, make_user):
    user = make_user("learner")
    browsers = [Browserless(server.url) for server in hosts]
    statuses = []
    for browser in (browsers[0], browsers[1], browsers[0], browsers[1]):
        browser.get("/login")
        browser.post("/login", {"email": user.email, "password": "a-wrong-password-1"})
        statuses.append(browser.status)
    # three guesses in all (two on one host, one on the other), then the fourth is refused;
    # counted per process the second host would still allow two more
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    browsers[0].get("/login")
    browsers[0].post("/login", {"email": user.email, "password": PASSWORD})
    assert browsers[0].status == 429  # even the right password, until the minute has passed
