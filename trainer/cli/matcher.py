"""`trainer matcher check FILE`: how the free-response matcher reads a labelled set of replies."""

from __future__ import annotations

import json
from pathlib import Path

import click

from trainer.content.source import parse_yaml
from trainer.content.validation import validate
from trainer.scenarios.matcher_check import LabelledSet, check


@click.group()
def matcher() -> None:
    """Test the free-response matcher."""


@matcher.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def matcher_check(file: str, as_json: bool) -> None:
    """Precision, recall and F1 per behaviour of FILE (YAML or JSON: behaviours with key, label,
    phrasings; replies with text and the behaviour keys each shows), then every miss and false
    credit. Exit 1 when the file is malformed."""
    path = Path(file)
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8"), path.name)  # JSON is YAML too
    except UnicodeDecodeError:
        raise click.ClickException(f"{path.name}: not UTF-8 text") from None
    labelled, problems = validate(LabelledSet, doc) if isinstance(doc.data, dict) else (None, [])
    if labelled is None:
        for problem in problems or [doc.problem((), "expected behaviours and replies")]:
            click.echo(str(problem), err=True)
        raise SystemExit(1)
    try:
        report = check(labelled)
    except ValueError as exc:
        raise click.ClickException(f"{path.name}: {exc}") from None
    if as_json:
        click.echo(json.dumps(_as_dict(report), indent=2))
        return
    click.echo(f"{'behaviour':32} {'precision':>9} {'recall':>7} {'F1':>6}")
    for key, tally in report.tallies.items():
        click.echo(f"{key:32} {tally.precision:9.2f} {tally.recall:7.2f} {tally.f1:6.2f}")
    click.echo(
        f"{'macro average':32} {report.macro_precision:9.2f} {report.macro_recall:7.2f} "
        f"{report.macro_f1:6.2f}"
    )
    for kind, (wrongly, total) in sorted(report.credited_by_kind.items()):
        click.echo(
            f"{kind} replies credited with a behaviour they do not show: {wrongly} of {total}"
        )
    for title, rows in (("Missed", report.misses), ("Credited wrongly", report.false_credits)):
        for n, key, text in rows:
            click.echo(f"{title}: reply {n + 1}, {key}: {text}")


def _as_dict(report) -> dict:
    return {
        "behaviours": {
            key: {"precision": t.precision, "recall": t.recall, "f1": t.f1}
            for key, t in report.tallies.items()
        },
        "macro": {
            "precision": report.macro_precision,
            "recall": report.macro_recall,
            "f1": report.macro_f1,
        },
        "credited_by_kind": {
            k: {"wrongly": w, "of": n} for k, (w, n) in report.credited_by_kind.items()
        },
        "misses": [{"reply": n + 1, "behaviour": k, "text": t} for n, k, t in report.misses],
        "false_credits": [
            {"reply": n + 1, "behaviour": k, "text": t} for n, k, t in report.false_credits
        ],
    }
