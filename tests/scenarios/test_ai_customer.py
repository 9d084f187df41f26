"""The AI customer against a small local chat-completions server: asked once per open turn,
stored with the run, never asked again on replay, and never in the way when it fails."""

from __future__ import annotations

import json
import logging
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from markupsafe import escape

from tests.scenarios.test_views import begin, fresh, post_move
from tests.server import redis_up
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.scenarios import llm, store
from trainer.scenarios.engine import best_move
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.llm import ChatEndpoint, chat, endpoint_from
from trainer.scenarios.state import Move

LINE = "<b>Downtime</b> costs Carla about $4,000 an hour in storm season."


def answer(content: object) -> tuple[int, bytes]:
    return 200, json.dumps(
        {"choices": [{"message": {"role": "assistant", "content": content}}]}
    ).encode()


@dataclass
class ModelServer:
    """A chat-completions endpoint on 127.0.0.1 that records every request it gets."""

    url: str
    requests: list[dict] = field(default_factory=list)
    respond: Callable[[dict], tuple[int, bytes]] = lambda body: answer(LINE)
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def model() -> Iterator[ModelServer]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(
                {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
            )
            status, payload = fake.respond(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    class Server(HTTPServer):
        def handle_error(self, request, client_address):
            pass  # a client that timed out and left is expected here

    server = Server(("127.0.0.1", 0), Handler)
    fake = ModelServer(f"http://127.0.0.1:{server.server_port}/v1")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.release.set()
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def dead_url() -> str:
    """A local URL nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


MESSAGES = [{"role": "user", "content": "Hello?"}]


def test_the_client_speaks_the_chat_completions_protocol(model):
    endpoint = endpoint_from({"LLM_URL": model.url, "LLM_MODEL": "llama3", "LLM_API_KEY": "k-1"})
    assert chat(endpoint, MESSAGES) == LINE
    (got,) = model.requests
    assert got["path"] == "/v1/chat/completions" and got["auth"] == "Bearer k-1"
    assert got["body"]["model"] == "llama3" and got["body"]["messages"] == MESSAGES
    assert 0 < got["body"]["max_tokens"] <= 400 and 0 <= got["body"]["temperature"] <= 1


def test_a_full_completions_url_is_used_as_it_is_and_off_means_none(model):
    endpoint = endpoint_from({"LLM_URL": model.url + "/chat/completions/"})
    assert endpoint.url == model.url + "/chat/completions"
    chat(endpoint, MESSAGES)
    assert model.requests[0]["auth"] is None
    assert endpoint_from({"LLM_URL": ""}) is None and endpoint_from({}) is None
    assert endpoint_from({"LLM_URL": "file:///etc/passwd"}) is None


@pytest.mark.parametrize(
    "response",
    [
        (500, b'{"error": "overloaded"}'),
        (200, b"<html>not json</html>"),
        (200, b'{"choices": []}'),
        (200, b'{"error": {"message": "no such model"}}'),
        (200, b'{"choices": [{"text": "legacy completion"}]}'),
        (200, b"[1, 2]"),
    ],
)
def test_garbage_or_an_error_status_is_none(model, response, caplog):
    model.respond = lambda body: response
    with caplog.at_level(logging.WARNING, "trainer.scenarios.llm"):
        assert chat(endpoint_from({"LLM_URL": model.url}), MESSAGES) is None
    assert "authored line used" in caplog.text


def test_a_slow_or_absent_server_is_none(model, dead_url):
    model.respond = lambda body: (model.release.wait(10), answer(LINE))[1]
    slow = ChatEndpoint(model.url + "/chat/completions", "m", timeout=0.2)
    assert chat(slow, MESSAGES) is None
    model.release.set()
    assert chat(endpoint_from({"LLM_URL": dead_url}), MESSAGES) is None


# Over HTTP, on the bundled call with an open step ----------------------------------------


def open_call():
    for version in sorted(latest_versions(db.session, ["scenario"]), key=lambda v: v.key):
        scenario = scenario_of(version)
        for key, step in scenario.steps.items():
            if getattr(step, "open", None):
                return scenario, key
    pytest.fail("no bundled call has an open step")


def play_to(client, run, key: str):
    """Play the best moves until the call rests on step `key`."""
    scenario = scenario_of(run.content_version)
    while (state := store.state_of(run := fresh(run))).step != key:
        assert not state.ended, f"the best path does not reach {key}"
        assert post_move(client, run, best_move(scenario, state)).status_code == 303
    return run


def say(client, run, text: str):
    state = store.state_of(fresh(run))
    return post_move(client, run, Move(state.step, text=text, turn=state.turn))


@pytest.fixture
def at_open_step(app, client, make_user, login):
    """A learner's practice run resting on the bundled open step, and that step's key."""
    login(make_user("learner", profile_key="hp-inside-account-manager"))
    scenario, key = open_call()
    return play_to(client, begin(client, scenario.key), key), scenario, key


def test_the_model_answers_within_the_turn_limit_and_the_run_keeps_its_line(
    app, client, model, at_open_step, dead_url
):
    run, scenario, key = at_open_step
    app.config.update(LLM_URL=model.url, LLM_API_KEY="secret-key")
    asked = "What happens to Summit when a machine is down?"
    state = store.state_of(fresh(run))
    first = Move(key, text=asked, turn=state.turn)
    assert post_move(client, run, first).status_code == 303
    assert post_move(client, run, first).status_code == 303  # a double submit asks once
    page = client.get(f"/calls/runs/{run.id}").get_data(as_text=True)
    assert str(escape(LINE)) in page and LINE not in page  # shown as text, never as HTML
    assert "(AI customer)" in page
    assert "This is your answer 2 of 2 here; then the call moves on" in page
    assert store.state_of(fresh(run)).step == key  # the learner may ask once more

    (got,) = model.requests
    assert got["auth"] == "Bearer secret-key"
    prompt = json.dumps(got["body"]["messages"])
    for shown in (scenario.persona.name, scenario.brief.objective, asked, scenario.steps[key].say):
        assert json.dumps(shown)[1:-1] in prompt
    for behaviour in scenario.steps[key].behaviours:
        assert behaviour.label not in prompt

    assert say(client, run, "And who looks after the new operators?").status_code == 303
    assert len(model.requests) == 1  # the last turn is the learner's: the authored graph goes on
    state = store.state_of(fresh(run))
    assert state.step != key and [m.step for m in state.moves].count(key) == 2
    assert state.decisions[-1].text.startswith(asked)

    app.config.update(LLM_URL=dead_url)  # replay and resume never ask the model again
    replayed = store.state_of(fresh(run))
    assert replayed.transcript == state.transcript
    assert any(t.generated and t.text == LINE for t in replayed.transcript)
    assert str(escape(LINE)) in client.get(f"/calls/runs/{run.id}").get_data(as_text=True)
    assert len(model.requests) == 1


def test_off_the_open_step_plays_as_an_ordinary_free_step(app, client, at_open_step):
    run, scenario, key = at_open_step
    assert not app.config["LLM_URL"]
    assert say(client, run, "What happens when a machine is down?").status_code == 303
    state = store.state_of(fresh(run))
    assert state.step != key and not any(t.generated for t in state.transcript)
    assert "reply" not in fresh(run).moves[-1]


def test_a_model_that_is_down_falls_back_to_the_authored_line(
    app, client, at_open_step, dead_url, caplog
):
    run, scenario, key = at_open_step
    app.config.update(LLM_URL=dead_url)
    with caplog.at_level(logging.WARNING, "trainer.scenarios.llm"):
        assert say(client, run, "What happens when a machine is down?").status_code == 303
    state = store.state_of(fresh(run))
    assert state.step != key and not any(t.generated for t in state.transcript)
    assert "authored line used" in caplog.text


def test_a_model_answering_garbage_falls_back_too(app, client, model, at_open_step, caplog):
    run, scenario, key = at_open_step
    model.respond = lambda body: answer("  \n ")
    app.config.update(LLM_URL=model.url)
    with caplog.at_level(logging.WARNING, "trainer.scenarios.llm"):
        assert say(client, run, "What happens when a machine is down?").status_code == 303
    assert store.state_of(fresh(run)).step != key and len(model.requests) == 1
    assert "unusable answer" in caplog.text


def test_a_practice_retry_takes_back_the_reply_and_asks_the_model_afresh(
    app, client, model, at_open_step
):
    run, scenario, key = at_open_step
    app.config.update(LLM_URL=model.url)
    assert say(client, run, "What happens when a machine is down?").status_code == 303
    assert "reply" in fresh(run).moves[-1]
    assert client.post(f"/calls/runs/{run.id}/retry").status_code == 303
    state = store.state_of(fresh(run))
    assert state.step == key and not state.said and not any(t.generated for t in state.transcript)
    shift = "We lose a whole shift when one goes down."
    model.respond = lambda body: answer(shift)
    assert say(client, run, "How long is a machine usually down?").status_code == 303
    assert len(model.requests) == 2
    assert store.state_of(fresh(run)).transcript[-1].text == shift


def test_the_settings_read_the_model_from_the_environment(monkeypatch, tmp_path):
    from trainer.config import settings

    monkeypatch.setenv("TRAINER_SECRET_KEY", "x")
    assert settings(tmp_path)["LLM_URL"] == "" and llm.voice(settings(tmp_path)) is None
    monkeypatch.setenv("TRAINER_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("TRAINER_LLM_MODEL", "qwen2.5")
    monkeypatch.setenv("TRAINER_LLM_TIMEOUT", "2.5")
    endpoint = endpoint_from(settings(tmp_path))
    assert endpoint == ChatEndpoint("http://127.0.0.1:9/v1/chat/completions", "qwen2.5", "", 2.5)
    assert settings(tmp_path)["LLM_RATE_LIMIT"] == "60 per hour; 300 per day"
    monkeypatch.setenv("TRAINER_LLM_RATE_LIMIT", "")
    assert llm.turn_budget(settings(tmp_path), {}) is None  # empty: no limit


def test_a_players_model_turns_are_budgeted_and_a_spent_budget_plays_as_authored(
    app, client, model, at_open_step, caplog
):
    run, scenario, key = at_open_step
    app.config.update(LLM_URL=model.url, LLM_RATE_LIMIT="1 per hour")
    assert say(client, run, "What happens to Summit when a machine is down?").status_code == 303
    assert client.post(f"/calls/runs/{run.id}/retry").status_code == 303  # practice: ask again
    with caplog.at_level(logging.INFO, "trainer.scenarios.llm"):
        assert say(client, run, "How long is a machine usually down?").status_code == 303
    assert len(model.requests) == 1  # the retry's turn was not sent to the model
    state = store.state_of(fresh(run))
    assert state.step != key and not any(t.generated for t in state.transcript)
    assert "used their model turns" in caplog.text


def test_a_limit_that_does_not_read_turns_the_model_off_and_the_call_goes_on(
    app, client, model, at_open_step, caplog
):
    run, scenario, key = at_open_step
    app.config.update(LLM_URL=model.url, LLM_RATE_LIMIT="plenty")
    with caplog.at_level(logging.WARNING):
        assert say(client, run, "What happens when a machine is down?").status_code == 303
    assert model.requests == [] and store.state_of(fresh(run)).step != key
    assert "TRAINER_LLM_RATE_LIMIT" in caplog.text and "AI customer is off" in caplog.text


def test_the_budget_counts_each_player_apart_and_workers_share_it_through_redis(request):
    if not redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    config = {
        "LLM_RATE_LIMIT": "2 per hour; 3 per day",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "RATELIMIT_KEY_PREFIX": f"test-{request.node.name}-{uuid.uuid4().hex}",
    }
    worker_one, worker_two = llm.turn_budget(config, {}), llm.turn_budget(config, {})
    assert worker_one is not worker_two
    assert worker_one.spend("7") and worker_two.spend("7")
    assert not worker_one.spend("7") and not worker_two.spend("7")  # 2 per hour, shared
    per_day = worker_one.limits[1]
    key = (config["RATELIMIT_KEY_PREFIX"], "ai-customer", "7")
    assert worker_one.counter.get_window_stats(per_day, *key).remaining == 1  # refusals take none
    assert worker_two.spend("8")  # another player has a budget of their own
    kept: dict = {}
    assert llm.turn_budget(config, kept) is llm.turn_budget(config, kept)


def test_a_count_that_cannot_be_read_means_no_model_turn(dead_url, caplog):
    port = dead_url.split(":")[2].split("/")[0]  # nothing listens there
    config = {"LLM_RATE_LIMIT": "5 per hour", "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}"}
    with caplog.at_level(logging.WARNING, "trainer.scenarios.llm"):
        assert llm.turn_budget(config, {}).spend("7") is False
    assert "turn count is unavailable" in caplog.text
