"""A manager's verdicts in review teach the matcher: the next run of the same reply follows them."""

from __future__ import annotations

import re

from sqlalchemy import select

from trainer.auth.models import Team
from trainer.db import db
from trainer.evidence.models import Evidence
from trainer.evidence.sources import SourceRef
from trainer.evidence.store import current_rows
from trainer.rubrics.models import ReviewRequest
from trainer.scenarios import store
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.learning.models import LearnedExample
from trainer.scenarios.models import ScenarioRun
from trainer.scenarios.state import Move

KEY = "hp-inbound-upsell"


def switch(client, login, user):
    client.post("/logout")
    return login(user)


def team_of(make_user):
    manager = make_user("manager", name="Mo Manager")
    team = Team(name="Inside sales", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    learner = make_user("learner", name="Lee Learner", team_id=team.id)
    db.session.commit()
    return manager, learner


def play(client, reply: str) -> ScenarioRun:
    """Play the call in assessment mode: the first choice everywhere, `reply` at free steps."""
    response = client.post(f"/calls/{KEY}/begin", data={"mode": "assessment"})
    run_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    while True:
        db.session.expire_all()
        run = db.session.get(ScenarioRun, run_id)
        if run.finished:
            return run
        state = store.state_of(run)
        step = scenario_of(run.content_version).steps[state.step]
        move = (
            Move(state.step, text=reply, turn=state.turn)
            if step.kind == "free"
            else Move(state.step, choice=0, turn=state.turn)
        )
        assert store.take(db.session, run, move)
        db.session.commit()


def free_step(run: ScenarioRun):
    scenario = scenario_of(run.content_version)
    key = next(k for k in store.state_of(run).path if scenario.steps[k].kind == "free")
    return key, scenario.steps[key]


def matches(run: ScenarioRun, step_key: str):
    decision = next(d for d in store.state_of(run).decisions if d.step == step_key)
    return {m.key: m for m in decision.matches}


def test_a_rejected_behaviour_is_not_credited_again_and_the_reply_leaves_the_queue(
    client, make_user, login
):
    manager, learner = team_of(make_user)
    login(learner)
    first = play(client, "placeholder")
    step_key, step = free_step(first)
    reply = ". ".join(b.phrasings[0] for b in step.behaviours)
    first = play(client, reply)
    credited = matches(first, step_key)
    assert all(m.found for m in credited.values())
    rejected = step.behaviours[0]

    switch(client, login, manager)
    item = db.session.scalar(
        select(ReviewRequest).where(
            ReviewRequest.source_ref == f"scenario-run:{first.id}/step:{step_key}"
        )
    )
    queue = client.get("/rubrics/reviews").get_data(as_text=True)
    assert f"/calls/reviews/{item.id}" in queue, queue[queue.find("<main") :]
    page = client.get(f"/calls/reviews/{item.id}").get_data(as_text=True)
    assert '<mark class="answer__shown"' in page and rejected.label in page
    form = {f"level_{item.competencies[0]}": "2", f"verdict_{rejected.key}": "missing"}
    for other in step.behaviours[1:]:
        form[f"verdict_{other.key}"] = "shown"
    assert client.post(f"/calls/reviews/{item.id}", data=form).status_code == 302
    learned = db.session.scalars(select(LearnedExample)).all()
    assert {(e.behaviour_key, e.shown) for e in learned} == {
        (b.key, b is not rejected) for b in step.behaviours
    }
    assert f"/calls/reviews/{item.id}" not in client.get("/rubrics/reviews").get_data(as_text=True)

    reviewed = current_rows(db.session, SourceRef.run_step(first.id, step_key))
    credit = {r.detail.split(":")[0]: r.score for r in reviewed if r.source_kind == "free_response"}
    assert credit == {b.label: 0.0 if b is rejected else 1.0 for b in step.behaviours}

    switch(client, login, learner)
    second = play(client, reply.upper() + "!")
    now = matches(second, step_key)
    assert not now[rejected.key].found
    assert all(now[b.key].found for b in step.behaviours[1:])
    source = f"scenario-run:{second.id}/step:{step_key}"
    assert (
        db.session.scalar(select(ReviewRequest).where(ReviewRequest.source_ref == source)) is None
    )
    details = db.session.scalars(select(Evidence.detail).where(Evidence.source_id == source)).all()
    assert not any(rejected.label in d for d in details)
    assert all(m.found for m in matches(first, step_key).values())  # its replay is unchanged
    debrief = client.get(f"/calls/runs/{second.id}/debrief").get_data(as_text=True)
    assert re.search(r"Not yet shown</span>\s*" + re.escape(rejected.label), debrief)


def test_a_longer_answer_with_the_rejected_reply_is_judged_by_the_phrasings_and_queued(
    client, make_user, login
):
    manager, learner = team_of(make_user)
    login(learner)
    step_key, step = free_step(play(client, "placeholder"))
    reply = ". ".join(b.phrasings[0] for b in step.behaviours)
    first = play(client, reply)
    switch(client, login, manager)
    item = db.session.scalar(
        select(ReviewRequest).where(
            ReviewRequest.source_ref == f"scenario-run:{first.id}/step:{step_key}"
        )
    )
    form = {f"level_{item.competencies[0]}": "2", f"verdict_{step.behaviours[0].key}": "missing"}
    assert client.post(f"/calls/reviews/{item.id}", data=form).status_code == 302
    switch(client, login, learner)
    longer = play(client, reply + " Then I would walk you through the options and the next steps.")
    assert matches(longer, step_key)[step.behaviours[0].key].found
    source = f"scenario-run:{longer.id}/step:{step_key}"
    assert db.session.scalar(select(ReviewRequest).where(ReviewRequest.source_ref == source))


def test_another_teams_manager_cannot_open_or_answer_the_review(client, make_user, login):
    _, learner = team_of(make_user)
    login(learner)
    step_key, _ = free_step(play(client, "placeholder"))
    item = db.session.scalars(select(ReviewRequest)).first()
    switch(client, login, make_user("manager", name="Stranger"))
    assert client.get(f"/calls/reviews/{item.id}").status_code == 404
    assert (
        client.post(f"/calls/reviews/{item.id}", data={"verdict_x": "missing"}).status_code == 404
    )
    assert db.session.scalars(select(LearnedExample)).all() == []


def test_a_call_answer_that_cannot_be_replayed_is_rated_on_the_rubric_alone(
    client, make_user, login
):
    from trainer.evidence.sources import SourceRef
    from trainer.rubrics.store import request_review

    manager, learner = team_of(make_user)
    item = request_review(
        db.session,
        person_id=learner.id,
        source_ref=SourceRef.run_step(999, "gone"),
        title="A call since removed",
        response="An answer",
        competencies=["active-listening"],
    )
    db.session.commit()
    login(manager)
    response = client.get(f"/calls/reviews/{item.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/rubrics/reviews/{item.id}")


def test_not_sure_teaches_nothing_about_that_behaviour(client, make_user, login):
    manager, learner = team_of(make_user)
    login(learner)
    step_key, step = free_step(play(client, "How many pages do you print?"))
    item = db.session.scalars(select(ReviewRequest)).first()
    switch(client, login, manager)
    form = {f"level_{item.competencies[0]}": "2"}
    form.update({f"verdict_{b.key}": "unsure" for b in step.behaviours})
    form[f"verdict_{step.behaviours[-1].key}"] = "missing"
    assert client.post(f"/calls/reviews/{item.id}", data=form).status_code == 302
    learned = db.session.scalars(select(LearnedExample)).all()
    assert [(e.behaviour_key, e.shown) for e in learned] == [(step.behaviours[-1].key, False)]


def test_a_manager_sees_and_can_forget_what_their_reviews_taught_and_no_one_elses(
    client, make_user, login
):
    manager, learner = team_of(make_user)
    login(learner)
    step_key, step = free_step(play(client, "placeholder"))
    reply = ". ".join(b.phrasings[0] for b in step.behaviours)
    first = play(client, reply)
    switch(client, login, manager)
    source = f"scenario-run:{first.id}/step:{step_key}"
    item = db.session.scalar(select(ReviewRequest).where(ReviewRequest.source_ref == source))
    form = {f"level_{item.competencies[0]}": "2"}  # every behaviour confirmed as found
    assert client.post(f"/calls/reviews/{item.id}", data=form).status_code == 302
    page = client.get("/calls/reviews/learned").get_data(as_text=True)
    assert all(b.label in page for b in step.behaviours) and reply in page
    ids = [e.id for e in db.session.scalars(select(LearnedExample))]

    switch(client, login, make_user("manager", name="Other manager"))
    assert reply not in client.get("/calls/reviews/learned").get_data(as_text=True)
    assert client.post(f"/calls/reviews/learned/{ids[0]}/forget").status_code == 404

    switch(client, login, manager)
    for example_id in ids:
        assert client.post(f"/calls/reviews/learned/{example_id}/forget").status_code == 302
    assert db.session.scalars(select(LearnedExample)).all() == []
    switch(client, login, learner)
    again = play(client, reply)
    source = f"scenario-run:{again.id}/step:{step_key}"
    assert db.session.scalar(select(ReviewRequest).where(ReviewRequest.source_ref == source))
