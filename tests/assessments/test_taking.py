"""Taking a form over HTTP: each answer saved as given, no key before it is final, one submit."""

from __future__ import annotations

import re
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import func, select

from tests.assessments.answering import right_fields, wrong_fields
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt
from trainer.assignments.status import COMPLETIONS
from trainer.auth.models import Team
from trainer.content.store import latest_versions
from trainer.db import db, now_utc
from trainer.evidence.models import Evidence
from trainer.rubrics.models import ReviewRequest


def begin(client, key: str) -> Attempt:
    response = client.post(f"/quizzes/{key}/begin")
    assert response.status_code == 303, response.get_data(as_text=True)
    return db.session.get(Attempt, int(response.headers["Location"].rsplit("/", 1)[-1]))


def fresh(attempt: Attempt) -> Attempt:
    db.session.expire_all()
    return db.session.get(Attempt, attempt.id)


def item_at(attempt: Attempt, position: int):
    return item_of(attempt.responses[position].item_version)


def order_at(attempt: Attempt, position: int) -> list[int]:
    return attempt.plan[position]["order"]


def post(client, attempt: Attempt, position: int, fields: dict, go: str = "next", **extra):
    data = {f"q{position}-{name}": values for name, values in fields.items()}
    data.update(positions=str(position), go=go, **extra)
    return client.post(f"/quizzes/attempts/{attempt.id}", data=data)


def answer_all(client, attempt: Attempt, fields_for=right_fields) -> None:
    for position in range(len(attempt.responses)):
        fields = fields_for(item_at(attempt, position), order_at(attempt, position))
        assert post(client, attempt, position, fields).status_code == 303


def test_the_list_and_start_page_show_the_bundled_forms(client, make_user, login):
    login(make_user())
    page = client.get("/quizzes/").get_data(as_text=True)
    assert "Negotiation: practice quiz" in page
    start = client.get("/quizzes/negotiation-assessment").get_data(as_text=True)
    assert "20 minutes" in start and "0 of 2 used" in start
    assert client.get("/quizzes/no-such-form").status_code == 404


def test_starting_twice_resumes_and_attempts_run_out(client, make_user, login):
    login(make_user())
    first = begin(client, "negotiation-assessment")
    assert begin(client, "negotiation-assessment").id == first.id
    client.post(f"/quizzes/attempts/{first.id}/submit")
    second = begin(client, "negotiation-assessment")
    client.post(f"/quizzes/attempts/{second.id}/submit")
    refused = client.post("/quizzes/negotiation-assessment/begin", follow_redirects=True)
    assert "used all 2 attempts" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Attempt.id))) == 2


def test_a_page_never_holds_the_key_or_feedback_before_the_answer_is_final(
    client, make_user, login
):
    login(make_user())
    attempt = begin(client, "value-selling-assessment")
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)  # all on one
    for number in range(1, len(attempt.responses) + 1):
        page += client.get(f"/quizzes/attempts/{attempt.id}?n={number}").get_data(as_text=True)
    for position in range(len(attempt.responses)):
        item = item_at(attempt, position)
        assert str(escape(item.explanation)) not in page
        for option in getattr(item, "options", []):
            assert str(escape(option.feedback)) not in page
        for error in getattr(item, "common_errors", []):
            assert str(escape(error.feedback)) not in page
        if item.type == "numeric":
            assert str(escape(item.feedback_correct)) not in page
    tags = re.findall(r"<[^>]+>", page)
    assert not [tag for tag in tags if "correct" in tag.lower()]  # no marked-up key


def test_each_answer_is_saved_as_given_and_shown_again(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    item, order = item_at(attempt, 0), order_at(attempt, 0)
    fields = wrong_fields(item, order)
    assert post(client, attempt, 0, fields, go="stay").status_code == 303
    assert post(client, attempt, 0, fields, go="stay").status_code == 303  # a double submit
    saved = fresh(attempt).responses[0]
    assert item.options[saved.answer].correct is False
    page = client.get(f"/quizzes/attempts/{attempt.id}?n=1").get_data(as_text=True)
    assert f'name="q0-answer" value="{fields["answer"][0]}" checked' in page


def test_saving_with_javascript_answers_json(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    fields = right_fields(item_at(attempt, 0), order_at(attempt, 0))
    data = {f"q0-{k}": v for k, v in fields.items()} | {"positions": "0"}
    response = client.post(
        f"/quizzes/attempts/{attempt.id}", data=data, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 200 and response.get_json()["saved"] is True


def test_a_tampered_option_or_position_is_refused_and_saves_nothing(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    assert post(client, attempt, 0, {"answer": ["9"]}).status_code == 400
    assert post(client, attempt, 0, {"answer": ["x"]}).status_code == 400
    response = client.post(
        f"/quizzes/attempts/{attempt.id}", data={"positions": "99", "q99-answer": "0"}
    )
    assert response.status_code == 400
    assert all(r.answer is None for r in fresh(attempt).responses)


def test_practice_shows_feedback_on_check_and_allows_a_retry(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    item, order = item_at(attempt, 0), order_at(attempt, 0)
    post(client, attempt, 0, wrong_fields(item, order), go="check")
    response = fresh(attempt).responses[0]
    assert response.checked and response.points == 0
    page = client.get(f"/quizzes/attempts/{attempt.id}?n=1").get_data(as_text=True)
    assert str(escape(item.explanation)) in page
    assert post(client, attempt, 0, right_fields(item, order)).status_code == 303
    assert fresh(attempt).responses[0].points == 0  # a checked answer does not change
    client.post(f"/quizzes/attempts/{attempt.id}/retry/0")
    post(client, attempt, 0, right_fields(item, order), go="check")
    assert fresh(attempt).responses[0].points == 1 and fresh(attempt).responses[0].tries == 2


def test_submitting_scores_once_and_writes_evidence_with_the_item_version(client, make_user, login):
    person = login(make_user())
    attempt = begin(client, "negotiation-assessment")
    answer_all(client, attempt)
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    client.post(f"/quizzes/attempts/{attempt.id}/submit")  # a double click
    attempt = fresh(attempt)
    assert attempt.submitted and attempt.percent == 100
    rows = db.session.scalars(select(Evidence).where(Evidence.person_id == person.id)).all()
    scored = [r for r in attempt.responses if r.points is not None]
    assert len(rows) == sum(len(item_at(attempt, r.position).competencies) for r in scored)
    assert {row.content_version_id for row in rows} <= {r.item_version_id for r in scored}
    done = COMPLETIONS["form"]({(person.id, "negotiation-assessment")})
    assert done[(person.id, "negotiation-assessment")] == attempt.submitted_at
    result = client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "100%" in result and "By competency" in result
    late = post(client, attempt, 0, wrong_fields(item_at(attempt, 0), order_at(attempt, 0)))
    assert late.status_code == 303 and fresh(attempt).percent == 100


def test_certainty_based_marking_costs_a_confident_wrong_answer(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-assessment")
    for position in range(len(attempt.responses)):
        item, order = item_at(attempt, position), order_at(attempt, position)
        post(client, attempt, position, wrong_fields(item, order) | {"certainty": ["3"]})
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    attempt = fresh(attempt)
    wrong = [r for r in attempt.responses if r.points == 0]
    assert wrong and attempt.cbm_average < 0


def test_when_time_runs_out_the_saved_answers_are_submitted(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-assessment")
    post(client, attempt, 0, right_fields(item_at(attempt, 0), order_at(attempt, 0)))
    attempt.deadline_at = now_utc() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(f"/quizzes/attempts/{attempt.id}")
    assert response.headers["Location"].endswith("/result")
    attempt = fresh(attempt)
    assert attempt.submitted_by == "timer" and attempt.points == 1
    refused = post(client, attempt, 1, right_fields(item_at(attempt, 1), order_at(attempt, 1)))
    assert refused.status_code == 303 and fresh(attempt).responses[1].answer is None


def test_a_time_factor_stretches_the_limit_and_practice_is_untimed(client, make_user, login):
    person = make_user()
    person.time_factor = 1.5
    db.session.commit()
    login(person)
    attempt = begin(client, "negotiation-assessment")
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=30)
    assert begin(client, "negotiation-practice").deadline_at is None


def test_all_on_one_page_saves_every_answer_in_one_post(client, make_user, login):
    login(make_user())
    attempt = begin(client, "value-selling-practice")
    data = {"positions": ",".join(str(r.position) for r in attempt.responses), "go": "stay"}
    for position in range(len(attempt.responses)):
        fields = right_fields(item_at(attempt, position), order_at(attempt, position))
        data.update({f"q{position}-{k}": v for k, v in fields.items()})
    assert client.post(f"/quizzes/attempts/{attempt.id}", data=data).status_code == 303
    assert all(r.answer is not None for r in fresh(attempt).responses)


def test_a_screening_shows_the_taker_no_score_but_the_manager_sees_it(client, make_user, login):
    candidate = login(make_user())
    attempt = begin(client, "inside-sales-screening")
    answer_all(client, attempt)
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    page = client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "Thank you" in page and "%" not in page.split("<main")[1].split("</main>")[0]
    client.post("/logout")
    manager = login(make_user("manager"))
    assert client.get(f"/quizzes/attempts/{attempt.id}/result").status_code == 404
    team = Team(name="Screened", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    candidate.team_id = team.id
    db.session.commit()
    assert "100%" in client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)


def test_nobody_else_can_take_or_read_an_attempt(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    client.post("/logout")
    login(make_user())
    for url in ("", "/review", "/result"):
        assert client.get(f"/quizzes/attempts/{attempt.id}{url}").status_code == 404
    assert client.post(f"/quizzes/attempts/{attempt.id}/submit").status_code == 404
    assert post(client, attempt, 0, {"answer": ["0"]}).status_code == 404


def test_essays_wait_for_a_managers_rating(client, make_user, login):
    person = login(make_user())
    essays = [v for v in latest_versions(db.session, ["item"]) if v.body["type"] == "essay"]
    version = essays[0]
    attempt = begin(client, "negotiation-practice")
    attempt.responses[0].item_key = version.key
    attempt.responses[0].item_version_id = version.id
    attempt.plan = [{**attempt.plan[0], "key": version.key, "order": []}, *attempt.plan[1:]]
    db.session.commit()
    post(client, attempt, 0, {"answer": ["I would trade, not concede."]}, go="stay")
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    review = db.session.scalar(select(ReviewRequest).where(ReviewRequest.person_id == person.id))
    assert review is not None and review.response == "I would trade, not concede."
    assert fresh(attempt).responses[0].points is None


def test_a_manager_gives_their_team_member_extra_time(client, make_user, login):
    manager = make_user("manager")
    team = Team(name="Floor", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    member, stranger = make_user(team_id=team.id), make_user()
    login(manager)
    assert member.name in client.get("/quizzes/accommodations").get_data(as_text=True)
    client.post("/quizzes/accommodations", data={"person": member.id, "factor": "1.5"})
    refused = client.post("/quizzes/accommodations", data={"person": stranger.id, "factor": "2.0"})
    assert refused.status_code == 404
    assert (
        client.post(
            "/quizzes/accommodations", data={"person": member.id, "factor": "9"}
        ).status_code
        == 400
    )
    db.session.expire_all()
    assert member.time_factor == 1.5 and stranger.time_factor == 1.0


def test_moving_on_from_a_checked_practice_answer_goes_to_the_next_question(
    client, make_user, login
):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    post(client, attempt, 0, right_fields(item_at(attempt, 0), order_at(attempt, 0)), go="check")
    moved = client.post(
        f"/quizzes/attempts/{attempt.id}", data={"positions": "0", "go": "next"}
    )  # a checked question's inputs are disabled, so nothing of it is posted
    assert moved.headers["Location"].endswith("?n=2")
    assert fresh(attempt).responses[0].points == 1
