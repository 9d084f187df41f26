"""`trainer analyze`: item, form, bank and call analysis on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from trainer.analysis.matrix import MatrixError, read_responses
from trainer.analysis.report import analyse
from trainer.analysis.tables import as_csv, as_json, as_text, call_csv, call_json, call_text


def _emit(data: dict, text: str, csv_text: str, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
    elif fmt == "csv":
        click.echo(csv_text, nl=False)
    else:
        click.echo(text)


def _from_file(path: str, fmt: str) -> None:
    try:
        matrix = read_responses(Path(path).read_text(encoding="utf-8-sig"))
    except (MatrixError, UnicodeDecodeError) as error:
        click.echo(f"{path}: {error}", err=True)
        sys.exit(1)
    analysis = analyse(matrix)
    _emit(as_json(analysis), as_text(analysis), as_csv(analysis), fmt)


def _from_database(target: str, fmt: str) -> None:
    from trainer.analysis.call_load import call_analysis
    from trainer.analysis.load import bank_analysis, form_analysis
    from trainer.db import db

    form = form_analysis(db.session, target)
    if form is not None:
        return _emit(as_json(form), as_text(form), as_csv(form), fmt)
    call = call_analysis(db.session, target)
    if call is not None:
        return _emit(call_json(call[0]), call_text(call[0]), call_csv(call[0]), fmt)
    bank = bank_analysis(db.session, target)
    if bank is not None:
        return _emit(as_json(bank), as_text(bank), as_csv(bank), fmt)
    click.echo(f"{target!r} is no form, call or bank (competency with items).", err=True)
    sys.exit(1)


@click.command("analyze")
@click.argument("target", required=False)
@click.option(
    "--responses",
    type=click.Path(exists=True, dir_okay=False),
    help="A CSV response matrix: a header of item names, one row per taker.",
)
@click.option("--json", "as_json_", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv_", is_flag=True, help="Print the item (or decision) table as CSV.")
@with_appcontext
def analyze(target: str | None, responses: str | None, as_json_: bool, as_csv_: bool) -> None:
    """Analyse a form, bank (competency) or call, or a response matrix from another system."""
    if (target is None) == (responses is None):
        raise click.UsageError("name a form, bank or call, or give --responses FILE (not both)")
    fmt = "json" if as_json_ else "csv" if as_csv_ else "text"
    if responses is not None:
        _from_file(responses, fmt)
    else:
        _from_database(target, fmt)
