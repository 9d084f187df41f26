"""Managers assign work to people or whole teams; learners see it, overdue first."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from trainer.assignments.models import Assignment
from trainer.assignments.status import COMPLETIONS, statuses
from trainer.auth.models import Team
from trainer.content.models import ContentVersion
from trainer.db import db, now_utc


@pytest.fixture
def team(make_user):
    manager = make_user("manager", name="Marcus")
    team = Team(name="SMB desk", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    learners = [make_user("learner", name=name, team_id=team.id) for name in ("Ana", "Ben")]
    db.session.add(
        ContentVersion(
            kind="form",
            key="neg-quiz",
            version=1,
            content_hash="x",
            body={"title": "Negotiation quiz"},
            pack="test",
        )
    )
    db.session.commit()
    return manager, team, learners


def test_assigning_to_a_team_gives_each_member_one(client, login, team):
    manager, group, learners = team
    login(manager)
    due = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        "/assignments/manage/",
        data={"work": "form:neg-quiz", "assignee": f"team:{group.id}", "due_on": due},
    )
    assert response.status_code == 302
    rows = db.session.scalars(select(Assignment)).all()
    assert sorted(r.person_id for r in rows) == sorted(u.id for u in learners)
    assert len({r.batch for r in rows}) == 1


def test_a_manager_cannot_assign_outside_their_teams(client, login, team, make_user):
    manager, _, _ = team
    stranger = make_user("learner", name="Stranger")
    login(manager)
    response = client.post(
        "/assignments/manage/",
        data={
            "work": "form:neg-quiz",
            "assignee": f"person:{stranger.id}",
            "due_on": date.today().isoformat(),
        },
    )
    assert response.status_code == 200  # the form refuses the choice
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalars(select(Assignment)).all() == []


def test_learner_dashboard_lists_overdue_work_first(client, login, team):
    manager, _, (ana, _) = team
    for days, title in ((5, "Later quiz"), (-2, "Late quiz")):
        db.session.add(
            Assignment(
                person_id=ana.id,
                assigned_by_id=manager.id,
                kind="form",
                content_key="neg-quiz",
                title=title,
                batch="b",
                due_on=date.today() + timedelta(days=days),
            )
        )
    db.session.commit()
    login(ana)
    page = client.get("/").get_data(as_text=True)
    assert page.index("Late quiz") < page.index("Later quiz")
    assert "Overdue" in page


def test_work_finished_after_it_was_assigned_counts_as_done(app, team, monkeypatch):
    manager, _, (ana, ben) = team
    assigned_at = now_utc()
    rows = [
        Assignment(
            id=i,
            person_id=p.id,
            kind="form",
            content_key="neg-quiz",
            title="Q",
            due_on=date.today(),
            batch="b",
            created_at=assigned_at,
        )
        for i, p in ((1, ana), (2, ben))
    ]
    finished = {
        (ana.id, "neg-quiz"): assigned_at + timedelta(hours=1),
        (ben.id, "neg-quiz"): assigned_at - timedelta(days=1),
    }  # before: does not count
    monkeypatch.setitem(COMPLETIONS, "form", lambda pairs: finished)
    result = statuses(rows, date.today() + timedelta(days=1))
    assert result[1].state == "done"
    assert result[2].state == "overdue"
    assert isinstance(result[1].finished_at, datetime)
