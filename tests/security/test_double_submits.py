"""Every state-changing form counts once: twenty parallel posts of one rendered form make one
record (ratings, reviews, assignments), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from trainer.assignments.models import Assignment
from trainer.auth.models import Team
from trainer.competencies.models import RoleProfile
from trainer.content.models import ContentVersion
from trainer.db import db
from trainer.evidence.models import Evidence
from trainer.evidence.sources import SourceRef
from trainer.rubrics.models import RatingSession, ReviewRequest
from trainer.rubrics.store import request_review

PARALLEL = 20
ONCE = re.compile(r'name="once" type="hidden" value="([^"]+)"')


@pytest.fixture
def desk(make_user):
    """A manager, their team of two learners on a profile, and a quiz to assign."""
    profile = db.session.scalars(select(RoleProfile)).first()
    manager = make_user("manager", name="Marcus")
    team = Team(name="Desk", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    learners = [
        make_user("learner", name=name, team_id=team.id, profile_key=profile.key)
        for name in ("Ana", "Ben")
    ]
    db.session.add(
        ContentVersion(
            kind="form",
            key="neg-quiz",
            version=1,
            content_hash="x",
            body={"title": "Quiz"},
            pack="test",
        )
    )
    db.session.commit()
    return manager, team, learners, profile.requirements[0].competency.key


def token_of(app, manager, path: str) -> tuple[str, str]:
    """Sign the manager in; (session cookie, the one-time token of the form at `path`)."""
    browser = app.test_client()
    with app.app_context():
        browser.post("/login", data={"email": manager.email, "password": PASSWORD})
    with app.app_context():
        page = browser.get(path).get_data(as_text=True)
    return browser.get_cookie("session", domain="trainer.test").value, ONCE.search(page).group(1)


def post_in_parallel(app, cookie: str, path: str, data: dict) -> list[int]:
    """The same form sent PARALLEL times at once, as a double-clicking, retrying browser would."""

    def send(_):
        browser = app.test_client()
        browser.set_cookie("session", cookie, domain="trainer.test")
        with app.app_context():  # each thread a request of its own, as in a server
            return browser.post(path, data=data).status_code

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(send, range(PARALLEL)))


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_parallel_ratings_of_one_form_make_one_rating_and_one_evidence_row(app, desk):
    manager, _, (learner, _), competency = desk
    path = f"/rubrics/rate/{learner.id}"
    cookie, once = token_of(app, manager, path)
    statuses = post_in_parallel(app, cookie, path, {f"level_{competency}": "3", "once": once})
    assert all(status in (302, 303) for status in statuses), statuses
    assert count(RatingSession) == 1
    assert count(Evidence) == 1


def test_parallel_reviews_of_one_answer_make_one_rating(app, desk):
    manager, _, (learner, _), competency = desk
    request_review(
        db.session,
        person_id=learner.id,
        source_ref=SourceRef.run_step(7, "close"),
        title="Close the call",
        response="Shall we book the pilot for Tuesday?",
        competencies=[competency],
    )
    db.session.commit()
    path = f"/rubrics/reviews/{db.session.scalar(select(ReviewRequest.id))}"
    cookie, once = token_of(app, manager, path)
    statuses = post_in_parallel(app, cookie, path, {f"level_{competency}": "2", "once": once})
    assert all(status in (302, 303, 404) for status in statuses), statuses
    assert count(RatingSession) == 1
    assert count(Evidence) == 1


def test_parallel_assignments_of_one_form_assign_once_per_member(app, desk):
    manager, team, learners, _ = desk
    path = "/assignments/manage/"
    cookie, once = token_of(app, manager, path)
    due = (date.today() + timedelta(days=3)).isoformat()
    data = {"work": "form:neg-quiz", "assignee": f"team:{team.id}", "due_on": due, "once": once}
    statuses = post_in_parallel(app, cookie, path, data)
    assert all(status in (302, 303) for status in statuses), statuses
    assert count(Assignment) == len(learners)


def test_a_resent_form_says_it_was_already_sent(client, login, desk):
    manager, _, (learner, _), competency = desk
    login(manager)
    page = client.get(f"/rubrics/rate/{learner.id}").get_data(as_text=True)
    data = {f"level_{competency}": "3", "once": ONCE.search(page).group(1)}
    assert client.post(f"/rubrics/rate/{learner.id}", data=data).status_code == 302
    again = client.post(f"/rubrics/rate/{learner.id}", data=data, follow_redirects=True)
    assert "already sent" in again.get_data(as_text=True)
    assert count(RatingSession) == 1


def test_a_new_rendering_of_the_form_may_rate_again(client, login, desk):
    manager, _, (learner, _), competency = desk
    login(manager)
    for _ in range(2):
        page = client.get(f"/rubrics/rate/{learner.id}").get_data(as_text=True)
        data = {f"level_{competency}": "3", "once": ONCE.search(page).group(1)}
        assert client.post(f"/rubrics/rate/{learner.id}", data=data).status_code == 302
    assert count(RatingSession) == 2


def test_a_malformed_token_is_refused(client, login, desk):
    manager, _, (learner, _), competency = desk
    login(manager)
    data = {f"level_{competency}": "3", "once": "../../x"}
    response = client.post(f"/rubrics/rate/{learner.id}", data=data, follow_redirects=True)
    assert "reload the page" in response.get_data(as_text=True)
    assert count(RatingSession) == 0
