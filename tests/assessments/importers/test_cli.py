"""`trainer import gift|moodle-xml|qti`: preview, then import in one transaction or not at all."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from trainer.cli import main
from trainer.content.models import ContentVersion
from trainer.db import db

DATA = Path(__file__).parent / "data"


def run(app, *args: str):
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def item_versions() -> int:
    return db.session.scalar(select(func.count()).where(ContentVersion.kind == "item"))


def gift(app, *extra: str):
    source = str(DATA / "sample.gift")
    return run(app, "import", "gift", source, "--competency", "negotiating", "--level", "2", *extra)


def test_dry_run_prints_the_preview_and_writes_nothing(app):
    before = item_versions()
    result = gift(app, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "gift-call-stages" in result.output and "matching" in result.output
    assert "would be 14 added, 0 changed, 0 unchanged" in result.output
    assert item_versions() == before


def test_import_writes_the_items_and_a_second_run_changes_nothing(app):
    before = item_versions()
    first = gift(app)
    assert first.exit_code == 0, first.output
    assert "Items: 14 added, 0 changed, 0 unchanged." in first.output
    second = gift(app)
    assert "Items: 0 added, 0 changed, 14 unchanged." in second.output
    assert item_versions() == before + 14


def test_problems_are_listed_with_file_and_line_and_nothing_is_imported(app):
    before = item_versions()
    source = str(DATA / "moodle-unknown-types.xml")
    result = run(app, "import", "moodle-xml", source, "--competency", "negotiating", "--level", "3")
    assert result.exit_code == 1
    assert "moodle-unknown-types.xml:3:" in result.output
    assert "moodle-unknown-types.xml:7:" in result.output
    assert "2 problem(s); nothing was imported." in result.output
    assert item_versions() == before


def test_an_unknown_competency_exits_1(app):
    source = str(DATA / "qti21-choice.xml")
    result = run(app, "import", "qti", source, "--competency", "juggling", "--level", "1")
    assert result.exit_code == 1
    assert "competency 'juggling' is not in the framework" in result.output
