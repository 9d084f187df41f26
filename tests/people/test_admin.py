"""Admins create and deactivate people and teams."""

from __future__ import annotations

from sqlalchemy import select

from trainer.auth.models import Team, User
from trainer.db import db


def test_admin_adds_a_learner_who_can_then_sign_in(client, make_user, login, app):
    login(make_user("admin"))
    response = client.post(
        "/admin/people/",
        data={
            "name": "Nia Lopez",
            "email": "nia@example.com",
            "role": "learner",
            "team": "0",
            "profile": "",
            "password": "first-password-1",
        },
    )
    assert response.status_code == 302
    client.post("/logout")
    signed_in = client.post(
        "/login", data={"email": "nia@example.com", "password": "first-password-1"}
    )
    assert signed_in.status_code == 302


def test_duplicate_email_gets_a_form_message_and_nothing_changes(client, make_user, login):
    admin = login(make_user("admin"))
    before = db.session.scalar(select(db.func.count()).select_from(User))
    response = client.post(
        "/admin/people/",
        data={
            "name": "Again",
            "email": admin.email.upper(),
            "role": "learner",
            "team": "0",
            "profile": "",
            "password": "first-password-1",
        },
    )
    assert "already has an account" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(User)) == before


def test_deactivating_blocks_sign_in(client, make_user, login):
    login(make_user("admin"))
    learner = make_user("learner")
    assert client.post(f"/admin/people/{learner.id}/toggle").status_code == 302
    db.session.refresh(learner)
    assert learner.active is False


def test_the_last_admin_cannot_be_deactivated(client, make_user, login):
    admin = login(make_user("admin"))
    client.post(f"/admin/people/{admin.id}/toggle")
    db.session.refresh(admin)
    assert admin.active is True


def test_admin_creates_a_team_led_by_a_manager(client, make_user, login):
    login(make_user("admin"))
    manager = make_user("manager", name="Marcus")
    response = client.post(
        "/admin/people/teams", data={"name": "SMB desk", "manager": str(manager.id)}
    )
    assert response.status_code == 302
    team = db.session.scalar(select(Team).where(Team.name == "SMB desk"))
    assert team.manager_id == manager.id
    again = client.post("/admin/people/teams", data={"name": "SMB desk", "manager": "0"})
    assert "exists already" in again.get_data(as_text=True)
