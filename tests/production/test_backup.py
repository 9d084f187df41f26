"""`trainer backup` and `trainer restore` really copy the database and bring it back.

On SQLite through the online backup API, on PostgreSQL through pg_dump and pg_restore (run the
file with TRAINER_TEST_DATABASE_URL set); the app keeps its pool open while the backup is taken.
"""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select, text

from trainer.auth.models import User
from trainer.cli import main
from trainer.content.models import ContentVersion
from trainer.db import db


def run(app, *args: str):
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def people() -> dict[str, str]:
    db.session.expire_all()
    return {u.email: u.name for u in db.session.scalars(select(User))}


def test_a_backup_restores_every_person_and_all_content(app, make_user, tmp_path):
    make_user("learner", name="Ana Ortiz", email="ana@example.com")
    make_user("manager", name="Ben Okafor", email="ben@example.com")
    versions = db.session.scalar(select(func.count()).select_from(ContentVersion))
    before = people()
    target = tmp_path / "backups" / "trainer.backup"

    result = run(app, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    make_user("learner", name="Cy Later", email="cy@example.com")  # after the backup
    db.session.execute(text("UPDATE \"user\" SET name = 'Renamed' WHERE email = 'ana@example.com'"))
    db.session.commit()
    db.session.close()

    result = run(app, "restore", "--yes", str(target))
    assert result.exit_code == 0, result.output
    assert people() == before
    assert db.session.scalar(select(func.count()).select_from(ContentVersion)) == versions


def test_a_backup_taken_during_an_open_write_holds_only_what_was_committed(
    app, make_user, tmp_path
):
    make_user("learner", email="kept@example.com")
    with db.engine.connect() as writer:  # another request, mid-transaction
        writer.execute(text("UPDATE \"user\" SET name = 'Uncommitted'"))
        target = tmp_path / "during.backup"
        assert run(app, "backup", str(target)).exit_code == 0
        writer.rollback()
    db.session.close()
    make_user("learner", email="later@example.com")
    db.session.close()
    assert run(app, "restore", "--yes", str(target)).exit_code == 0
    assert "Uncommitted" not in people().values()
    assert set(people()) >= {"kept@example.com"} and "later@example.com" not in people()


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(app, make_user, tmp_path):
    make_user("learner", email="still@example.com")
    before = people()
    db.session.close()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database\n" * 200)
    result = run(app, "restore", "--yes", str(junk))
    assert result.exit_code == 1
    assert "Error" in result.output
    assert people() == before


def test_backup_never_overwrites_an_existing_file(app, tmp_path):
    target = tmp_path / "exists.backup"
    target.write_text("yesterday's backup")
    result = run(app, "backup", str(target))
    assert result.exit_code == 1 and "exists" in result.output
    assert target.read_text() == "yesterday's backup"


@pytest.mark.parametrize("answer", ["n\n", "\n"])
def test_restore_asks_before_replacing_everything(app, make_user, tmp_path, answer):
    make_user("learner", email="asked@example.com")
    target = tmp_path / "b.backup"
    assert run(app, "backup", str(target)).exit_code == 0
    result = CliRunner().invoke(
        main, ["restore", str(target)], input=answer, obj=ScriptInfo(create_app=lambda: app)
    )
    assert result.exit_code == 1 and "Aborted" in result.output
