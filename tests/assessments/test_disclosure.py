"""Keys of items that can be drawn again stay private until the taker's final attempt."""

from __future__ import annotations

from datetime import date

import pytest
from markupsafe import escape

from tests.assessments.answering import wrong_fields
from tests.assessments.test_taking import answer_all, begin, fresh, item_at
from trainer.assessments.delivery import describe_key
from trainer.assessments.disclosure import disclosure
from trainer.auth.models import Team
from trainer.db import db

TODAY = date(2026, 12, 2)


def rule(mode="assessment", allowed=2, used=1, still_open=False, review_after=None, taker=True):
    return disclosure(
        mode,
        allowed=allowed,
        used=used,
        still_open=still_open,
        review_after=review_after,
        today=TODAY,
        taker=taker,
    )


@pytest.mark.parametrize(
    ("case", "shown"),
    [
        ({}, False),  # one attempt of two left
        ({"used": 2}, True),  # the last one is submitted
        ({"used": 2, "still_open": True}, False),  # the last one is under way
        ({"allowed": None, "used": 9}, False),  # unlimited: never the last
        ({"allowed": 1}, True),
        ({"review_after": date(2026, 12, 2)}, True),  # from the review date
        ({"review_after": date(2026, 12, 3)}, False),
        ({"mode": "practice", "allowed": None}, True),  # practice keeps full feedback
        ({"mode": "screening", "allowed": 1}, False),  # drawn for other candidates
        ({"mode": "screening", "review_after": date(2026, 1, 1)}, True),
        ({"taker": False}, True),  # staff reading someone's result
    ],
)
def test_keys_are_shown_only_after_the_final_attempt_or_the_review_date(case, shown):
    assert rule(**case).keys is shown
    assert (rule(**case).reason == "") is shown


def test_the_reason_says_what_opens_the_keys():
    assert "1 more attempt at this form" in rule().reason
    assert "2 more attempts" in rule(allowed=3).reason
    assert "shown from 03 December 2026" in rule(review_after=date(2026, 12, 3)).reason


def keys_on(page: str, attempt) -> list[str]:
    keys = [describe_key(item_at(attempt, p)) for p in range(len(attempt.responses))]
    return [key for key in keys if str(escape(key)) in page]


def sit(client, key: str, fields_for=wrong_fields):
    attempt = begin(client, key)
    answer_all(client, attempt, fields_for)
    assert client.post(f"/quizzes/attempts/{attempt.id}/submit").status_code == 303
    return fresh(attempt), client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(
        as_text=True
    )


def test_an_assessment_result_hides_keys_until_the_last_attempt(client, make_user, login):
    login(make_user())
    first, page = sit(client, "negotiation-assessment")
    assert "Strongest answer" not in page and keys_on(page, first) == []
    assert "By competency" in page and "1 more attempt" in page
    assert f"{first.percent}%" in page
    second, page = sit(client, "negotiation-assessment")
    assert keys_on(page, second) and "1 more attempt" not in page
    # The retake drew the items the first did not show, wherever the pool allowed.
    assert not {r.item_key for r in first.responses} & {r.item_key for r in second.responses}
    # Now the first attempt's keys are open too: no attempt is left to use them on.
    first_page = client.get(f"/quizzes/attempts/{first.id}/result").get_data(as_text=True)
    assert keys_on(first_page, first)


def test_a_manager_sees_the_keys_of_a_team_members_open_form(client, make_user, login):
    learner = login(make_user())
    attempt, page = sit(client, "negotiation-assessment")
    assert keys_on(page, attempt) == []
    client.post("/logout")
    manager = login(make_user("manager"))
    team = Team(name="Readers", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    learner.team_id = team.id
    db.session.commit()
    page = client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)
    assert keys_on(page, attempt)


def test_saving_with_javascript_sends_no_key(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-assessment")
    for position in range(len(attempt.responses)):
        item = item_at(attempt, position)
        fields = wrong_fields(item, attempt.plan[position]["order"])
        data = {f"q{position}-{k}": v for k, v in fields.items()}
        response = client.post(
            f"/quizzes/attempts/{attempt.id}",
            data={**data, "positions": str(position), "go": "check"},  # check: practice only
            headers={"X-Requested-With": "fetch"},
        )
        assert response.is_json and set(response.json) == {"saved", "problems"}
        text = response.get_data(as_text=True)
        assert describe_key(item) not in text and "explanation" not in text
    assert all(not r.checked and r.points is None for r in fresh(attempt).responses)
