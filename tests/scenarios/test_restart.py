"""Kill the server mid-call and start it again: the call resumes at the same step, nothing lost."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from tests.server import Browserless, ServerProcess, signed_in
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.scenarios import store
from trainer.scenarios.engine import best_move
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.models import ScenarioRun
from trainer.scenarios.page import choice_token

pytestmark = pytest.mark.slow
STEP = re.compile(r'name="step" value="([^"]+)"')


def the_run() -> ScenarioRun:
    """The run the browser began: the newest, since the demo learner has a history."""
    db.session.expire_all()
    return db.session.scalars(db.select(ScenarioRun).order_by(ScenarioRun.id.desc()).limit(1)).one()


def answer_best(browser: Browserless) -> None:
    run = the_run()
    move = best_move(scenario_of(run.content_version), store.state_of(run))
    fields = {"step": move.step, "turn": move.turn}
    if move.choice is not None:
        fields["choice"] = choice_token(run.seed, move.step, move.turn, move.choice)
    else:
        fields["text"] = move.text
    browser.post(f"/calls/runs/{run.id}/move", fields)
    assert browser.status == 200, browser.page


def test_a_killed_server_resumes_the_call_where_it_was(demo_app, demo_database_url):
    with ServerProcess(demo_database_url) as server:
        browser = signed_in(server.url, "learner")
        key = min(version.key for version in latest_versions(db.session, ["scenario"]))
        browser.get(f"/calls/{key}")
        browser.post(f"/calls/{key}/begin", {"mode": "practice"})
        assert browser.status == 200 and "/calls/runs/" in browser.url, browser.page
        for _ in range(3):
            answer_best(browser)
        before = store.state_of(the_run())
        said = [t.text for t in before.transcript if t.speaker == "learner"]

        server.kill()
        server.start()

        page = browser.get(f"/calls/runs/{the_run().id}")
        assert browser.status == 200
        assert STEP.search(page).group(1) == before.step
        for line in said:
            assert str(escape(line)) in page
        while not the_run().finished:
            answer_best(browser)
        assert "/debrief" in browser.url
        assert len(the_run().moves) >= 4
