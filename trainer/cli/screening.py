"""`trainer events` and `trainer candidates`: job-fair events, shortlists, the retention purge."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext
from sqlalchemy import func, or_, select

from trainer.db import db


@click.group("events")
def events() -> None:
    """Job-fair screening events."""


def _event(ref: str):
    from trainer.screening.models import ScreeningEvent

    query = select(ScreeningEvent).where(
        or_(ScreeningEvent.slug == ref, ScreeningEvent.id == (int(ref) if ref.isdigit() else -1))
    )
    event = db.session.scalar(query)
    if event is None:
        raise click.ClickException(f"no event {ref!r} (give its id or its link's slug)")
    return event


@events.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.option(
    "--base-url", default="http://127.0.0.1:5000", show_default=True, help="Where the site is."
)
@with_appcontext
def list_events(as_json: bool, base_url: str) -> None:
    """Every event with its public link and candidates started and finished."""
    from trainer.screening.models import Candidate, ScreeningEvent

    started = func.count(Candidate.id)
    finished = func.count(Candidate.submitted_at)
    query = (
        select(ScreeningEvent, started, finished)
        .outerjoin(Candidate, Candidate.event_id == ScreeningEvent.id)
        .group_by(ScreeningEvent.id)
        .order_by(ScreeningEvent.held_on.desc(), ScreeningEvent.id)
    )
    rows = [
        {
            "id": event.id,
            "name": event.name,
            "held_on": event.held_on.isoformat(),
            "place": event.place,
            "profile": event.profile_key,
            "link": f"{base_url.rstrip('/')}/e/{event.slug}",
            "started": n_started,
            "finished": n_finished,
        }
        for event, n_started, n_finished in db.session.execute(query)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['id']:>4}  {row['held_on']}  {row['name'][:40]:<40}  "
            f"{row['started']:>4} started  {row['finished']:>4} finished  {row['link']}"
        )


@events.command("shortlist")
@click.argument("event_ref", metavar="EVENT")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@with_appcontext
def shortlist_command(event_ref: str, fmt: str) -> None:
    """The ranked shortlist of EVENT (its id or slug), for an ATS; the export is audited."""
    from trainer.screening.audit import record
    from trainer.screening.exports import ats_row, shortlist_csv
    from trainer.screening.shortlist import shortlist

    event = _event(event_ref)
    rows = shortlist(db.session, event).rows
    if fmt == "csv":
        click.echo(shortlist_csv(event, rows), nl=False)
    else:
        kept = [ats_row(event, r) for r in rows if not r.candidate.erased]
        click.echo(json.dumps(kept, indent=2))
    record(db.session, None, "export", event, {"shortlist": fmt, "via": "command line"})
    db.session.commit()


@click.group("candidates")
def candidates() -> None:
    """Job-fair candidates' personal data."""


@candidates.command("purge")
@with_appcontext
def purge() -> None:
    """Erase personal data past each event's retention; anonymous rows stay. Safe to repeat."""
    from trainer.auditlog.store import record
    from trainer.db import now_utc
    from trainer.screening.store import purge as purge_due

    count = purge_due(db.session, now_utc())
    if count:
        record(db.session, "candidate-purge", subject="screening", detail=f"{count} candidates")
    db.session.commit()
    click.echo(f"Erased the personal data of {count} candidate(s) past their event's retention.")
