"""What a call page may show: assessment mode never shows feedback, evidence or the best choice."""

from __future__ import annotations

import dataclasses

import pytest

from trainer.scenarios.engine import best_path, replay, start
from trainer.scenarios.page import OptionView, visible_step
from trainer.scenarios.state import Move, ScenarioError


def secrets(scenario) -> list[str]:
    """Every feedback text of the scenario: none may show in assessment mode."""
    return [c.feedback for step in scenario.steps.values() for c in getattr(step, "choices", [])]


def test_options_carry_only_number_and_text(scenario):
    assert [f.name for f in dataclasses.fields(OptionView)] == ["index", "text"]
    view = visible_step(scenario, start(scenario), "assessment")
    assert [o.index for o in view.options] == [0, 1, 2]
    assert view.options[0].text.startswith("Yes. Which printer")
    assert (view.kind, view.prompt, view.turn) == ("choice", "How do you respond?", 0)


@pytest.mark.parametrize("moves", [[], [Move("first-response", choice=1)], "best"])
def test_assessment_view_never_contains_feedback_or_evidence(scenario, moves):
    state = best_path(scenario) if moves == "best" else replay(scenario, moves)
    view = visible_step(scenario, state, "assessment")
    shown = repr(view)
    assert not [text for text in secrets(scenario) if text in shown]
    assert "evidence" not in shown and "best" not in shown and "weight" not in shown
    assert all(turn.speaker != "coach" for turn in view.transcript)
    assert (view.stats, view.coaching, view.can_retry) == (None, (), False)


def test_practice_view_coaches_the_last_decision(scenario):
    state = replay(scenario, [Move("first-response", choice=1)])
    view = visible_step(scenario, state, "practice")
    assert view.coaching == (secrets(scenario)[1],)
    assert view.can_retry and view.stats.rapport == 20
    assert any(turn.speaker == "coach" for turn in view.transcript)
    assert secrets(scenario)[0] not in repr(view)  # nor the choices not made


def test_free_step_shows_no_behaviours(scenario):
    view = visible_step(scenario, replay(scenario, [Move("first-response", choice=0)]), "practice")
    assert (view.kind, view.options) == ("free", ())
    assert "how many" not in repr(view).lower()


def test_ending_view_and_clock(scenario):
    view = visible_step(scenario, best_path(scenario), "assessment")
    assert (view.kind, view.ended, view.outcome) == ("ending", True, "won")
    assert (view.ending_title, view.progress) == ("Order and a service trial", 1.0)
    assert view.minutes_left == 10 - 1 - 2 - 2


def test_unknown_mode_is_refused(scenario):
    with pytest.raises(ScenarioError, match="unknown mode 'review'"):
        visible_step(scenario, start(scenario), "review")
