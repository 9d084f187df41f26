"""Draws: which items a draw may pick, and which groups of draws cannot all be filled."""

from __future__ import annotations

from trainer.assessments.draws import Draw, can_draw, candidates, shortfalls


def test_draw_picks_live_items_of_its_competency_levels_and_type(items):
    draw = Draw(count=1, competency="negotiating", min_level=2, max_level=3, type="single")
    assert [item.key for item in candidates(draw, items.values())] == ["neg-single-01"]
    assert not can_draw(draw, items["neg-single-02"])  # retired
    assert not can_draw(draw, items["neg-sjt-01"])  # level 4 and another type


def test_candidates_leave_out_excluded_keys(items):
    draw = Draw(count=1, competency="negotiating", max_level=2, type="single")
    assert candidates(draw, items.values(), frozenset({"neg-single-01"})) == []


def test_no_shortfall_when_every_draw_fits(items):
    draws = [Draw(count=2, competency="negotiating"), Draw(count=1, competency="value-selling")]
    assert shortfalls(draws, list(items.values())) == []


def test_shortfall_names_the_smallest_failing_group(items):
    draws = [
        Draw(count=9, competency="negotiating"),  # 8 live items
        Draw(count=1, competency="negotiating", type="sjt"),
    ]
    assert shortfalls(draws, list(items.values())) == [((0,), 9, 8)]


def test_shortfall_of_draws_that_compete_for_one_item(items):
    draws = [
        Draw(count=1, competency="value-selling"),
        Draw(count=1, competency="negotiating", type="multiple"),
    ]
    assert shortfalls(draws, list(items.values())) == [((0, 1), 2, 1)]
