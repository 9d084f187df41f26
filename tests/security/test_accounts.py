"""Accounts: a password rule everywhere, addresses that can sign in, no demo logins unless asked,
and uploads only the server can read."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import func, select

from tests.test_cli import run
from trainer.assessments.importers.staging import Staged, stage
from trainer.auth.models import User
from trainer.auth.passwords import password_problem
from trainer.db import db
from trainer.demo import ACCOUNTS


@pytest.mark.parametrize(
    "password",
    [
        "",
        "          ",
        "short",
        "aaaaaaaaaa",
        "abababababab",
        "1234567890",
        "Password123",
        "rita@example.com",
        "a" * 201,
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password):
    assert password_problem(password, "rita@example.com")


@pytest.mark.parametrize(
    "password", ["correct-horse-battery", "Tuesday pilot 42", "demo-admin-pass"]
)
def test_reasonable_passwords_pass(password):
    assert password_problem(password, "rita@example.com") is None


def create(app, email: str, password: str):
    return run(
        app,
        "users",
        "create",
        "--email",
        email,
        "--name",
        "Rita",
        "--role",
        "recruiter",
        "--password",
        password,
    )


@pytest.mark.parametrize("password", ["", "aaaaaaaaaa"])
def test_the_cli_refuses_an_empty_or_weak_password(app, password):
    result = create(app, "rita@example.com", password)
    assert result.exit_code == 1 and "Error:" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("email", ["rita", "rita@", "@example.com", "rita@localhost", "a b@x.com"])
def test_the_cli_refuses_an_address_nobody_could_sign_in_with(app, email):
    result = create(app, email, "a-long-passphrase")
    assert result.exit_code == 1 and "sign in with" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_the_admin_form_refuses_a_weak_password(client, make_user, login):
    login(make_user("admin"))
    data = {
        "name": "R",
        "email": "r@example.com",
        "role": "learner",
        "team": "0",
        "profile": "",
        "password": "zzzzzzzzzzzz",
    }
    response = client.post("/admin/people/", data=data)
    assert response.status_code == 200 and "different characters" in response.text


def test_a_password_change_follows_the_rule(client, make_user, login):
    from tests.conftest import PASSWORD

    login(make_user())
    data = {"current": PASSWORD, "new": "1111111111", "confirm": "1111111111"}
    response = client.post("/account/password", data=data)
    assert response.status_code == 200 and "different characters" in response.text


def demo_logins() -> int:
    emails = [email for _, email, _, _ in ACCOUNTS]
    return db.session.scalar(select(func.count()).where(User.email.in_(emails)))


def test_init_creates_no_known_credentials_unless_asked(app):
    result = run(app, "init")
    assert result.exit_code == 0, result.output
    assert demo_logins() == 0 and "demo-admin-pass" not in result.output


def test_serve_creates_no_demo_accounts_without_demo(app, monkeypatch):
    app.config["DEMO_COHORT"] = False  # the past cohort is slow; tests/analysis checks it
    started = []
    monkeypatch.setattr("trainer.cli.os.execvp", lambda *args: started.append(args))
    assert run(app, "serve", "--port", "5999").exit_code == 0
    assert started and demo_logins() == 0
    assert "Redis" in run(app, "serve", "--port", "5999").output  # memory:// under two workers
    assert run(app, "serve", "--port", "5999", "--demo").exit_code == 0
    assert demo_logins() == len(ACCOUNTS)


def test_init_warns_when_demo_accounts_meet_secure_cookies(app):
    app.config["DEMO_COHORT"] = False  # the past cohort is slow; tests/analysis checks it
    assert run(app, "init", "--demo").exit_code == 0
    app.config["SESSION_COOKIE_SECURE"] = True
    result = run(app, "init")
    assert "WARNING" in result.output and "demo accounts" in result.output


def test_staged_uploads_are_readable_by_the_server_only(tmp_path):
    folder = tmp_path / "uploads"
    token = stage(folder, Staged(b"::Q:: x {T}", "gift", "q.gift", "negotiating", 1, owner=1))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for suffix in (".upload", ".json"):
        assert stat.S_IMODE((folder / f"{token}{suffix}").stat().st_mode) == 0o600
