"""`trainer content examples export`: managers' verdicts back into the pack's call YAML."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml
from flask.cli import with_appcontext

from trainer.content.store import latest_versions
from trainer.db import db
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.learning.export import disagreements, with_examples
from trainer.scenarios.learning.store import examples_for
from trainer.scenarios.matcher import PhraseMatcher


@click.group("examples")
def examples() -> None:
    """Examples of behaviours that managers' reviews taught the matcher."""


@examples.command("export")
@click.option("--step", help="Only this step: STEP, or CALL/STEP for one call's step.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write DIR/scenarios/CALL.yaml for each call; without it, print the YAML.",
)
@with_appcontext
def export_examples(step: str | None, out: str | None) -> None:
    """Write each call that has learned examples, with them added to its behaviours."""
    call, _, step_key = (step or "").rpartition("/")
    written = 0
    for version in sorted(latest_versions(db.session, ["scenario"]), key=lambda v: v.key):
        if call and version.key != call:
            continue
        learned = examples_for(db.session, version.key, step=step_key or None)
        if not learned:
            continue
        document = scenario_of(version).model_dump(mode="json", exclude_defaults=True)
        document, added = with_examples(document, learned, step_key or None)
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        if out:
            path = Path(out) / "scenarios" / f"{version.key}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            click.echo(f"{path}: {added} example(s) added", err=True)
        else:
            click.echo(f"---\n{text}", nl=False)
        for d in disagreements(document, learned, PhraseMatcher()):
            verdict = "shows" if d.shown else "does not show"
            click.echo(
                f"  {version.key}/{d.step}: a manager said {d.text!r} {verdict} {d.behaviour}, "
                "the phrasings disagree: content validate will name it",
                err=True,
            )
        written += 1
    if not written:
        click.echo("No learned examples to export.", err=True)
        sys.exit(1)
