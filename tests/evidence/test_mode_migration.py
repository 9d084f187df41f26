"""Migration levels0001: the evidence mode, backfilled from each row's attempt or call."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from trainer.db import db

BEFORE = "delivery0001"
TOUCHED = {("evidence", "mode"), ("response", "first_points"), ("scenario_run", "first_tries")}


def _diffs_on_touched_columns() -> list:
    with db.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), db.metadata)
    flat = [d for diff in diffs for d in (diff if isinstance(diff, list) else [diff])]
    return [d for d in flat if len(d) > 3 and (d[2], d[3]) in TOUCHED]


def test_the_models_and_the_migration_agree_on_the_new_columns(app):
    columns = {
        table: {c["name"] for c in inspect(db.engine).get_columns(table)} for table, _ in TOUCHED
    }
    assert all(column in columns[table] for table, column in TOUCHED)
    assert _diffs_on_touched_columns() == []


def test_existing_rows_take_the_mode_of_their_attempt_or_call(app, make_user):
    person_id = make_user().id
    db.session.remove()
    directory = current_app.extensions["migrate"].directory
    downgrade(directory=directory, revision=BEFORE)
    with db.engine.begin() as connection:
        version = connection.execute(text("SELECT id FROM content_version LIMIT 1")).scalar()
        connection.execute(
            text(
                "INSERT INTO attempt (id, person_id, form_key, content_version_id, mode, seed,"
                " plan, status, started_at, revision) VALUES (41, :p, 'f', :v, 'practice', 1, '[]',"
                " 'submitted', CURRENT_TIMESTAMP, 1)"
            ),
            {"p": person_id, "v": version},
        )
        for ident, source in ((1, "attempt:41/item:a"), (2, "rating:9"), (3, "attempt:99/item:b")):
            connection.execute(
                text(
                    "INSERT INTO evidence (id, person_id, competency_key, level, score, weight,"
                    " source_kind, source_id, detail, recorded_at) VALUES (:i, :p, 'negotiating',"
                    " 1, 1, 1, :k, :s, '', CURRENT_TIMESTAMP)"
                ),
                {
                    "i": ident,
                    "p": person_id,
                    "s": source,
                    "k": source[:4] == "rati" and "rubric" or "item",
                },
            )
    upgrade(directory=directory)
    with db.engine.connect() as connection:
        modes = dict(connection.execute(text("SELECT id, mode FROM evidence ORDER BY id")).all())
    assert modes == {1: "practice", 2: None, 3: None}
