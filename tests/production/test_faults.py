"""Faults against real server processes, on SQLite and on PostgreSQL: a crash (kill -9), the
database going away mid-attempt, a read-only database. Nothing acknowledged is lost, nothing
half-written is left, and the taker is told clearly what happened."""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.assessments.answering import right_fields
from tests.conftest import PASSWORD, TEST_URL
from tests.server import Browserless, ServerProcess
from trainer.assessments.delivery import from_json, read_answer
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt, Response
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.scenarios import store as call_store
from trainer.scenarios.engine import best_move
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.models import ScenarioRun
from trainer.scenarios.page import choice_token

pytestmark = pytest.mark.slow
FORM = "negotiation-assessment"


def sign_in(base: str, user) -> Browserless:
    browser = Browserless(base)
    browser.get("/login")
    browser.post("/login", {"email": user.email, "password": PASSWORD})
    assert "/login" not in browser.url, browser.page
    return browser


def newest(model, user):
    db.session.expire_all()
    query = db.select(model).where(model.person_id == user.id).order_by(model.id.desc())
    return db.session.scalars(query.limit(1)).one()


def answer_fields(attempt: Attempt, position: int) -> dict:
    response = attempt.responses[position]
    fields = right_fields(item_of(response.item_version), attempt.plan[position]["order"])
    data = {f"q{position}-{name}": values for name, values in fields.items()}
    return {**data, "positions": position, "go": "stay"}


def autosave(browser: Browserless, attempt: Attempt, position: int) -> tuple[int, dict]:
    return post_json(browser, attempt.id, answer_fields(attempt, position))


def post_json(browser: Browserless, attempt_id: int, answer: dict) -> tuple[int, dict]:
    """Post one answer as quiz.js does; the status and the JSON answer."""
    tokens = re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', browser.page)
    fields = {"csrf_token": tokens[0], **answer}
    body = urllib.parse.urlencode(fields, doseq=True)
    request = urllib.request.Request(
        f"{browser.base}/quizzes/attempts/{attempt_id}",
        data=body.encode(),
        headers={"X-Requested-With": "fetch", "Accept": "application/json"},
    )
    try:
        with browser.opener.open(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        assert body.startswith(b"{"), (error.code, body[:3000])
        return error.code, json.loads(body)


def call_move(browser: Browserless, user) -> None:
    run = newest(ScenarioRun, user)
    move = best_move(scenario_of(run.content_version), call_store.state_of(run))
    fields = {"step": move.step, "turn": move.turn}
    if move.choice is not None:
        fields["choice"] = choice_token(run.seed, move.step, move.turn, move.choice)
    else:
        fields["text"] = move.text
    browser.post(f"/calls/runs/{run.id}/move", fields)
    assert browser.status == 200, browser.page


def begin_both(browser: Browserless, user) -> tuple[Attempt, str]:
    browser.get(f"/quizzes/{FORM}")
    browser.post(f"/quizzes/{FORM}/begin", {})
    key = min(version.key for version in latest_versions(db.session, ["scenario"]))
    browser.get(f"/calls/{key}")
    browser.post(f"/calls/{key}/begin", {"mode": "practice"})
    assert "/calls/runs/" in browser.url, browser.page
    return newest(Attempt, user), urllib.parse.urlsplit(browser.url).path


def test_kill_9_in_a_loop_loses_no_answer_or_move_that_was_saved(app, database_url, make_user):
    user = make_user("learner")
    with ServerProcess(database_url, threads=2) as server:
        browser = sign_in(server.url, user)
        attempt, call_url = begin_both(browser, user)
        browser.get(f"/quizzes/attempts/{attempt.id}")
        for cycle in range(3):
            for position in (2 * cycle, 2 * cycle + 1):
                assert autosave(browser, attempt, position) == (
                    200,
                    {"saved": True, "problems": []},
                )
            browser.get(call_url)
            call_move(browser, user)
            answers = [r.answer for r in newest(Attempt, user).responses]
            moves = len(newest(ScenarioRun, user).moves)
            # one more save in flight as the server dies: it lands whole or not at all
            flight = threading.Thread(target=_ignore_errors(autosave), args=(browser, attempt, 6))
            flight.start()
            server.kill()
            flight.join()
            server.start()

            after = newest(Attempt, user)
            assert [r.answer for r in after.responses][: 2 * cycle + 2] == answers[: 2 * cycle + 2]
            assert all(a is not None for a in answers[: 2 * cycle + 2])
            assert _stored(after, 6) in (None, _right(after, 6))
            assert len(newest(ScenarioRun, user).moves) == moves
            browser.get(f"/quizzes/attempts/{attempt.id}")
            assert browser.status == 200  # the session survived: the same secret, stored sign-in
        browser.post(f"/quizzes/attempts/{attempt.id}/submit", {})
        assert browser.url.endswith("/result") and newest(Attempt, user).submitted


def _right(attempt: Attempt, position: int):
    fields = answer_fields(attempt, position)
    posted = {k[len(f"q{position}-") :]: v for k, v in fields.items() if k.startswith("q")}
    return read_answer(
        item_of(attempt.responses[position].item_version), attempt.plan[position]["order"], posted
    )


def _stored(attempt: Attempt, position: int):
    """The saved answer as the trainer reads it back (JSON makes a matching's keys strings)."""
    response = attempt.responses[position]
    if response.answer is None:
        return None
    return from_json(item_of(response.item_version), response.answer)


def _ignore_errors(call):
    def run(*args):
        try:
            call(*args)
        except Exception:  # noqa: BLE001  (the connection dies with the server)
            pass

    return run


@contextmanager
def database_away(database_url: str):
    """The database stops answering writes: PostgreSQL's is renamed with its sessions ended;
    SQLite's is held under another process's exclusive lock (root ignores file modes)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        holder = create_engine(database_url, isolation_level=None)
        with holder.connect() as conn:
            conn.exec_driver_sql("BEGIN EXCLUSIVE")
            yield "sqlite"
            conn.exec_driver_sql("ROLLBACK")
        holder.dispose()
        return
    admin = create_engine(make_url(TEST_URL), isolation_level="AUTOCOMMIT")
    name, hidden = url.database, f"{url.database}_away"
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        conn.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{hidden}"'))
    try:
        yield "postgresql"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{hidden}" RENAME TO "{name}"'))
        admin.dispose()


def test_the_database_going_away_mid_attempt_is_told_and_the_answer_saves_after(
    app, database_url, make_user
):
    user = make_user("learner")
    with ServerProcess(database_url, threads=2) as server:
        browser = sign_in(server.url, user)
        browser.get(f"/quizzes/{FORM}")
        browser.post(f"/quizzes/{FORM}/begin", {})
        attempt = newest(Attempt, user)
        attempt_id, typed, right = attempt.id, answer_fields(attempt, 1), _right(attempt, 1)
        page = browser.get(f"/quizzes/attempts/{attempt_id}?n=2")
        db.session.close()
        with database_away(database_url):
            status, body = post_json(browser, attempt_id, typed)
            assert status == 503
            assert body == {
                "saved": False,
                "retry": True,
                "error": "The trainer cannot reach its database",
            }
            browser.page = page
            browser.post(f"/quizzes/attempts/{attempt_id}", typed)  # without JavaScript
            assert browser.status == 503
            assert "cannot reach its database" in browser.page
            assert "Nothing you entered was lost" in browser.page
            assert 'href="/static/css/trainer.css' in browser.page  # the styled page
        browser.page = page
        assert post_json(browser, attempt_id, typed) == (200, {"saved": True, "problems": []})
        assert _stored(newest(Attempt, user), 1) == right
        browser.get(f"/quizzes/attempts/{attempt_id}?n=2")
        assert browser.status == 200 and "1 of" in browser.page


def test_readyz_follows_the_database_and_recovers_without_a_restart(app, database_url):
    if not TEST_URL:
        pytest.skip("SQLite's lock leaves reads working: readyz stays up by design")
    db.session.close()
    with ServerProcess(database_url) as server:
        ready = Browserless(server.url)
        ready.get("/readyz")
        assert ready.status == 200
        with database_away(database_url):
            ready.get("/readyz")
            assert ready.status == 503
            ready.get("/healthz")
            assert ready.status == 200  # the process is up: the balancer must not restart it
        ready.get("/readyz")
        assert ready.status == 200


@contextmanager
def read_only(database_url: str, server: ServerProcess):
    """PostgreSQL: new sessions read-only; SQLite: the server restarted on a read-only file."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        server.kill()
        server.env["TRAINER_DATABASE_URL"] = f"sqlite:///file:{url.database}?mode=ro&uri=true"
        server.start()
        yield
        server.kill()
        server.env["TRAINER_DATABASE_URL"] = database_url
        server.start()
        return
    admin = create_engine(make_url(TEST_URL), isolation_level="AUTOCOMMIT")

    def switch(setting: str) -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{url.database}" {setting}'))
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": url.database},
            )

    switch("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        switch("RESET default_transaction_read_only")
        admin.dispose()


def test_a_read_only_database_says_so_and_leaves_no_half_written_attempt(
    app, database_url, make_user
):
    user = make_user("learner")
    with ServerProcess(database_url, threads=2) as server:
        browser = sign_in(server.url, user)
        browser.get(f"/quizzes/{FORM}")
        page, user_id = browser.page, user.id
        db.session.close()
        with read_only(database_url, server):
            browser.page = page
            browser.post(f"/quizzes/{FORM}/begin", {})
            assert browser.status == 503
            assert "read-only" in browser.page and "nothing was saved" in browser.page
            db.session.close()
            count = db.session.scalar(
                db.select(db.func.count()).select_from(Attempt).where(Attempt.person_id == user_id)
            )
            assert count == 0
            assert db.session.scalar(db.select(db.func.count()).select_from(Response)) == 0
            db.session.close()
        browser.get(f"/quizzes/{FORM}")
        browser.post(f"/quizzes/{FORM}/begin", {})
        assert browser.status == 200 and "/quizzes/attempts/" in browser.url
