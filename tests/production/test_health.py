"""Health checks for the load balancer, and the request id every response carries."""

from __future__ import annotations

import json
import logging

from sqlalchemy import create_engine

from trainer.db import db
from trainer.ops.logline import request_id


def test_healthz_answers_without_the_database(client, app, monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("healthz must not touch the database")

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_while_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["database"] is True


def test_readyz_is_503_while_the_database_is_unreachable(client, app, tmp_path, monkeypatch):
    gone = create_engine(f"sqlite:///{tmp_path}/missing/dir/trainer.db")  # cannot be opened
    monkeypatch.setitem(db._app_engines[app], None, gone)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": False}
    monkeypatch.undo()
    assert client.get("/readyz").status_code == 200  # back without a restart
    gone.dispose()


def test_every_response_carries_a_request_id_and_one_json_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="trainer.requests")
    first = client.get("/login?next=/secret-token-in-query")
    second = client.get("/login")
    ids = [first.headers["X-Request-Id"], second.headers["X-Request-Id"]]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "trainer.requests"]
    assert [line["request_id"] for line in lines] == ids
    assert lines[0]["path"] == "/login" and lines[0]["status"] == 200
    assert "secret-token" not in caplog.text  # the query string is never logged


def test_a_balancers_request_id_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-Id": "lb-7f3a9c21-0001"})
    assert kept.headers["X-Request-Id"] == "lb-7f3a9c21-0001"
    forged_id = 'x", "status": 200, "user_id": "1'
    forged = client.get("/healthz", headers={"X-Request-Id": forged_id})
    assert forged.headers["X-Request-Id"] != forged_id
    assert len(forged.headers["X-Request-Id"]) == 32


def test_request_ids_accept_only_short_plain_values():
    assert request_id("abcdefgh") == "abcdefgh"
    for bad in (None, "", "short", "a" * 65, "has space!", "new\nline12", 'quote"id1'):
        assert request_id(bad) != bad


def test_health_checks_are_public_and_never_cached(client, make_user, login):
    login(make_user("learner"))
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
