"""The level rule against the histories that gamed the old one (issue 9), as ledger records."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.competencies.history import NOW, attempt, call, rating
from trainer.competencies import beta
from trainer.competencies.estimate import estimate_all
from trainer.competencies.observe import first_tries, recency
from trainer.competencies.readiness import Requirement, readiness

NEG = "negotiation"


def level_of(records, when=NOW):
    return estimate_all(records, when).get(NEG)


def status_of(records, required=2):
    result = readiness([Requirement(NEG, required, 1)], {NEG: level_of(records)}, 70)
    return result.rows[0]


def test_beta_cdf_matches_closed_forms():
    assert beta.cdf(0.7, 3, 1) == pytest.approx(0.7**3)
    assert beta.cdf(0.3, 2, 5) == pytest.approx(0.579825)
    assert beta.cdf(beta.quantile(0.1, 5, 2), 5, 2) == pytest.approx(0.1, abs=1e-9)
    with pytest.raises(ValueError):
        beta.cdf(0.5, 0, 1)


def test_farmed_practice_and_failed_hard_items_stay_below_level_3():
    history = []
    for sitting in range(5):  # the same practice quiz five times: wrong first, then right
        first = 0 if sitting == 0 else 1
        answers = [(1, first), (2, first), (1, first), (2, first)]
        history += attempt(NEG, answers, mode="practice", days_ago=10 - sitting)
    history += attempt(NEG, [(1, 1), (2, 1), (3, 0), (3, 0), (4, 0), (4, 0)])
    estimate = level_of(history)
    assert estimate.level is None or estimate.level < 3
    # only each practice item's first try counted: the four wrong answers of sitting one
    practice = [r for r in first_tries(history) if r.mode == "practice"]
    assert len(practice) == 4 and all(r.score == 0 for r in practice)


def test_practice_item_counts_again_after_the_period():
    early = attempt(NEG, [(1, 0)], mode="practice", days_ago=40)
    late = attempt(NEG, [(1, 1)], mode="practice", days_ago=1)
    again = attempt(NEG, [(1, 1)], mode="practice", days_ago=2)
    kept = first_tries(early + again + late)
    assert [r.score for r in kept] == [0, 1]


def test_a_low_manager_rating_caps_the_level():
    history = rating(NEG, 1)
    for _ in range(3):
        history += attempt(NEG, [(2, 1), (2, 1), (3, 1)])
    estimate = level_of(history)
    assert estimate.level == 1
    # the rating is mastery at 1 and non-mastery at 2, never a score at level 2 or above
    assert estimate.checks[1].units_short == 1


def test_a_manager_rating_alone_attains_its_level_not_more():
    estimate = level_of(rating(NEG, 3))
    assert estimate.level == 3 and estimate.checks[3].state == "unknown"


def test_self_ratings_alone_give_not_enough_evidence():
    history = [r for _ in range(30) for r in rating(NEG, 4, kind="self")]
    estimate = level_of(history)
    assert estimate.level is None and estimate.confidence_label == "none"
    assert estimate.self_level == 4
    assert status_of(history).status == "not_assessed"


def test_self_ratings_never_raise_a_tested_level():
    tested = attempt(NEG, [(1, 1), (1, 1), (2, 0), (2, 1)])
    selves = [r for _ in range(10) for r in rating(NEG, 4, kind="self")]
    assert level_of(tested + selves).level == level_of(tested).level


GOOD_CALL = [(1, 1, 2), (2, 1, 2), (2, 1, 3), (3, 1, 2), (3, 1, 3)]


@pytest.mark.parametrize("bad", range(len(GOOD_CALL)))
def test_one_bad_choice_in_a_good_call_moves_the_level_by_at_most_one(bad):
    before = rating(NEG, 2) + call(NEG, GOOD_CALL)
    level = level_of(before).level
    spoiled = [(lv, 0 if i == bad else s, w) for i, (lv, s, w) in enumerate(GOOD_CALL)]
    after = level_of(rating(NEG, 2) + call(NEG, spoiled)).level
    assert level is not None
    assert after is None or abs(level - after) <= 1


def test_one_call_is_one_observation_whatever_its_decisions():
    ten = call(NEG, [(2, 1, 1)] * 10)
    two = call(NEG, [(2, 1, 1)] * 2)
    assert level_of(ten).checks[1].weight == pytest.approx(level_of(two).checks[1].weight)
    assert level_of(ten).checks[1].units == 1


def test_one_heavy_decision_is_capped_within_its_call():
    history = call(NEG, [(1, 0, 3), (1, 1, 1), (1, 1, 1)])
    check = level_of(history).checks[0]
    assert check.mean == pytest.approx(0.5)  # capped at 2 against 1 + 1, not 3 against 2


def test_two_right_level_1_answers_never_show_a_gap_nor_level_2():
    for history in (
        attempt(NEG, [(1, 1), (1, 1)]),
        attempt(NEG, [(1, 1)]) + attempt(NEG, [(1, 1)]),
        attempt(NEG, [(1, 1), (1, 1)], mode="screening"),
    ):
        estimate = level_of(history)
        assert estimate.level in (None, 1)
        assert status_of(history).status == "not_assessed"
        assert status_of(history, required=3).gap is None


def test_one_miss_never_becomes_a_gap():
    history = attempt(NEG, [(1, 1), (1, 1), (2, 0), (2, 0)], mode="screening")
    estimate = level_of(history)
    assert estimate.level == 1 and estimate.checks[1].state == "unknown"
    assert status_of(history).status == "not_assessed"
    assert estimate.band[0] == 1 and estimate.band[1] >= 1


def test_two_independent_misses_make_a_gap():
    history = attempt(NEG, [(1, 1), (1, 1), (2, 0), (2, 0)])
    history += attempt(NEG, [(1, 1), (2, 0), (2, 0)])
    row = status_of(history, required=3)
    assert row.attained == 1 and row.status == "gap" and row.gap == 2


def test_level_0_needs_two_sources_and_one_call_never_gives_it():
    one = call(NEG, [(1, 0, 3), (1, 0, 3), (1, 0, 2)])
    assert level_of(one).level is None
    two = one + attempt(NEG, [(1, 0), (1, 0)])
    assert level_of(two).level == 0 and status_of(two).status == "gap"


def test_easy_answers_never_prove_a_hard_level():
    history = [r for _ in range(6) for r in attempt(NEG, [(1, 1), (1, 1), (2, 1)])]
    assert level_of(history).level == 2
    assert level_of(history).checks[2].weight == 0


def test_success_above_counts_for_a_lower_level_failure_above_does_not():
    history = attempt(NEG, [(3, 1), (3, 1)]) + attempt(NEG, [(4, 0), (4, 0)])
    checks = level_of(history).checks
    assert checks[0].success == checks[0].weight == pytest.approx(2)
    assert checks[2].weight == pytest.approx(2) and checks[3].success == 0


def test_confidence_counts_margin_and_consistency_not_only_volume():
    perfect = [r for _ in range(3) for r in attempt(NEG, [(1, 1), (1, 1)])]
    shaky = [r for _ in range(3) for r in attempt(NEG, [(1, 1), (1, 1), (1, 1), (1, 0)])]
    assert level_of(perfect).level == level_of(shaky).level == 1
    assert level_of(perfect).confidence > level_of(shaky).confidence
    assert "(" in level_of(perfect).confidence_text


def test_recency_decays_smoothly_with_no_cliff():
    day = timedelta(days=1)
    assert recency(NOW - 89 * day, NOW) == pytest.approx(recency(NOW - 91 * day, NOW), rel=0.02)
    assert recency(NOW - 120 * day, NOW) == pytest.approx(0.5)
    history = rating(NEG, 2, days_ago=30) + attempt(NEG, [(2, 1), (2, 1)], days_ago=60)
    today, later = level_of(history), level_of(history, NOW + 2 * day)
    assert today.level == later.level == 2
    assert later.checks[1].p_mastery == pytest.approx(today.checks[1].p_mastery, abs=0.02)
