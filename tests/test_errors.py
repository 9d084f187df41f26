"""One handler answers refused and stale writes: roll back, say why, go back to the view's page."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from trainer.auth.access import PUBLIC, allow
from trainer.auth.models import Team
from trainer.db import db
from trainer.errors import Refused, returns_to


@pytest.fixture
def writes(app):
    """Two routes that add a team and then fail: one names its return page, one does not."""

    @app.post("/tests/refuse/<name>")
    @allow(PUBLIC)
    @returns_to("auth.login", anchor="form")
    def refuse(name: str):
        db.session.add(Team(name=name))
        db.session.flush()
        raise Refused("the call has ended")

    @app.post("/tests/stale/<name>")
    @allow(PUBLIC)
    def stale(name: str):
        db.session.add(Team(name=name))
        db.session.flush()
        raise StaleDataError("UPDATE statement on table 'x' expected to update 1 row(s)")

    return app.test_client()


def teams(name: str) -> list[Team]:
    db.session.remove()
    return db.session.scalars(select(Team).where(Team.name == name)).all()


def test_a_refused_write_is_undone_and_says_why_on_the_return_page(writes):
    response = writes.post("/tests/refuse/Desk")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/login#form")
    page = writes.get("/login").get_data(as_text=True)
    assert "Nothing changed: the call has ended." in page
    assert teams("Desk") == []


def test_a_script_is_told_with_a_409_and_json(writes):
    response = writes.post("/tests/refuse/Desk", headers={"X-Requested-With": "fetch"})
    assert response.status_code == 409
    assert response.json == {"saved": False, "error": "the call has ended"}
    assert teams("Desk") == []


def test_a_stale_write_without_a_return_page_is_a_409_page_that_hides_the_sql(writes):
    response = writes.post("/tests/stale/Desk")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "That changed while you were working" in page and "UPDATE" not in page
    assert teams("Desk") == []
