"""The `trainer` command: set up, serve, manage people and content."""

from __future__ import annotations

import json
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
from trainer.competencies.models import Competency
from trainer.content.problems import ContentError
from trainer.content.stats import pack_stats
from trainer.db import db
from trainer.kinds import BUNDLED, load_pack, read_pack
from trainer.people.accounts import AccountError, create_user


def _app_factory() -> Flask:
    from trainer import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_app_factory, add_default_commands=True)
def main() -> None:
    """The trainer: sales skills practice, assessment and competency scoring."""


def _read_or_exit(directory: str):
    try:
        return read_pack(directory)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)


@main.group()
def content() -> None:
    """Validate, load and describe content packs."""


@content.command("validate")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
def content_validate(directory: str) -> None:
    """Check a pack and list every problem with file and line; import nothing."""
    pack = _read_or_exit(directory)
    click.echo(f"{pack.info.key}: valid ({len(pack.records())} records).")


@content.command("load")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@with_appcontext
def content_load(directory: str) -> None:
    """Import a pack in one transaction; unchanged records stay as they are."""
    pack = _read_or_exit(directory)
    report = load_pack(db.session, pack)
    db.session.commit()
    for line in report.lines():
        click.echo(line)


@content.command("stats")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def content_stats(directory: str, as_json: bool) -> None:
    """Tell what a pack holds: competencies, levels, profiles, scenarios and items."""
    stats = pack_stats(_read_or_exit(directory))
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"Pack {stats['pack']}: {stats['totals']}")
    click.echo(
        f"{'competency':28} {'indicators L1-L4':18} {'profiles':8} {'scenarios':9} "
        "items L1/L2/L3/L4"
    )
    for row in stats["competencies"]:
        indicators = "/".join(str(n) for n in row["indicators"])
        items = "/".join(str(n) for n in row["items_by_level"])
        click.echo(
            f"{row['key']:28} {indicators:18} {row['profiles']:<8} {row['scenarios']:<9} {items}"
        )


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

    The passage convention is in docs/content/twine.md. Anything that cannot be mapped is listed
    by passage and nothing is written.
    """
    from pathlib import Path

    import yaml

    from trainer.scenarios.twine import import_story

    path = Path(source)
    scenario, problems = import_story(path.read_text(encoding="utf-8"), path.name)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(problems)} problem(s); nothing was written")
    target = Path(out) / "scenarios" / f"{scenario['key']}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    dumped = yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True, width=100)
    target.write_text(dumped, encoding="utf-8")
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


@main.command("export")
@click.argument("what", type=click.Choice(["levels", "evidence", "items"]))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "gift"]),
    default=None,
    help="csv or json for levels and evidence (csv by default); gift for items.",
)
@click.option("--profile", "profile_key", default=None, help="Measure everyone against it.")
@click.option("--team", default=None, help="Only the learners of this team (its name).")
@click.option("--competency", default=None, help="Items: only this competency's.")
@click.option("--out", type=click.File("w"), default="-", help="A file to write; default stdout.")
@with_appcontext
def export(what, fmt, profile_key, team, competency, out) -> None:
    """Export levels or evidence as CSV or JSON, or the item bank as GIFT for other tools."""
    from trainer.db import now_utc
    from trainer.reports.exports import export as export_rows
    from trainer.reports.exports import people_query

    fmt = fmt or ("gift" if what == "items" else "csv")
    if (what == "items") != (fmt == "gift"):
        raise click.UsageError("items export as gift; levels and evidence as csv or json")
    if what == "items":
        out.write(_items_as_gift(competency))
        return
    body = export_rows(db.session, people_query(team), what, fmt, now_utc(), profile_key)
    out.write(body if fmt == "csv" else body + "\n")


def _items_as_gift(competency: str | None) -> str:
    """The newest version of every live item (of one competency), as GIFT."""
    from trainer.assessments.attempts import item_of
    from trainer.assessments.importers.gift_write import export_gift
    from trainer.content.store import latest_versions

    items = [item_of(v) for v in sorted(latest_versions(db.session, ["item"]), key=lambda v: v.key)]
    chosen = [
        item
        for item in items
        if item.status == "live" and (competency is None or competency in item.competencies)
    ]
    return export_gift(chosen)


@main.group()
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


def initialise(demo: bool = True) -> list[tuple[str, str, str]]:
    """Migrate, load the bundled pack (or TRAINER_CONTENT_PACK) and create demo accounts."""
    from trainer.demo import create_demo_accounts

    upgrade(directory=current_app.extensions["migrate"].directory)
    pack = read_pack(current_app.config["CONTENT_PACK"] or BUNDLED)
    load_pack(db.session, pack)
    logins = create_demo_accounts(db.session) if demo else []
    db.session.commit()
    return logins


@main.command("init")
@click.option("--no-demo", is_flag=True, help="Skip the demo accounts.")
@with_appcontext
def init(no_demo: bool) -> None:
    """Create or upgrade the database, load the bundled content, add demo accounts."""
    try:
        logins = initialise(demo=not no_demo)
    except ContentError as exc:
        raise click.ClickException(f"the content pack is invalid:\n{exc}") from exc
    click.echo("Database ready; bundled content loaded.")
    _print_logins(logins)


def _print_logins(logins: list[tuple[str, str, str]]) -> None:
    if logins:
        click.echo("Demo accounts (role, email, password):")
        for role, email, password in logins:
            click.echo(f"  {role:10} {email:32} {password}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Set up (as `init` does) and serve the trainer with gunicorn."""
    _print_logins(initialise())
    click.echo(f"Serving on http://{host}:{port}/  (Ctrl+C to stop)")
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"{host}:{port}",
            "--workers",
            os.environ.get("TRAINER_WORKERS", "2"),
            "--access-logfile",
            "-",
            "trainer.wsgi:app",
        ],
    )
