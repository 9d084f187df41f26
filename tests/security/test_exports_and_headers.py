"""Exports a spreadsheet cannot run; headers that keep signed-in pages out of caches; a styled
page when the database is down."""

from __future__ import annotations

import csv
import io

import pytest

from trainer import create_app
from trainer.auth.models import Team
from trainer.db import db
from trainer.spreadsheet import to_csv

FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_csv_cell_that_starts_a_formula_is_written_as_text(cell):
    written = to_csv([{"name": cell, "level": 3}], ["name", "level"])
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert rows[1] == ["'" + cell, "3"]


def test_plain_cells_and_numbers_are_unchanged():
    text = to_csv([{"name": "Lena Ortiz", "level": -1, "score": 0.5}], ["name", "level", "score"])
    assert text.splitlines()[1] == "Lena Ortiz,-1,0.5"


def test_a_team_export_neutralises_a_formula_in_a_name(client, make_user, login):
    manager = make_user("manager")
    team = Team(name="Floor", manager_id=manager.id)
    db.session.add(team)
    db.session.commit()
    make_user(name="=cmd|' /C calc'!A0", team_id=team.id, profile_key="hp-inside-account-manager")
    login(manager)
    exported = client.get("/progress/team/levels.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows and {r["name"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    assert exported.headers["Cache-Control"] == "no-store"


def test_signed_in_pages_are_not_stored_and_public_ones_may_be(client, make_user, login):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login(make_user())
    for path in ("/", "/progress/", "/quizzes/"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Cookie" in response.headers["Vary"]
    assert "no-store" not in client.get("/static/css/trainer.css").headers.get("Cache-Control", "")


def test_hsts_is_sent_only_when_configured(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["HSTS_SECONDS"] = 31536000
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_an_unreachable_database_gets_a_styled_503_with_the_security_headers(tmp_path):
    # A port nothing listens on: the same on either database the suite runs against.
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        }
    )
    app.instance_path = str(tmp_path)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-sign-in-token"  # loading the person needs the database
    response = client.get("/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "cannot reach its database" in page and "trainer.css" in page
    assert "Content-Security-Policy" in response.headers
    with app.app_context():
        db.engine.dispose()
