"""The `trainer` command: set up, serve, manage people and content."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from trainer.assessments.importers import FORMATS
from trainer.assessments.importers.store import import_items, read_import
from trainer.cli import analyze, content, export, levels, matcher, screening, users
from trainer.cli.backup import backup_command, restore_command
from trainer.cli.serving import gunicorn_command
from trainer.competencies.models import Competency
from trainer.content.problems import ContentError
from trainer.db import db
from trainer.demo import demo_accounts_exist
from trainer.kinds import BUNDLED, load_pack, read_pack


def _app_factory() -> Flask:
    from trainer import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_app_factory, add_default_commands=True)
def main() -> None:
    """The trainer: sales skills practice, assessment and competency scoring."""


main.add_command(analyze.analyze)
main.add_command(screening.candidates)
main.add_command(screening.events)
main.add_command(content.content)
main.add_command(export.export)
main.add_command(levels.levels)
main.add_command(matcher.matcher)
main.add_command(users.users)
main.add_command(backup_command)
main.add_command(restore_command)


@main.group("import")
def import_() -> None:
    """Bring content written elsewhere into a pack's YAML or the item bank."""


@import_.command("twee")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="The pack folder; the call is written to OUT/scenarios/KEY.yaml.",
)
def import_twee_command(source: str, out: str) -> None:
    """Turn a Twee 3 file or a Twine 2 published HTML story into a scenario file.

    The passage convention is in docs/content/twine.md; a story without it becomes a draft call
    whose notes head the file. Anything that stops the import is listed by passage and nothing is
    written.
    """
    from pathlib import Path

    import yaml

    from trainer.scenarios.twine import import_story

    path = Path(source)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"{path.name}:{line}: not UTF-8 text; save the story as UTF-8"
        raise click.ClickException(message) from None
    scenario, problems, notes = import_story(text, path.name)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(problems)} problem(s); nothing was written")
    for note in notes:
        click.echo(f"note: {note}", err=True)
    target = Path(out) / "scenarios" / f"{scenario['key']}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    dumped = yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True, width=100)
    head = "".join(f"# {note.message}\n" for note in notes)
    if notes or "call_type" not in scenario:
        head = f"# Draft call from {path.name}: trainer content validate lists what to add.\n{head}"
    target.write_text(head + dumped, encoding="utf-8")
    click.echo(f"Wrote {target}. Check it with: trainer content validate {out}")


def _print_preview(preview) -> None:
    for row in preview.rows():
        click.echo(f"{row.change:9} {row.key:40} {row.type:10} L{row.level}  {row.stem}")


def _import_items(fmt: str, source: str, competency: str, level: int, dry_run: bool) -> None:
    """Preview a question file, then import it in one transaction unless it has problems."""
    path = Path(source)
    known = set(db.session.scalars(select(Competency.key)))
    preview = read_import(db.session, fmt, path.read_bytes(), path.name, competency, level, known)
    _print_preview(preview)
    if preview.problems:
        for problem in preview.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(preview.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    if dry_run:
        click.echo(f"Dry run: would be {preview.counts()}; nothing was imported.")
        return
    counts = import_items(db.session, preview)
    db.session.commit()
    click.echo(f"Items: {counts}.")


def _item_import_command(fmt: str, described: str) -> None:
    @import_.command(fmt, help=f"Import questions ({described}) into the item bank, as drafts.")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False))
    @click.option("--competency", required=True, help="The competency key the questions assess.")
    @click.option("--level", required=True, type=click.IntRange(1, 4), help="Their level, 1-4.")
    @click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
    @with_appcontext
    def command(source: str, competency: str, level: int, dry_run: bool) -> None:
        _import_items(fmt, source, competency, level, dry_run)


for _format in FORMATS.values():
    _item_import_command(_format.name, _format.title)


def initialise(demo: bool = False) -> list[tuple[str, str, str]]:
    """Migrate, load the bundled pack (or TRAINER_CONTENT_PACK), and demo accounts if asked."""
    from trainer.demo import create_demo_accounts

    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True)  # the default database's
    upgrade(directory=current_app.extensions["migrate"].directory)
    pack = read_pack(current_app.config["CONTENT_PACK"] or BUNDLED)
    load_pack(db.session, pack)
    cohort = current_app.config.get("DEMO_COHORT", True)
    logins = create_demo_accounts(db.session, cohort) if demo else []
    db.session.commit()
    return logins


DEMO_HELP = "Also create the demo accounts (published passwords: for a first look only)."


def _set_up(demo: bool) -> None:
    """Initialise and say what was done; a content error is a CLI error, not a traceback."""
    try:
        logins = initialise(demo=demo)
    except ContentError as exc:
        raise click.ClickException(f"the content pack is invalid:\n{exc}") from exc
    _print_setup(logins)


@main.command("init")
@click.option("--demo", is_flag=True, help=DEMO_HELP)
@with_appcontext
def init(demo: bool) -> None:
    """Create or upgrade the database, load the bundled content (and demo accounts if asked)."""
    _set_up(demo)


def _print_setup(logins: list[tuple[str, str, str]]) -> None:
    """Say where the database is (editable and regular installs differ) and the demo logins."""
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")
    if logins:
        click.echo("Demo accounts (role, email, password):")
        for role, email, password in logins:
            click.echo(f"  {role:10} {email:34} {password}")
    if current_app.config["SESSION_COOKIE_SECURE"] and demo_accounts_exist(db.session):
        click.echo(
            "WARNING: this database has the demo accounts, whose passwords are published, and "
            "TRAINER_SECURE_COOKIES is on (a production set-up). Deactivate them under People "
            "or use a fresh database.",
            err=True,
        )


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help=DEMO_HELP)
@with_appcontext
def serve(host: str, port: int, demo: bool) -> None:
    """Set up (as `init` does) and serve the trainer with gunicorn."""
    _set_up(demo)
    click.echo(f"Serving on http://{host}:{port}/  (Ctrl+C to stop)")
    workers = os.environ.get("TRAINER_WORKERS", "2")
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory") and workers != "1":
        click.echo(
            f"WARNING: sign-in limits are counted in memory by each of {workers} workers, so "
            "they allow that many times more guesses; set TRAINER_RATELIMIT_STORAGE_URI to a "
            "Redis URL in production.",
            err=True,
        )
    command = gunicorn_command(host, port, workers, Path(current_app.instance_path))
    os.execvp(command[0], command)
