"""The `trainer` command: people and set-up."""

from __future__ import annotations

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from trainer.auth.models import User
from trainer.cli import main
from trainer.db import db


def run(app, *args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, obj=ScriptInfo(create_app=lambda: app))


def test_users_create_makes_an_account_that_signs_in(app, client):
    result = run(
        app,
        "users",
        "create",
        "--email",
        "Rita@Example.com",
        "--name",
        "Rita Chen",
        "--role",
        "recruiter",
        "--password",
        "a-long-password",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "rita@example.com"))
    assert user.role == "recruiter" and user.check_password("a-long-password")


def test_users_create_refuses_a_duplicate(app, make_user):
    user = make_user()
    result = run(
        app,
        "users",
        "create",
        "--email",
        user.email,
        "--name",
        "X",
        "--role",
        "learner",
        "--password",
        "a-long-password",
    )
    assert result.exit_code == 1 and "already has an account" in result.output


def test_init_prints_a_login_for_every_role_and_is_repeatable(app):
    app.config["DEMO_COHORT"] = False  # the past cohort is slow; tests/analysis checks it
    first = run(app, "init", "--demo")
    assert first.exit_code == 0, first.output
    for role in ("admin", "manager", "learner", "recruiter"):
        assert f"{role}@demo.trainer" in first.output
    assert run(app, "init", "--demo").exit_code == 0
    assert len(db.session.scalars(select(User).where(User.email.like("%@demo.trainer"))).all()) == 5
