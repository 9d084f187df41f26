"""What a call page may show: assessment mode never shows feedback, evidence or the best choice."""

from __future__ import annotations

import dataclasses

import pytest

from trainer.scenarios.engine import best_path, replay, start
from trainer.scenarios.page import OptionView, chosen_index, visible_step
from trainer.scenarios.state import Move, ScenarioError

SEED = 20261202


def secrets(scenario) -> list[str]:
    """Every feedback text of the scenario: none may show in assessment mode."""
    return [c.feedback for step in scenario.steps.values() for c in getattr(step, "choices", [])]


def test_options_carry_only_a_token_and_text(scenario):
    assert [f.name for f in dataclasses.fields(OptionView)] == ["token", "text"]
    view = visible_step(scenario, start(scenario), "assessment", SEED)
    step = scenario.steps["first-response"]
    assert sorted(o.text for o in view.options) == sorted(c.text for c in step.choices)
    assert all(o.token not in ("0", "1", "2") and len(o.token) == 16 for o in view.options)
    assert (view.kind, view.prompt, view.turn) == ("choice", "How do you respond?", 0)


def test_choices_are_shown_in_the_runs_order_the_same_on_every_reload(scenario):
    texts = [c.text for c in scenario.steps["first-response"].choices]
    orders = set()
    for seed in range(40):
        once = visible_step(scenario, start(scenario), "assessment", seed)
        again = visible_step(scenario, start(scenario), "assessment", seed)
        assert once.options == again.options
        orders.add(tuple(texts.index(o.text) for o in once.options))
    assert len(orders) == 6  # every order of three choices turns up; the file's is not favoured


def test_a_posted_token_names_its_choice_only_at_its_step_turn_and_run(scenario):
    view = visible_step(scenario, start(scenario), "assessment", SEED)
    step = scenario.steps["first-response"]
    for option in view.options:
        index = chosen_index(scenario, "first-response", 0, SEED, option.token)
        assert step.choices[index].text == option.text
    token = view.options[0].token
    for step_key, turn, seed, posted in [
        ("first-response", 0, SEED, "0"),  # an index, as the file order would have it
        ("first-response", 0, SEED + 1, token),  # another run's page
        ("first-response", 1, SEED, token),  # an earlier turn's page at a step seen again
        ("no-such-step", 0, SEED, token),
    ]:
        with pytest.raises(ScenarioError, match="not one of the choices"):
            chosen_index(scenario, step_key, turn, seed, posted)


@pytest.mark.parametrize("moves", [[], [Move("first-response", choice=1)], "best"])
def test_assessment_view_never_contains_feedback_or_evidence(scenario, moves):
    state = best_path(scenario) if moves == "best" else replay(scenario, moves)
    view = visible_step(scenario, state, "assessment", SEED)
    shown = repr(view)
    assert not [text for text in secrets(scenario) if text in shown]
    assert "evidence" not in shown and "best" not in shown and "weight" not in shown
    assert all(turn.speaker != "coach" for turn in view.transcript)
    assert (view.stats, view.coaching, view.can_retry) == (None, (), False)


def test_practice_view_coaches_the_last_decision(scenario):
    state = replay(scenario, [Move("first-response", choice=1)])
    view = visible_step(scenario, state, "practice", SEED)
    assert view.coaching == (secrets(scenario)[1],)
    assert view.can_retry and view.stats.rapport == 20
    assert any(turn.speaker == "coach" for turn in view.transcript)
    assert secrets(scenario)[0] not in repr(view)  # nor the choices not made


def test_free_step_shows_no_behaviours(scenario):
    view = visible_step(
        scenario, replay(scenario, [Move("first-response", choice=0)]), "practice", SEED
    )
    assert (view.kind, view.options) == ("free", ())
    assert "how many" not in repr(view).lower()


def test_ending_view_and_clock(scenario):
    view = visible_step(scenario, best_path(scenario), "assessment", SEED)
    assert (view.kind, view.ended, view.outcome) == ("ending", True, "won")
    assert (view.ending_title, view.progress) == ("Order and a service trial", 1.0)
    assert view.minutes_left == 10 - 1 - 2 - 2


def test_unknown_mode_is_refused(scenario):
    with pytest.raises(ScenarioError, match="unknown mode 'review'"):
        visible_step(scenario, start(scenario), "review", SEED)
