"""The content_change table the migration makes is the one the model describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from trainer.db import db


def test_the_migration_and_the_model_agree_on_content_change(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, db.metadata)
    ours = [d for d in diffs if "content_change" in repr(d)]
    assert ours == []
