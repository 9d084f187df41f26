"""`trainer users`: create the accounts people sign in with."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from trainer.db import db
from trainer.people.store import AccountError, create_user


@click.group()
def users() -> None:
    """Manage people."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role", required=True, type=click.Choice(["learner", "manager", "recruiter", "admin"])
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--profile", "profile_key", default=None, help="Role profile key (learners).")
@with_appcontext
def users_create(email: str, name: str, role: str, password: str, profile_key: str | None) -> None:
    """Create a person who can sign in."""
    try:
        user = create_user(
            db.session,
            email=email,
            name=name,
            role=role,
            password=password,
            profile_key=profile_key,
        )
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")
