"""The audit log: each audited change writes one event in its own transaction; admins filter it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from trainer.auditlog.actions import MAX_DETAIL, clip
from trainer.auditlog.models import AuditEvent
from trainer.auditlog.store import record
from trainer.auth.models import Team
from trainer.competencies.models import RoleProfile
from trainer.db import db


def events(action: str | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def test_an_unknown_action_is_refused_and_detail_is_one_clipped_line(app):
    with pytest.raises(ValueError):
        record(db.session, "coffee-break")
    assert clip("a\nb\t c") == "a b c"
    assert len(clip("x" * 5000)) == MAX_DETAIL


def test_sign_ins_are_logged_and_a_refused_one_never_keeps_what_was_typed(
    client, make_user, login
):
    person = login(make_user())
    client.post("/logout")
    client.post("/login", data={"email": person.email, "password": "my-secret-guess"})
    client.post("/login", data={"email": "nobody@example.com", "password": "hunter22-pass"})
    assert [e.action for e in events()] == [
        "sign-in",
        "sign-out",
        "sign-in-failed",
        "sign-in-failed",
    ]
    refused = events("sign-in-failed")
    assert refused[0].subject == f"user:{person.id}" and refused[0].actor_id is None
    assert refused[1].subject == "unknown account"
    for event in refused:
        assert "guess" not in event.detail + event.subject
        assert "nobody@" not in event.detail + event.subject


def test_admin_changes_to_people_and_teams_are_logged_with_who_did_them(
    client, make_user, login
):
    admin = login(make_user("admin", name="Ada Admin"))
    learner = make_user("learner", name="Lee Learner")
    client.post(f"/admin/people/{learner.id}/toggle", data={"active": "0"})
    client.post(f"/admin/people/{learner.id}/toggle", data={"active": "0"})  # a double click
    client.post(f"/admin/people/{learner.id}/sign-out")
    client.post("/admin/people/teams", data={"name": "North desk", "manager": "0"})
    client.post(
        "/admin/people/",
        data={
            "name": "Nia Lopez",
            "email": "nia@example.com",
            "role": "manager",
            "team": "0",
            "profile": "",
            "password": "first-password-1",
        },
    )
    actions = [e.action for e in events() if e.action != "sign-in"]
    assert actions == ["person-deactivate", "sign-out-everywhere", "team-create", "person-create"]
    assert all(e.actor_id == admin.id and e.actor_name == "Ada Admin" for e in events())
    assert events("person-create")[0].detail == "Nia Lopez, manager, team none"
    assert events("team-create")[0].detail == "North desk"


def test_a_managers_rating_is_logged_and_a_self_rating_is_not(client, make_user, login):
    profile = db.session.scalars(select(RoleProfile)).first()
    manager = make_user("manager", name="Marcus")
    team = Team(name="Desk", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    learner = make_user("learner", name="Lena", team_id=team.id, profile_key=profile.key)
    competency = profile.requirements[0].competency.key
    rating = {f"level_{competency}": "2", "overall": "Good questions."}
    login(learner)
    assert client.post("/rubrics/self", data=rating).status_code == 302
    client.post("/logout")
    login(manager)
    assert client.post(f"/rubrics/rate/{learner.id}", data=rating).status_code == 302
    (logged,) = events("rating")
    assert logged.actor_id == manager.id and logged.detail == "Lena: 1 competencies"
    assert events("review") == [] and len(events("rating")) == 1


def test_an_export_is_logged(client, make_user, login):
    manager = login(make_user("manager"))
    person = make_user("learner")
    db.session.add(Team(name="Desk", manager_id=manager.id))
    db.session.flush()
    person.team_id = db.session.scalar(select(Team.id).where(Team.name == "Desk"))
    db.session.commit()
    assert client.get(f"/progress/people/{person.id}/levels.csv").status_code == 200
    (logged,) = events("export")
    assert (logged.subject, logged.detail) == (f"person-{person.id}", "levels.csv")


def test_the_log_is_for_admins_and_filters_by_action_person_and_day(client, make_user, login):
    learner = make_user("learner", name="Quinn Query")
    client.post("/login", data={"email": learner.email, "password": PASSWORD})
    client.post("/logout")
    login(make_user("admin", name="Ada Admin"))
    page = client.get("/admin/audit/", query_string={"action": "sign-in", "who": "quinn"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "1 event match the filters" in text
    assert "<td>Quinn Query</td>" in text and "<td>Ada Admin</td>" not in text
    later = client.get("/admin/audit/", query_string={"since": "2999-01-01"})
    assert "0 events match the filters" in later.get_data(as_text=True)
    # A typo in a filter shows the whole log instead of an error page.
    typo = client.get("/admin/audit/", query_string={"since": "yesterday", "action": "x"})
    assert typo.status_code == 200 and "3 events" in typo.get_data(as_text=True)


def test_nobody_but_an_admin_reads_the_log(client, make_user, login):
    login(make_user("manager"))
    assert client.get("/admin/audit/").status_code == 403
