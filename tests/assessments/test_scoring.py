"""Scoring: points, right or wrong, and feedback for every type; malformed responses refused."""

from __future__ import annotations

import math

import pytest

from trainer.assessments.items import ITEM_MODELS
from trainer.assessments.scoring import Score, score
from trainer.assessments.types import ITEM_TYPES
from trainer.assessments.types.numeric import NumericItem
from trainer.assessments.types.short_text import normalise


def test_every_item_type_has_a_scorer():
    assert set(ITEM_TYPES) == set(ITEM_MODELS)
    assert all(callable(kind.score) for kind in ITEM_TYPES.values())


def test_single_scores_the_key(items):
    item = items["neg-single-01"]
    assert score(item, 0) == Score(1.0, True, [item.options[0].feedback])
    assert score(item, 2) == Score(0.0, False, [item.options[2].feedback])


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        (3, "option 3 does not exist"),
        (-1, "option -1 does not exist"),
        ("0", "not str"),
        (True, "not bool"),
        (None, "not NoneType"),
    ],
)
def test_single_refuses_malformed_responses(items, response, problem):
    with pytest.raises(ValueError, match=problem):
        score(items["neg-single-01"], response)


@pytest.mark.parametrize(
    ("chosen", "points", "correct"),
    [
        ({0, 1}, 1.0, True),
        ({0}, 0.5, False),
        ({0, 1, 2}, 0.5, False),
        ({0, 2}, 0.0, False),
        ({0, 2, 3}, 0.0, False),  # floored at 0, not -0.5
        (set(), 0.0, False),
        ([1, 0], 1.0, True),
        ((0,), 0.5, False),
        (frozenset({1}), 0.5, False),
    ],
)
def test_multiple_gives_partial_credit(items, chosen, points, correct):
    result = score(items["neg-multiple-01"], chosen)
    assert (result.points, result.correct) == (points, correct)


def test_multiple_feedback_covers_picks_and_missed_keys(items):
    item = items["neg-multiple-01"]
    assert score(item, {0, 2}).feedback == [o.feedback for o in item.options[:3]]
    assert score(item, set()).feedback == [o.feedback for o in item.options[:2]]


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ([0, 0], "option 0 is given more than once"),
        ({4}, "option 4 does not exist"),
        (0, "expected a list of option indices, not int"),
        ("01", "not str"),
    ],
)
def test_multiple_refuses_malformed_responses(items, response, problem):
    with pytest.raises(ValueError, match=problem):
        score(items["neg-multiple-01"], response)


def test_true_false_scores_the_answer_with_its_feedback(items):
    item = items["neg-true-false-01"]
    assert score(item, True) == Score(1.0, True, [item.feedback_true])
    assert score(item, False) == Score(0.0, False, [item.feedback_false])


def test_true_false_refuses_anything_but_a_bool(items):
    for response in (1, "true", None):
        with pytest.raises(ValueError, match="expected true or false"):
            score(items["neg-true-false-01"], response)


@pytest.mark.parametrize(
    ("order", "points"),
    [
        ([0, 1, 2, 3], 1.0),
        ([3, 2, 1, 0], 0.0),
        ([1, 2, 3, 0], 2 / 3),  # first entry moved last: two pairs still follow each other
        ([0, 2, 1, 3], 0.0),  # in ascending pairs, but no neighbour of the key follows its own
        ([2, 3, 0, 1], 2 / 3),
        ([0, 1, 3, 2], 1 / 3),
    ],
)
def test_ordering_counts_neighbours_that_follow_each_other_in_the_key(items, order, points):
    result = score(items["neg-ordering-01"], order)
    assert result.points == pytest.approx(points)
    assert result.correct is (points == 1.0)


def test_ordering_feedback_covers_entries_out_of_place(items):
    item = items["neg-ordering-01"]
    assert score(item, [0, 1, 3, 2]).feedback == [
        item.sequence[2].feedback,
        item.sequence[3].feedback,
    ]
    assert score(item, (0, 1, 2, 3)).feedback == []


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ([0, 1, 2], "expected all 4 entries in order, not 3"),
        ([0, 1, 1, 2], "entry 1 is given"),
        ([0, 1, 2, 4], "entry 4 does not exist"),
        ({0: 1}, "not dict"),
    ],
)
def test_ordering_refuses_malformed_responses(items, response, problem):
    with pytest.raises(ValueError, match=problem):
        score(items["neg-ordering-01"], response)


def test_matching_scores_the_share_of_prompts_matched(items):
    item = items["neg-matching-01"]
    assert score(item, {0: 0, 1: 1, 2: 2}) == Score(1.0, True, [])
    result = score(item, {0: 1, 1: 0, 2: 2})
    assert (result.points, result.correct) == (pytest.approx(1 / 3), False)
    assert result.feedback == [item.pairs[0].feedback, item.pairs[1].feedback]


def test_matching_counts_unanswered_prompts_as_wrong(items):
    item = items["neg-matching-01"]
    result = score(item, {2: 2})
    assert result.points == pytest.approx(1 / 3)
    assert score(item, {}) == Score(0.0, False, [pair.feedback for pair in item.pairs])


def test_matching_may_give_one_match_to_two_prompts(items):
    assert score(items["neg-matching-01"], {0: 0, 1: 0, 2: 2}).points == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ({3: 0}, "prompt 3 does not exist"),
        ({0: 5}, "match 5 does not exist"),
        ({"0": 0}, "prompt must be an index"),
        ([0, 1, 2], "expected {prompt index: match index}"),
    ],
)
def test_matching_refuses_malformed_responses(items, response, problem):
    with pytest.raises(ValueError, match=problem):
        score(items["neg-matching-01"], response)


@pytest.mark.parametrize("response", [12960, 12960.0, 12961, 12959, 12960.999])
def test_numeric_is_right_within_the_tolerance(items, response):
    item = items["neg-numeric-01"]
    assert score(item, response) == Score(1.0, True, [item.feedback_correct])


def test_numeric_outside_the_tolerance_gives_the_common_error_feedback(items):
    item = items["neg-numeric-01"]
    assert score(item, 14400) == Score(0.0, False, [item.common_errors[0].feedback])
    assert score(item, 1080.5) == Score(0.0, False, [item.common_errors[1].feedback])
    assert score(item, 12962) == Score(0.0, False, [])


def test_numeric_tolerance_forgives_float_rounding():
    item = NumericItem(
        key="n",
        type="numeric",
        level=1,
        competencies=["negotiating"],
        stem="S",
        explanation="E",
        answer=0.3,
        tolerance=0.1,
        feedback_correct="Yes",
    )
    assert score(item, 0.4).correct
    assert score(item, 0.2).correct
    assert not score(item, 0.41).correct
    exact = item.model_copy(update={"tolerance": 0.0})
    assert score(exact, 0.1 + 0.2).correct


def test_numeric_nearest_common_error_wins():
    item = NumericItem.model_validate(
        {
            "key": "n",
            "type": "numeric",
            "level": 1,
            "competencies": ["negotiating"],
            "stem": "S",
            "explanation": "E",
            "answer": 100,
            "tolerance": 5,
            "feedback_correct": "Yes",
            "common_errors": [
                {"value": 120, "feedback": "far"},
                {"value": 114, "feedback": "near"},
            ],
        }
    )
    assert score(item, 116).feedback == ["near"]


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ("12960", "expected a number, not str"),
        (True, "not bool"),
        (math.nan, "finite"),
        (math.inf, "finite"),
    ],
)
def test_numeric_refuses_malformed_responses(items, response, problem):
    with pytest.raises(ValueError, match=problem):
        score(items["neg-numeric-01"], response)


@pytest.mark.parametrize(
    ("ratings", "points"),
    [
        ([4, 1, 3, 2], 1.0),  # the key itself
        ((4, 1, 3, 2), 1.0),
        ([3, 1, 2, 2], 5 / 6),  # ordered as the key except one pair tied: no credit for it
        ([3, 2, 2, 1], (4 - 1) / 6),  # four pairs in the key's order, one against, one tied
        ([1, 4, 2, 3], 0.0),  # the key's order reversed is worse than chance: nothing
        ([2, 2, 2, 2], 0.0),  # flat: no ranking at all
        ([4, 4, 4, 4], 0.0),
    ],
)
def test_sjt_scores_agreement_with_the_keys_ranking_beyond_chance(items, ratings, points):
    result = score(items["neg-sjt-01"], ratings)
    assert result.points == pytest.approx(points)
    assert result.correct is (points == 1.0)


def test_sjt_ratings_in_the_keys_order_but_off_by_a_level_still_rank_right(items):
    result = score(items["neg-sjt-01"], [4, 2, 4, 3])  # (4 > 2, 4 > 3 > 2) but 4 = 4 tied
    assert result.points == pytest.approx(5 / 6) and not result.correct


def test_sjt_feedback_gives_the_reason_of_each_rating_off_the_key(items):
    item = items["neg-sjt-01"]
    assert score(item, [3, 1, 3, 4]).feedback == [
        item.responses[0].reason,
        item.responses[3].reason,
    ]


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ([4, 1, 3], "expected a list of 4 ratings"),
        ([4, 1, 3, 5], "not 5"),
        ([4, 1, 3, 0], "not 0"),
        ([4, 1, 3, True], "not True"),
        ([4, 1, 3, 2.5], "not 2.5"),
        ("4132", "expected a list"),
    ],
)
def test_sjt_refuses_malformed_responses(items, response, problem):
    with pytest.raises(ValueError, match=problem):
        score(items["neg-sjt-01"], response)


@pytest.mark.parametrize("response", ["BATNA", "batna", "  Batna \n", "BATNA"])
def test_short_text_ignores_case_and_spacing(items, response):
    item = items["neg-short-text-01"]
    assert score(item, response) == Score(1.0, True, [item.feedback_correct])


def test_short_text_spacing_inside_the_answer_is_collapsed_not_removed():
    assert normalise("  Walk   away\tpoint ") == normalise("walk away point")
    assert normalise("walkaway point") != normalise("walk away point")


def test_short_text_wrong_answer_gets_the_incorrect_feedback(items):
    item = items["neg-short-text-01"]
    assert score(item, "BATNA!") == Score(0.0, False, [item.feedback_incorrect])
    assert score(item, "") == Score(0.0, False, [item.feedback_incorrect])


def test_essay_waits_for_a_manager(items):
    assert score(items["neg-essay-01"], "My plan: ...") == Score(0.0, None, [])


@pytest.mark.parametrize("key", ["neg-short-text-01", "neg-essay-01"])
def test_text_types_refuse_anything_but_text(items, key):
    with pytest.raises(ValueError, match="expected text, not list"):
        score(items[key], ["BATNA"])
