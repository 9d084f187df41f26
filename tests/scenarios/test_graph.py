"""Graph helpers: successors, loops and the decisions-left estimate behind the progress bar."""

from __future__ import annotations

from trainer.scenarios.graph import loops, reach, remaining_decisions, successors


def test_successors_cover_every_exit(scenario):
    assert successors(scenario.steps["check"]) == ["end-cut-short", "propose", "clarify"]
    assert successors(scenario.steps["first-response"]) == ["discover"] * 3
    assert successors(scenario.steps["end-won"]) == []


def test_loops_are_found_in_file_order(scenario):
    assert loops(scenario.steps) == [["clarify"]]


def test_every_step_is_reachable_from_start(scenario):
    assert reach(scenario.steps, [scenario.start]) == set(scenario.steps) - {"end-out-of-time"}


def test_remaining_decisions_is_the_longest_way_to_an_ending(scenario):
    left = remaining_decisions(scenario.steps)
    assert (left["opening"], left["discover"], left["clarify"], left["propose"]) == (4, 3, 2, 1)
    assert left["end-won"] == 0
