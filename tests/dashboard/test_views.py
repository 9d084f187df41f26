"""The dashboards answer "what next" from the person's own records, and the demo shows it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tests.competencies.test_scoring_example import build_example
from trainer.assignments.models import Assignment
from trainer.auth.models import Team, User
from trainer.db import db
from trainer.demo import TEAM_PASSWORD, logins
from trainer.evidence.sources import SourceRef
from trainer.rubrics.agreement import agreement_report
from trainer.rubrics.models import RatingSession
from trainer.rubrics.store import request_review

HP = "hp-inside-account-manager"


def test_a_learner_with_evidence_sees_readiness_gaps_and_a_next_step_not_an_empty_state(
    client, make_user, login
):
    person = login(make_user(profile_key=HP))
    empty = client.get("/").get_data(as_text=True)
    assert "none has enough evidence yet" in empty and "Do this next" in empty
    build_example(person)
    page = client.get("/").get_data(as_text=True)
    assert "Readiness" in page and "Top gaps" in page and "Why:" in page
    assert "Not yet assessed:" not in page


def test_an_assignment_comes_first_and_an_overdue_one_says_so(client, make_user, login):
    person = login(make_user(profile_key=HP))
    db.session.add(
        Assignment(
            person_id=person.id,
            kind="scenario",
            content_key="hp-inbound-upsell",
            title="The inbound upsell call",
            due_on=date.today() - timedelta(days=2),
            batch="b1",
        )
    )
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Start the call: The inbound upsell call" in page
    assert "your manager assigned it, and it was due" in page


def test_a_manager_sees_what_waits_for_them_and_never_another_teams_people(
    client, make_user, login
):
    manager = make_user("manager")
    team = Team(name="Floor", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    rep = make_user(team_id=team.id, profile_key=HP, name="Rita Rep")
    stranger = make_user(profile_key=HP, name="Sam Stranger")
    for person in (rep, stranger):
        request_review(
            db.session,
            person_id=person.id,
            source_ref=SourceRef.run_step(person.id * 100, "close"),
            title="A closing line",
            response="Shall we book it?",
            competencies=["telesales"],
        )
    db.session.add(
        Assignment(
            person_id=rep.id,
            kind="form",
            content_key="negotiation-practice",
            title="Negotiation practice",
            due_on=date.today() - timedelta(days=1),
            batch="b2",
        )
    )
    db.session.commit()
    login(manager)
    page = client.get("/").get_data(as_text=True)
    assert "Rita Rep: A closing line" in page and "Sam Stranger" not in page
    assert "Rate Rita Rep" in page and "never observed" in page  # ratings due
    assert "Rita Rep: Negotiation practice" in page  # overdue
    assert "Rita Rep</a>: no activity since joining" not in page  # she joined today


def test_the_demo_has_two_raters_agreeing_and_every_person_can_sign_in(demo_app):
    doubles = db.session.scalars(select(RatingSession).where(RatingSession.context == "double"))
    pairs = []
    for double in doubles:
        original = db.session.get(RatingSession, double.original_id)
        assert original.rater_id != double.rater_id
        for session in (original, double):
            pairs += [
                (f"{original.id}:{r.competency_key}", session.rater_id, r.level)
                for r in session.ratings
            ]
    report = agreement_report([(s, str(r), level) for s, r, level in pairs])
    assert report.subjects >= 10 and report.value is not None
    printed = {email: password for _, email, password in logins(db.session)}
    team = db.session.scalars(select(User).where(User.email.like("%@team.demo.trainer"))).all()
    assert len(team) >= 7
    for person in team:
        assert printed[person.email] == TEAM_PASSWORD and person.check_password(TEAM_PASSWORD)
    assert printed["manager2@demo.trainer"] == "demo-manager2-pass"
