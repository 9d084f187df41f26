"""Managers rate on the rubric; ratings become evidence; double ratings stay blind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from trainer.auth.models import Team
from trainer.competencies.models import RoleProfile
from trainer.db import db
from trainer.evidence.models import Evidence
from trainer.evidence.sources import SourceRef
from trainer.rubrics.models import RatingSession


@pytest.fixture
def setting(make_user):
    profile = db.session.scalars(select(RoleProfile)).first()
    manager = make_user("manager", name="Marcus")
    team = Team(name="Desk", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    learner = make_user("learner", name="Lena", team_id=team.id, profile_key=profile.key)
    competency = profile.requirements[0].competency.key
    return manager, learner, competency


def test_an_observed_rating_becomes_rubric_evidence(client, login, setting):
    manager, learner, competency = setting
    login(manager)
    response = client.post(
        f"/calls/hp-inbound-upsell/observe/{learner.id}",
        data={
            f"level_{competency}": "3",
            f"comment_{competency}": "Traded term for price.",
            "overall": "Strong close.",
        },
    )
    assert response.status_code == 302
    (evidence,) = db.session.scalars(select(Evidence)).all()
    assert (evidence.person_id, evidence.competency_key, evidence.level) == (
        learner.id,
        competency,
        3,
    )
    assert evidence.source_kind == "rubric" and evidence.recorded_by_id == manager.id
    session = db.session.scalar(select(RatingSession))
    assert session.scenario_key == "hp-inbound-upsell"


def test_the_learner_sees_the_rating_and_the_comment(client, login, setting):
    manager, learner, competency = setting
    login(manager)
    client.post(
        f"/rubrics/rate/{learner.id}",
        data={f"level_{competency}": "2", f"comment_{competency}": "Asked open questions early."},
    )
    client.post("/logout")
    login(learner)
    page = client.get("/rubrics/mine").get_data(as_text=True)
    assert "Asked open questions early." in page and "Working Knowledge" in page


def test_a_rating_with_nothing_observed_is_refused(client, login, setting):
    manager, learner, _ = setting
    login(manager)
    response = client.post(f"/rubrics/rate/{learner.id}", data={"overall": "No call today"})
    assert "at least one competency" in response.get_data(as_text=True)
    assert db.session.scalars(select(RatingSession)).all() == []


def test_a_manager_cannot_rate_someone_outside_their_teams(client, login, setting, make_user):
    _, learner, _ = setting
    login(make_user("manager", name="Other manager"))
    assert client.get(f"/rubrics/rate/{learner.id}").status_code == 404
    assert client.get(f"/rubrics/people/{learner.id}").status_code == 404


def test_self_assessment_is_self_evidence(client, login, setting):
    _, learner, competency = setting
    login(learner)
    client.post("/rubrics/self", data={f"level_{competency}": "4"})
    (evidence,) = db.session.scalars(select(Evidence)).all()
    assert evidence.source_kind == "self" and evidence.level == 4


def test_double_rating_is_blind_and_writes_no_evidence(client, login, setting, make_user):
    manager, learner, competency = setting
    login(manager)
    client.post(
        f"/rubrics/rate/{learner.id}",
        data={f"level_{competency}": "3", f"comment_{competency}": "SECRET-FIRST-COMMENT"},
    )
    original = db.session.scalar(select(RatingSession))
    client.post("/logout")
    login(make_user("admin", name="Second rater"))
    page = client.get(f"/rubrics/double/{original.id}").get_data(as_text=True)
    assert "SECRET-FIRST-COMMENT" not in page and "checked" in page  # only "Not observed"
    assert 'value="3" checked' not in page
    client.post(f"/rubrics/double/{original.id}", data={f"level_{competency}": "2"})
    double = db.session.scalar(select(RatingSession).where(RatingSession.context == "double"))
    assert double.original_id == original.id
    assert len(db.session.scalars(select(Evidence)).all()) == 1


def test_another_teams_manager_can_neither_open_nor_post_a_double_rating(
    client, login, setting, make_user
):
    manager, learner, competency = setting
    login(manager)
    client.post(f"/rubrics/rate/{learner.id}", data={f"level_{competency}": "3"})
    original = db.session.scalar(select(RatingSession))
    client.post("/logout")
    outsider = make_user("manager", name="Other desk")
    db.session.add(Team(name="Other desk", manager_id=outsider.id))
    db.session.commit()
    login(outsider)
    assert client.get(f"/rubrics/double/{original.id}").status_code == 404
    posted = client.post(f"/rubrics/double/{original.id}", data={f"level_{competency}": "1"})
    assert posted.status_code == 404
    assert db.session.scalar(select(RatingSession).where(RatingSession.context == "double")) is None


def test_the_first_rater_cannot_double_rate_their_own_rating(client, login, setting):
    manager, learner, competency = setting
    login(manager)
    client.post(f"/rubrics/rate/{learner.id}", data={f"level_{competency}": "3"})
    original = db.session.scalar(select(RatingSession))
    assert client.get(f"/rubrics/double/{original.id}").status_code == 404


def test_review_queue_rates_a_free_response_once(client, login, setting):
    from trainer.rubrics.store import request_review

    manager, learner, competency = setting
    for _ in range(2):  # asking twice queues once
        request_review(
            db.session,
            person_id=learner.id,
            source_ref=SourceRef.run_step(7, "close"),
            title="Close the call",
            response="Shall we book the pilot for Tuesday?",
            competencies=[competency],
        )
    db.session.commit()
    login(manager)
    queue = client.get("/rubrics/reviews").get_data(as_text=True)
    assert queue.count("<td>Close the call</td>") == 1
    item_url = f"/rubrics/reviews/{_only_review_id()}"
    assert "Shall we book the pilot" in client.get(item_url).get_data(as_text=True)
    client.post(item_url, data={f"level_{competency}": "2", f"comment_{competency}": "Good ask"})
    assert "Nothing to review" in client.get("/rubrics/reviews").get_data(as_text=True)
    assert client.get(item_url).status_code == 404
    (evidence,) = db.session.scalars(select(Evidence)).all()
    assert evidence.source_kind == "rubric" and evidence.detail == "Good ask"


def _only_review_id() -> int:
    from trainer.rubrics.models import ReviewRequest

    return db.session.scalar(select(ReviewRequest.id))


def test_a_long_review_title_is_shortened_to_fit(app, make_user):
    from trainer.rubrics.store import request_review

    person = make_user()
    review = request_review(
        db.session,
        person_id=person.id,
        source_ref=SourceRef.run_step(1, "long"),
        title="A call: " + "write what you would say to the customer " * 10,
        response="Hello",
        competencies=["telesales"],
    )
    db.session.commit()
    assert len(review.title) <= 200 and review.title.endswith("…")
