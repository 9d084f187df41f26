"""`trainer levels --evidence FILE.csv`: recompute levels from an exported ledger, for an audit.

The same rule as the pages (`competencies.estimate`, `competencies.readiness`), fed from the CSV
that `trainer export evidence` writes instead of from the database. A file with any bad row is
refused whole, each problem named by its line.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from trainer.competencies.estimate import Estimate, estimate_all
from trainer.competencies.ledger_csv import parse_time, read_ledger
from trainer.competencies.readiness import Readiness
from trainer.db import db, now_utc

STATUS_WORDS = {
    "meets": "meets",
    "developing": "developing",
    "gap": "gap",
    "not_assessed": "not enough evidence",
}


def _as_of(_ctx, _param, value: str | None) -> datetime:
    if value is None:
        return now_utc()
    try:
        return parse_time(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date such as 2026-03-31") from None


@click.command("levels")
@click.option(
    "--evidence", "path", required=True, type=click.Path(exists=True, dir_okay=False), help="CSV."
)
@click.option("--profile", "profile_key", default=None, help="Measure everyone against it.")
@click.option("--as-of", "as_of", default=None, callback=_as_of, help="Recency as of this date.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@with_appcontext
def levels(path, profile_key, as_of, as_json) -> None:
    """Recompute levels, confidence, statuses and readiness from an evidence CSV export."""
    from trainer.competencies.levels import profiles, readiness_for

    with open(path, encoding="utf-8-sig", newline="") as lines:
        ledger = read_ledger(lines)
    if ledger.problems:
        for problem in ledger.problems:
            click.echo(f"{Path(path).name}: {problem}", err=True)
        click.echo("Nothing computed: fix the rows above and run again.", err=True)
        sys.exit(1)
    profile = None
    if profile_key is not None:
        profile = profiles(db.session).get(profile_key)
        if profile is None:
            raise click.BadParameter(f"no role profile {profile_key!r}", param_hint="--profile")
    people = []
    for person, records in sorted(ledger.records.items()):
        estimates = estimate_all(records, as_of)
        report = readiness_for(profile, estimates) if profile else None
        people.append(_person(person, ledger.emails.get(person, ""), estimates, report))
    if as_json:
        click.echo(json.dumps(people, indent=2))
    else:
        click.echo("\n".join(_table(people)))


def _estimate(key: str, e: Estimate | None) -> dict:
    assessed = e is not None and e.assessed
    return {
        "competency": key,
        "level": e.level if e else None,
        "confidence": e.confidence if assessed else None,
        "confidence_words": e.confidence_label if assessed else "not enough evidence",
        "level_low": e.band[0] if e and e.band else None,
        "level_high": e.band[1] if e and e.band else None,
        "self_level": e.self_level if e else None,
    }


def _person(person: int, email: str, estimates: dict, report: Readiness | None) -> dict:
    if report is None:
        rows = [_estimate(key, e) for key, e in estimates.items()]
        return {"person_id": person, "email": email, "competencies": rows, "readiness": None}
    rows = [
        {
            **_estimate(row.requirement.competency, row.estimate),
            "required_level": row.requirement.level,
            "status": row.status,
            "gap": row.gap,
        }
        for row in report.rows
    ]
    summary = {"index": report.index, "coverage": report.coverage, "ready": report.ready}
    return {"person_id": person, "email": email, "competencies": rows, "readiness": summary}


def _table(people: list[dict]) -> list[str]:
    lines = []
    for person in people:
        lines.append(f"person {person['person_id']} {person['email']}".rstrip())
        for row in person["competencies"]:
            level = "-" if row["level"] is None else f"L{row['level']}"
            words = row["confidence_words"]
            confidence = (
                words if row["confidence"] is None else f"{words} ({row['confidence']:.2f})"
            )
            band = "-" if row["level_low"] is None else f"L{row['level_low']}-L{row['level_high']}"
            cells = [f"  {row['competency']:<28}", f"{level:<4}", f"{confidence:<22}", band]
            if "status" in row:
                cells += [f"  required L{row['required_level']}", STATUS_WORDS[row["status"]]]
            if row["self_level"] is not None:
                cells.append(f"  (self-rated L{row['self_level']})")
            lines.append(" ".join(cells).rstrip())
        summary = person["readiness"]
        if summary is not None:
            index = "-" if summary["index"] is None else summary["index"]
            verdict = "ready" if summary["ready"] else "not ready"
            lines.append(f"  readiness {index} coverage {summary['coverage']}% {verdict}")
    return lines
