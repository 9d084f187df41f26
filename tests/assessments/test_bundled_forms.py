"""Every bundled form taken end to end through the site, in its mode: the list and start pages,
every question page, a practice check, every strongest answer saved, the review, one submit
and the result the mode allows. tests/browser/test_quizzes.py takes a covering few in Chromium.
"""

from __future__ import annotations

import pytest
from markupsafe import escape

from tests.assessments.answering import right_fields
from tests.assessments.test_taking import answer_all, begin, fresh, item_at, order_at, post
from trainer.kinds import read_pack

FORMS = sorted(read_pack().records_of("form").values(), key=lambda form: form.key)


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.key)
def test_each_bundled_form_is_taken_end_to_end(client, make_user, login, form):
    login(make_user())
    title = str(escape(form.title))
    assert title in text_of(client, "/quizzes/")
    assert title in text_of(client, f"/quizzes/{form.key}")
    attempt = begin(client, form.key)
    url = f"/quizzes/attempts/{attempt.id}"
    total = len(attempt.responses)
    pages = [f"{url}?n={n}" for n in range(1, total + 1)] if form.one_per_page else [url]
    shown = sum(main_of(text_of(client, page)).count('<fieldset class="question') for page in pages)
    assert shown == total

    if form.mode == "practice":  # the first answer checked: its feedback, on the same page
        first = right_fields(item_at(attempt, 0), order_at(attempt, 0))
        assert post(client, attempt, 0, first, go="check").status_code == 303
        assert 'class="feedback' in main_of(text_of(client, pages[0]))
    answer_all(client, attempt)
    assert all(response.answer is not None for response in fresh(attempt).responses)

    review = text_of(client, f"{url}/review")
    assert "Review your answers" in review and f"Submit {title}" in review
    assert client.post(f"{url}/submit").status_code == 303
    assert client.post(f"{url}/submit").status_code == 303  # a double click counts once
    attempt = fresh(attempt)
    scored = [r for r in attempt.responses if r.points is not None]
    assert attempt.submitted and attempt.points == attempt.max_points
    assert {r.item_key for r in attempt.responses if r.points is None} == {
        r.item_key for r in attempt.responses if item_at(attempt, r.position).type == "essay"
    }  # only essays wait for a manager's rating
    assert scored and all(r.correct for r in scored)

    result = main_of(text_of(client, f"{url}/result"))
    if form.mode == "screening":
        assert "Thank you" in result and "%" not in result and 'class="feedback' not in result
    elif form.mode == "practice":
        assert "By competency" in result and "100%" in result and 'class="feedback' in result
    elif form.attempts_allowed is None:  # never the last attempt: the keys stay private
        assert "By competency" in result and 'class="feedback' not in result
        assert "You may take this form again" in result
    else:
        assert "By competency" in result and "100%" in result
        assert 'class="feedback' in result or "more attempt" in result
