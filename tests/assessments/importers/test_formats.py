"""The importer registry is the one list of formats: CLI, admin page and store all use it."""

from __future__ import annotations

import ast
from pathlib import Path

from trainer.assessments.importers import FORMATS, Format
from trainer.assessments.importers.store import read_import
from trainer.cli import main
from trainer.content.problems import Problem
from trainer.db import db

PACKAGE = Path(__file__).parents[3] / "trainer" / "assessments" / "importers"
PURE = [
    "__init__",
    "xml_source",
    "gift_syntax",
    "gift_read",
    "gift_answers",
    "gift_write",
    "moodle_xml",
    "moodle_questions",
    "qti_elements",
    "qti",
    "qti_package",
    "staging",
]


def test_the_registry_lists_gift_moodle_xml_and_qti():
    assert list(FORMATS) == ["gift", "moodle-xml", "qti"]
    assert all(name == fmt.name and fmt.title for name, fmt in FORMATS.items())


def test_each_format_is_a_trainer_import_command_described_by_its_title():
    commands = main.commands["import"].commands
    for name, fmt in FORMATS.items():
        assert fmt.title in commands[name].help
    assert set(commands) == {"twee", *FORMATS}


def test_the_admin_import_page_offers_each_format(client, make_user, login):
    login(make_user("admin"))
    page = client.get("/admin/items/import").get_data(as_text=True)
    for name, fmt in FORMATS.items():
        assert f'<option value="{name}"' in page and fmt.title in page


def test_a_format_added_to_the_registry_is_read_by_the_store(app, monkeypatch):
    def read_lines(data: bytes, source: str, competency: str, level: int):
        text = data.decode()
        return [], [Problem(source, 1, f"{text} for {competency} at L{level}")]

    monkeypatch.setitem(FORMATS, "lines", Format("lines", "One per line", read_lines))
    preview = read_import(db.session, "lines", b"hello", "x.txt", "negotiating", 2, {"negotiating"})
    assert preview.problems == [Problem("x.txt", 1, "hello for negotiating at L2")]


def test_readers_import_no_web_or_database():
    forbidden = ("flask", "sqlalchemy", "werkzeug", "trainer.db", "trainer.extensions")
    for module in PURE:
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        names = [
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
            )
        ]
        assert not [name for name in names if name.startswith(forbidden)], module
