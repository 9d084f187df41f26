"""`trainer export`: levels and evidence as CSV or JSON, the item bank as GIFT."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from trainer.db import db


@click.command("export")
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
    from trainer.assessments.importers.gift_write import export_gift
    from trainer.assessments.kinds import item_of
    from trainer.content.store import latest_versions

    items = [item_of(v) for v in sorted(latest_versions(db.session, ["item"]), key=lambda v: v.key)]
    chosen = [
        item
        for item in items
        if item.status == "live" and (competency is None or competency in item.competencies)
    ]
    return export_gift(chosen)
