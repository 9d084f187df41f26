"""Every bundled call, played best and then with each single worse choice, through the rule."""

from __future__ import annotations

from functools import cache

import pytest

from tests.competencies.history import NOW
from trainer.competencies.estimate import estimate_all
from trainer.competencies.observe import Record
from trainer.kinds import read_pack
from trainer.scenarios.engine import apply, best_move, start
from trainer.scenarios.state import Move

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run


@cache
def scenarios():
    return sorted(read_pack().records_of("scenario").values(), key=lambda s: s.key)


def play(scenario, spoil: tuple[int, int] | None = None):
    """The best path, with the choice at turn spoil[0] replaced by option spoil[1]."""
    state = start(scenario)
    while not state.ended:
        move = best_move(scenario, state)
        if spoil and state.turn == spoil[0] and move.choice is not None:
            move = Move(move.step, choice=spoil[1], turn=move.turn)
        state = apply(scenario, state, move)
    return state


def records_of(state) -> list[Record]:
    """What `scenarios.store.record_evidence` writes for an assessment run of this call."""
    return [
        Record(
            e.competency,
            e.level,
            1.0 if e.weight > 0 else 0.0,
            1.0 if e.needs_review else float(abs(e.weight)),
            "free_response" if e.needs_review else "scenario",
            f"scenario-run:1/step:{e.step}",
            NOW,
            "assessment",
            1,
        )
        for e in state.evidence
        if not (e.needs_review and e.missing)
    ]


def test_every_single_bad_choice_moves_a_level_by_at_most_one_and_never_to_0():
    checked = 0
    for scenario in scenarios():
        best = play(scenario)
        before = estimate_all(records_of(best), NOW)
        for turn, move in enumerate(best.moves):
            step = scenario.steps[move.step]
            if move.choice is None:
                continue
            for option, choice in enumerate(step.choices):
                if choice.best:
                    continue
                after = estimate_all(records_of(play(scenario, (turn, option))), NOW)
                for key, estimate in after.items():
                    checked += 1
                    assert estimate.level != 0, (scenario.key, move.step, option, key)
                    was = before.get(key)
                    if estimate.level is not None and was is not None and was.level is not None:
                        assert abs(was.level - estimate.level) <= 1, (scenario.key, key)
    assert checked > 100


@pytest.mark.parametrize("index", range(3))
def test_one_perfect_call_alone_is_never_high_confidence(index):
    scenario = scenarios()[index]
    for estimate in estimate_all(records_of(play(scenario)), NOW).values():
        assert estimate.level != 0 and estimate.confidence_label != "high"
