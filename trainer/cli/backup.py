"""`trainer backup` and `trainer restore`: a consistent copy of the database, and back."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from trainer.db import db
from trainer.ops.backup import BackupError, backup, restore


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write a backup of the database to TARGET while the trainer keeps serving."""
    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up to {target} ({target.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: everything in the database is replaced.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace everything in the database with the backup SOURCE (stop the app servers first)."""
    if not yes:
        click.confirm("Replace everything in the database with this backup?", abort=True)
    db.engine.dispose()  # no pooled connection of ours holds a table the restore replaces
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored from {source}.")
