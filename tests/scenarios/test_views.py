"""The call player over HTTP: saved as taken, counted once, resumable, never leaking answers."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from trainer import create_app
from trainer.assignments.status import COMPLETIONS
from trainer.auth.models import Team
from trainer.content.store import latest_versions
from trainer.db import db
from trainer.evidence.models import Evidence
from trainer.rubrics.models import ReviewRequest
from trainer.scenarios import store
from trainer.scenarios.engine import best_move
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.models import ScenarioRun
from trainer.scenarios.page import choice_token
from trainer.scenarios.state import Move

CHOICE_BUTTON = re.compile(r'<button[^>]*name="choice"[^>]*>')


def bundled_call(*, with_free_response: bool = False):
    """A bundled call from the database, optionally one with a free-response step."""
    for version in sorted(latest_versions(db.session, ["scenario"]), key=lambda v: v.key):
        scenario = scenario_of(version)
        if not with_free_response or any(s.kind == "free" for s in scenario.steps.values()):
            return scenario
    pytest.fail("the bundled pack has no suitable call")


def begin(client, key: str, mode: str = "practice") -> ScenarioRun:
    response = client.post(f"/calls/{key}/begin", data={"mode": mode})
    assert response.status_code == 303
    run_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    return db.session.get(ScenarioRun, run_id)


def post_move(client, run: ScenarioRun, move):
    """Post `move` as the page does: a choice by the token the run's page shows for it."""
    data = {"step": move.step, "turn": move.turn}
    if move.choice is not None:
        data["choice"] = choice_token(run.seed, move.step, move.turn, move.choice)
    else:
        data["text"] = move.text
    return client.post(f"/calls/runs/{run.id}/move", data=data)


def fresh(run: ScenarioRun) -> ScenarioRun:
    db.session.expire_all()
    return db.session.get(ScenarioRun, run.id)


def play_best(client, run: ScenarioRun) -> ScenarioRun:
    scenario = scenario_of(run.content_version)
    while not (run := fresh(run)).finished:
        assert post_move(client, run, best_move(scenario, store.state_of(run))).status_code == 303
    return run


def test_the_list_and_the_brief_show_the_bundled_calls(client, make_user, login):
    login(make_user("learner", profile_key="hp-inside-account-manager"))
    scenario = bundled_call()
    listing = client.get("/calls/").get_data(as_text=True)
    assert str(escape(scenario.title)) in listing
    brief = client.get(f"/calls/{scenario.key}").get_data(as_text=True)
    assert str(escape(scenario.persona.name)) in brief
    assert str(escape(scenario.brief.objective)) in brief
    assert client.get("/calls/no-such-call").status_code == 404


def test_starting_twice_resumes_the_same_call(client, make_user, login):
    login(make_user())
    key = bundled_call().key
    first, second = begin(client, key), begin(client, key)
    assert first.id == second.id
    assert begin(client, key, "assessment").id != first.id
    assert client.post(f"/calls/{key}/begin", data={"mode": "exam"}).status_code == 400


def test_a_call_played_to_its_end_writes_evidence_and_completes_assignments(
    client, make_user, login
):
    person = login(make_user())
    run = play_best(client, begin(client, bundled_call().key, "assessment"))
    assert run.outcome in {"won", "advanced", "stalled", "lost"}
    evidence = db.session.scalars(select(Evidence).where(Evidence.person_id == person.id)).all()
    assert evidence and {e.content_version_id for e in evidence} == {run.content_version_id}
    assert all(e.source_id.startswith(f"scenario-run:{run.id}/") for e in evidence)
    assert {e.weight for e in evidence if e.source_kind == "scenario"} <= {1.0, 2.0, 3.0}
    done = COMPLETIONS["scenario"]({(person.id, run.scenario_key)})
    assert done[(person.id, run.scenario_key)] == run.finished_at
    page = client.get(f"/calls/runs/{run.id}")
    assert page.status_code == 302 and page.headers["Location"].endswith("/debrief")
    debrief = client.get(f"/calls/runs/{run.id}/debrief").get_data(as_text=True)
    assert "Evidence per competency" in debrief
    late = Move(step=store.state_of(run).step, choice=0, turn=len(run.moves))
    assert post_move(client, run, late).status_code == 303
    assert fresh(run).moves == run.moves  # a move after the end changes nothing


def test_a_double_submit_counts_once(client, make_user, login):
    login(make_user())
    run = begin(client, bundled_call().key)
    move = best_move(scenario_of(run.content_version), store.state_of(run))
    assert post_move(client, run, move).status_code == 303
    assert post_move(client, run, move).status_code == 303
    assert len(fresh(run).moves) == 1


def test_the_back_button_cannot_answer_a_step_again(client, make_user, login):
    login(make_user())
    run = begin(client, bundled_call().key)
    scenario = scenario_of(run.content_version)
    first = best_move(scenario, store.state_of(run))
    post_move(client, run, first)
    other = Move(first.step, choice=(first.choice + 1) % 2, turn=first.turn)
    response = post_move(client, run, other)
    assert response.status_code == 303
    assert len(fresh(run).moves) == 1 and fresh(run).moves[0]["choice"] == first.choice
    assert "already answered" in client.get(f"/calls/runs/{run.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {"step": "no-such-step", "turn": 0, "choice": 0},
        {"turn": 0, "choice": 99},
        {"turn": 0, "choice": "first"},
        {"turn": 0},
        {"turn": 0, "choice": 0},
        {"turn": 0, "choice": choice_token(1, "first-response", 0, 0)},
    ],
    ids=[
        "forged step",
        "choice out of range",
        "not a number",
        "no answer",
        "the first option by index",
        "a token of another run",
    ],
)
def test_a_forged_move_is_refused_and_changes_nothing(client, make_user, login, data):
    login(make_user())
    run = begin(client, bundled_call().key)
    data = {"step": store.state_of(run).step, **data}
    response = client.post(f"/calls/runs/{run.id}/move", data=data)
    assert response.status_code == 400
    assert "could not be taken" in response.get_data(as_text=True)
    assert fresh(run).moves == []


def test_the_choices_keep_their_shuffled_order_on_reload_and_resume(client, make_user, login):
    login(make_user())
    key = bundled_call().key
    run = begin(client, key, "assessment")
    page = client.get(f"/calls/runs/{run.id}").get_data(as_text=True)
    assert CHOICE_BUTTON.findall(page)
    again = begin(client, key, "assessment")  # "Start" again resumes the open run
    assert again.id == run.id
    reloaded = client.get(f"/calls/runs/{run.id}").get_data(as_text=True)
    assert CHOICE_BUTTON.findall(reloaded) == CHOICE_BUTTON.findall(page)


def test_the_first_button_is_not_always_the_files_first_choice(client, make_user, login):
    login(make_user())
    scenario = bundled_call()
    first_texts = set()
    for _ in range(12):  # twelve runs: all showing the file's order has odds below 1 in 1000
        run = begin(client, scenario.key, "assessment")
        step = scenario.steps[store.state_of(run).step]
        page = client.get(f"/calls/runs/{run.id}").get_data(as_text=True)
        shown = [c.text for c in step.choices if str(escape(c.text)) in page]
        first_texts.add(min(shown, key=lambda text: page.index(str(escape(text)))))
        db.session.delete(fresh(run))
        db.session.commit()
    assert len(first_texts) > 1


def test_an_assessment_page_never_holds_feedback_or_which_choice_is_best(client, make_user, login):
    login(make_user())
    run = begin(client, bundled_call().key, "assessment")
    scenario = scenario_of(run.content_version)
    while not (run := fresh(run)).finished:
        state = store.state_of(run)
        page = client.get(f"/calls/runs/{run.id}").get_data(as_text=True)
        step = scenario.steps[state.step]
        for choice in getattr(step, "choices", []):
            assert str(escape(choice.feedback)) not in page
        buttons = {re.sub(r'value="[0-9a-f]+"', "", tag) for tag in CHOICE_BUTTON.findall(page)}
        assert len(buttons) <= 1  # every choice is marked up alike: nothing tells the best one
        for behaviour in getattr(step, "behaviours", []):
            assert str(escape(behaviour.label)) not in page
        post_move(client, run, best_move(scenario, state))


def test_practice_shows_coaching_and_allows_a_retry(client, make_user, login):
    login(make_user())
    run = begin(client, bundled_call().key)
    scenario = scenario_of(run.content_version)
    move = best_move(scenario, store.state_of(run))
    post_move(client, run, move)
    chosen = scenario.steps[move.step].choices[move.choice]
    page = client.get(f"/calls/runs/{run.id}").get_data(as_text=True)
    assert str(escape(chosen.feedback)) in page
    assert client.post(f"/calls/runs/{run.id}/retry").status_code == 303
    assert fresh(run).moves == []


def test_an_assessment_cannot_be_retried(client, make_user, login):
    login(make_user())
    run = begin(client, bundled_call().key, "assessment")
    post_move(client, run, best_move(scenario_of(run.content_version), store.state_of(run)))
    client.post(f"/calls/runs/{run.id}/retry")
    assert len(fresh(run).moves) == 1


def test_free_responses_are_matched_and_queued_for_review(client, make_user, login):
    person = login(make_user())
    scenario = bundled_call(with_free_response=True)
    run = play_best(client, begin(client, scenario.key, "assessment"))
    reviews = db.session.scalars(
        select(ReviewRequest).where(ReviewRequest.person_id == person.id)
    ).all()
    assert reviews and all(r.source_ref.startswith(f"scenario-run:{run.id}/") for r in reviews)
    kinds = db.session.scalars(
        select(Evidence.source_kind).where(Evidence.person_id == person.id).distinct()
    ).all()
    assert "free_response" in kinds
    debrief = client.get(f"/calls/runs/{run.id}/debrief").get_data(as_text=True)
    assert "Shown" in debrief


def test_a_restarted_server_resumes_the_call_at_the_same_step(client, make_user, login, app):
    login(make_user())
    run = begin(client, bundled_call().key)
    scenario = scenario_of(run.content_version)
    for _ in range(2):
        post_move(client, run, best_move(scenario, store.state_of(fresh(run))))
    before = store.state_of(fresh(run))
    restarted = create_app({**app.config, "SERVER_NAME": "trainer.test"})
    with restarted.app_context():
        again = db.session.get(ScenarioRun, run.id)
        assert store.state_of(again).step == before.step
        assert store.state_of(again).transcript == before.transcript
        db.session.remove()
        db.engine.dispose()


def test_nobody_else_can_play_or_read_a_call(client, make_user, login):
    owner = login(make_user())
    run = play_best(client, begin(client, bundled_call().key))
    client.post("/logout")
    login(make_user())
    for url in (f"/calls/runs/{run.id}", f"/calls/runs/{run.id}/debrief"):
        assert client.get(url).status_code == 404
    assert client.post(f"/calls/runs/{run.id}/move", data={"turn": 0}).status_code == 404
    assert client.post(f"/calls/runs/{run.id}/retry").status_code == 404
    client.post("/logout")
    stranger = login(make_user("manager"))
    assert client.get(f"/calls/runs/{run.id}/debrief").status_code == 404
    team = Team(name="Inside", manager_id=stranger.id)
    db.session.add(team)
    db.session.flush()
    owner.team_id = team.id
    db.session.commit()
    assert client.get(f"/calls/runs/{run.id}/debrief").status_code == 200
    assert db.session.scalar(select(func.count(ScenarioRun.id))) == 1


def test_a_weak_call_debrief_suggests_other_calls_to_practise(client, make_user, login):
    login(make_user())
    run = begin(client, bundled_call().key, "assessment")
    scenario = scenario_of(run.content_version)
    while not (run := fresh(run)).finished:
        state = store.state_of(run)
        step = scenario.steps[state.step]
        if step.kind == "choice":
            weak = next(i for i, choice in enumerate(step.choices) if not choice.best)
            move = Move(state.step, choice=weak, turn=state.turn)
        else:
            move = Move(state.step, text="Okay.", turn=state.turn)
        assert post_move(client, run, move).status_code == 303
    page = client.get(f"/calls/runs/{run.id}/debrief").get_data(as_text=True)
    practise = page.split("What to practise next")[1].split("</section>")[0]
    assert 'try <a href="/calls/' in practise
