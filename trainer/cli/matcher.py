"""`trainer matcher check FILE`: how the free-response matcher reads a labelled set of replies."""

from __future__ import annotations

import json
from pathlib import Path

import click

from trainer.content.problems import ContentError
from trainer.content.source import parse_yaml
from trainer.content.validation import validate
from trainer.kinds import read_pack
from trainer.scenarios.matcher_check import LabelledSet, check, combine, pool, with_behaviours


@click.group()
def matcher() -> None:
    """Test the free-response matcher."""


@matcher.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--pack",
    type=click.Path(exists=True, file_okay=False),
    help="Pack whose steps a file names (scenario and step); the bundled pack by default.",
)
def matcher_check(files: tuple[str, ...], as_json: bool, pack: str | None) -> None:
    """Precision, recall and F1 per behaviour of FILES (YAML or JSON: behaviours with key, label,
    phrasings, or the scenario and step whose behaviours to use; replies with text and the
    behaviour keys each shows), then every miss and false credit. Several files are scored
    together, their behaviours named FILE/KEY (SCENARIO.STEP/KEY for files that name a step;
    files naming the same step pool their replies). Exit 1 when a file is malformed."""
    steps = _Steps(pack)
    named = [(Path(file).stem, steps.resolve(_read(Path(file)), file)) for file in files]
    reports = {}
    for name, labelled in pool(named).items():
        try:
            reports[name] = check(labelled)
        except ValueError as exc:
            raise click.ClickException(f"{name}: {exc}") from None
    report = combine(reports) if len(reports) > 1 else next(iter(reports.values()))
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


def _read(path: Path) -> LabelledSet:
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8"), path.name)  # JSON is YAML too
    except UnicodeDecodeError:
        raise click.ClickException(f"{path.name}: not UTF-8 text") from None
    labelled, problems = validate(LabelledSet, doc) if isinstance(doc.data, dict) else (None, [])
    if labelled is None:
        for problem in problems or [doc.problem((), "expected behaviours and replies")]:
            click.echo(str(problem), err=True)
        raise SystemExit(1)
    return labelled


class _Steps:
    """The free-response steps of a pack, read once and only when a file names one."""

    def __init__(self, root: str | None):
        self.root, self.scenarios = root, None

    def resolve(self, labelled: LabelledSet, file: str) -> LabelledSet:
        if labelled.behaviours:
            return labelled
        if self.scenarios is None:
            try:
                content = read_pack(self.root) if self.root else read_pack()
                self.scenarios = content.records_of("scenario")
            except ContentError as exc:
                raise click.ClickException(f"the pack does not load: {exc}") from None
        scenario = self.scenarios.get(labelled.scenario)
        step = scenario.steps.get(labelled.step) if scenario else None
        if not getattr(step, "behaviours", None):
            where = f"{labelled.scenario}/{labelled.step}"
            raise click.ClickException(f"{Path(file).name}: no free-response step {where}")
        return with_behaviours(labelled, step.behaviours)


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
