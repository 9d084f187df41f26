"""Input PostgreSQL or Python would choke on is handled in one place, the same on both databases:
NUL and control characters, NaN and infinity, unicode and huge digit strings, ids past 2**31."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.assessments.test_taking import begin, fresh, item_at, post
from tests.scenarios.test_views import begin as begin_call
from tests.scenarios.test_views import bundled_call, post_move
from tests.scenarios.test_views import fresh as fresh_run
from trainer.auth.models import User
from trainer.db import db
from trainer.inputs import MAX_ID, BoundedInt, clean_text, parse_index, parse_number
from trainer.scenarios import store
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.views import MAX_CALL_TEXT

HOSTILE_NUMBERS = ["nan", "NaN", "inf", "-inf", "infinity", "1e309", "9" * 5000, "²", "١٢", "0x1A"]


@pytest.mark.parametrize("text", HOSTILE_NUMBERS)
def test_parse_number_refuses_what_is_not_a_finite_ascii_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text,value", [("12.5", 12.5), ("-3", -3.0), (".5", 0.5), ("1e3", 1000)])
def test_parse_number_reads_ordinary_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["²", "١", "-1", "1.0", "9" * 5000, "", str(MAX_ID + 1)])
def test_parse_index_takes_only_ascii_whole_numbers_in_range(text):
    with pytest.raises(ValueError):
        parse_index(text)


def test_clean_text_drops_nul_and_control_characters_but_keeps_lines():
    assert clean_text("a\x00b\x07c\td\r\ne") == "abc\td\r\ne"


def test_the_url_converter_stops_at_the_largest_database_id():
    assert BoundedInt.regex == r"[0-9]{1,10}"


@pytest.mark.parametrize("path", ["/quizzes/attempts/{}", "/calls/runs/{}", "/rubrics/people/{}"])
@pytest.mark.parametrize("number", [2**31, 2**63, 10**30])
def test_an_id_past_the_database_range_is_404(client, make_user, login, path, number):
    login(make_user("admin"))
    assert client.get(path.format(number)).status_code == 404


def test_a_nul_in_a_url_is_404(client, make_user, login):
    login(make_user())
    assert client.get("/quizzes/negotiation%00practice").status_code == 404


def _numeric_position(attempt) -> int:
    return next(p for p in range(len(attempt.responses)) if item_at(attempt, p).type == "numeric")


@pytest.mark.parametrize("answer", HOSTILE_NUMBERS)
def test_a_hostile_numeric_answer_is_asked_again_and_saves_nothing(
    client, make_user, login, answer
):
    login(make_user())
    attempt = begin(client, "value-selling-practice")
    position = _numeric_position(attempt)
    response = post(client, attempt, position, {"answer": [answer]}, go="stay")
    assert response.status_code in (303, 400)
    assert fresh(attempt).responses[position].answer is None
    assert post(client, attempt, position, {"answer": ["1250"]}, go="stay").status_code == 303
    assert fresh(attempt).responses[position].answer == 1250  # the attempt is not stuck


@pytest.mark.parametrize("choice", ["²", "١", "9" * 5000, "99999999999"])
def test_a_unicode_or_huge_choice_is_refused_not_a_crash(client, make_user, login, choice):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    assert post(client, attempt, 0, {"answer": [choice]}).status_code == 400
    assert fresh(attempt).responses[0].answer is None


def test_a_nul_in_an_admin_form_is_dropped_not_a_crash(client, make_user, login):
    login(make_user("admin"))
    data = {
        "name": "Nul\x00Person",
        "email": "nul@example.com",
        "role": "learner",
        "team": "0",
        "profile": "",
        "password": "a-long-passphrase",
    }
    assert client.post("/admin/people/", data=data).status_code == 302
    assert (
        db.session.scalar(select(User.name).where(User.email == "nul@example.com")) == "NulPerson"
    )


def _free_step(client, run):
    """Play best moves up to the first free-text step; return the run there."""
    from trainer.scenarios.engine import best_move

    scenario = scenario_of(run.content_version)
    while (run := fresh_run(run)).finished is False:
        state = store.state_of(run)
        if scenario.steps[state.step].kind == "free":
            return run, state
        assert post_move(client, run, best_move(scenario, state)).status_code == 303
    pytest.fail("the call ended before a free-text step")


def test_call_free_text_with_a_nul_is_saved_and_the_call_goes_on(client, make_user, login):
    login(make_user())
    call = bundled_call(with_free_response=True)
    run, state = _free_step(client, begin_call(client, call.key, "assessment"))
    data = {"step": state.step, "turn": state.turn, "text": "We can \x00start on Tuesday."}
    assert client.post(f"/calls/runs/{run.id}/move", data=data).status_code == 303
    run = fresh_run(run)
    assert store.state_of(run).turn == state.turn + 1
    assert "We can start on Tuesday." in [move.get("text") for move in run.moves]


def test_call_free_text_over_the_limit_is_refused_and_shown_again(client, make_user, login):
    login(make_user())
    run, state = _free_step(client, begin_call(client, bundled_call(with_free_response=True).key))
    said = "word " * (MAX_CALL_TEXT // 5 + 1)
    data = {"step": state.step, "turn": state.turn, "text": said}
    response = client.post(f"/calls/runs/{run.id}/move", data=data)
    assert response.status_code == 400
    assert f"under {MAX_CALL_TEXT} characters" in response.get_data(as_text=True)
    assert said.strip() in response.get_data(as_text=True)  # what they wrote is not lost
    assert store.state_of(fresh_run(run)).turn == state.turn
