"""`trainer content`: validate, load and describe content packs."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from trainer.cli.examples import examples
from trainer.content.problems import ContentError
from trainer.content.stats import pack_stats
from trainer.content_audit.audit import audit, hard_limit_problems
from trainer.content_audit.report import render
from trainer.db import db
from trainer.kinds import load_pack, read_pack


def _read_or_exit(directory: str):
    try:
        return read_pack(directory)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)


@click.group()
def content() -> None:
    """Validate, load and describe content packs."""


content.add_command(examples)


@content.command("validate")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
def content_validate(directory: str) -> None:
    """Check a pack and list every problem with file and line, the audit's hard limits included
    (docs/content/audit.md); import nothing."""
    pack = _read_or_exit(directory)
    problems = hard_limit_problems(pack)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s) against the audit's hard limits.", err=True)
        sys.exit(1)
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
    totals = ", ".join(f"{count} {kind}" for kind, count in stats["totals"].items())
    click.echo(f"Pack {stats['pack']}: {totals}")
    click.echo(
        f"{'competency':32} {'indicators L1-L4':18} {'profiles':8} {'scenarios':9} "
        "items L1/L2/L3/L4"
    )
    for row in stats["competencies"]:
        indicators = "/".join(str(n) for n in row["indicators"])
        items = "/".join(str(n) for n in row["items_by_level"])
        name = row["name"][:32]
        click.echo(f"{name:32} {indicators:18} {row['profiles']:<8} {row['scenarios']:<9} {items}")


@content.command("audit")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a report.")
def content_audit(directory: str, as_json: bool) -> None:
    """Measure a pack's cues, reach and coverage; exit 1 when a done-when limit fails."""
    report = audit(_read_or_exit(directory))
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for line in render(report):
            click.echo(line)
    if not all(row["ok"] for row in report["limits"].values()):
        sys.exit(1)
