"""GIFT graded as Moodle grades it: weights, partial credit, the short forms Moodle accepts.

Each case reads a small file written here from Moodle's GIFT documentation and checks the score
a taker would get through our item types, not only that the import succeeded.
"""

from __future__ import annotations

import pytest

from trainer.assessments.importers.gift_read import parse_gift
from trainer.assessments.items import ITEM_MODELS
from trainer.assessments.scoring import score as score_response


def item_of(text: str):
    items, problems = parse_gift(text, "bank.gift", "negotiating", 2)
    assert [str(p) for p in problems] == []
    assert len(items) == 1
    data = items[0]
    return ITEM_MODELS[data["type"]].model_validate(data)


def points(item, response) -> float:
    return round(score_response(item, response).points, 6)


def test_multiple_answer_penalties_are_the_files_own():
    """`%-100%` costs the whole mark and `%0%` nothing, as in Moodle (was -33% and -50%)."""
    item = item_of("Which close the gap? {~%50%Ask ~%50%Confirm ~%-100%Discount ~%0%Wait}")
    assert item.type == "multiple"
    assert [o.weight for o in item.options] == [0.5, 0.5, -1.0, 0.0]
    assert points(item, [0, 1]) == 1.0
    assert points(item, [0, 1, 3]) == 1.0  # a 0% option costs nothing
    assert points(item, [0, 1, 2]) == 0.0  # -100% wipes the marks out, never below 0
    assert points(item, [0]) == 0.5


def test_equal_shares_and_equal_penalties_are_our_own_rule_and_stay_unweighted():
    item = item_of("Which? {~%50%a ~%50%b ~%-50%c ~%-50%d}")
    assert all(o.weight is None for o in item.options)
    assert points(item, [0, 2]) == 0.0
    assert points(item, [0]) == 0.5


def test_uneven_shares_keep_their_weights():
    item = item_of("Which? {~%70%a ~%30%b ~c ~d}")
    assert [o.weight for o in item.options] == [0.7, 0.3, 0.0, 0.0]
    assert points(item, [1]) == 0.3


def test_single_choice_with_partial_credit_options():
    item = item_of(
        "Best next step? {=Ask what changed ~%50%Recap the value ~Discount ~%-25%Hang up}"
    )
    assert item.type == "single"
    assert [points(item, i) for i in range(4)] == [1.0, 0.5, 0.0, 0.0]
    assert [o.correct for o in item.options] == [True, False, False, False]


def test_numeric_partial_credit_and_its_own_tolerance():
    item = item_of("Seats times price? {#=1200:10 =%50%120:5#A zero short. ~#Multiply again.}")
    assert points(item, 1205) == 1.0
    assert points(item, 124) == 0.5
    assert points(item, 126) == 0.0
    assert score_response(item, 126).feedback == ["Multiply again."]
    assert score_response(item, 118).feedback == ["A zero short."]


def test_feedback_for_any_other_numeric_answer():
    item = item_of("Two plus one? {#3:2 ~#Completely wrong}")
    assert (item.answer, item.tolerance) == (3.0, 2.0)
    assert item.common_errors == []
    assert score_response(item, 9).feedback == ["Completely wrong"]


def test_a_percent_sign_that_is_not_a_weight_is_answer_text():
    item = item_of("Who decides? {=%customer% ~%vendor ~the 10% club}")
    assert [o.text for o in item.options] == ["%customer%", "%vendor", "the 10% club"]


@pytest.mark.parametrize("text", ["Say it: {One}", "Say it:\n{\n  One\n}"])
def test_the_short_form_is_a_short_answer(text):
    item = item_of(text)
    assert (item.type, item.accepted) == ("short_text", ["One"])
    assert points(item, "one") == 1.0


def test_short_answer_partial_credit_and_wildcards():
    item = item_of("Acronym? {=BATNA =%50%best alt* #Nearly: the acronym. =%0%walk*#No.}")
    assert points(item, "batna") == 1.0
    assert points(item, "Best alternative") == 0.5
    assert score_response(item, "walk-away").feedback == ["No."]
    assert points(item, "zopa") == 0.0


def test_matching_extra_wrong_matches_are_shown_and_never_right():
    item = item_of(
        "Match. {=Open -> Earn the right =Probe -> Find the cost =Close -> Agree a step = -> Chat}"
    )
    assert item.distractors == ["Chat"]
    assert points(item, {0: 0, 1: 1, 2: 2}) == 1.0
    assert points(item, {0: 3, 1: 1, 2: 2}) == pytest.approx(2 / 3, abs=1e-6)


def test_a_description_is_shown_before_the_question_it_introduces():
    items, problems = parse_gift(
        "::Intro:: The next questions are about Acme's renewal.\n\nWho signs? {=Dana ~Lee ~Sam}",
        "bank.gift",
        "negotiating",
        2,
    )
    assert problems == []
    assert items[0]["stem"] == "The next questions are about Acme's renewal.\n\nWho signs?"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Which? {~%50%a ~%40%b ~c ~d}", "the positive weights add up to 90%, not 100%"),
        ("Pick. {~%100%a ~b ~c}", "with one correct option"),
        ("Which? {=a =b ~c ~d}", "2 answers earn 100%"),
    ],
)
def test_what_our_items_cannot_grade_as_moodle_does_is_refused(text, message):
    items, problems = parse_gift(text, "bank.gift", "negotiating", 2)
    assert items == [] and message in str(problems[0])
