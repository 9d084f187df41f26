"""Always choosing the first option shown wins no bundled call more often than chance would.

The page shows a step's choices in an order shuffled by the run's seed, so the first button is
any choice with equal odds; a player who always presses it is a random player. Each call is
played by that player over many seeds and by a uniformly random player over as many runs.
"""

from __future__ import annotations

import math
import random

import pytest

from trainer.kinds import read_pack
from trainer.scenarios.engine import apply, start
from trainer.scenarios.page import chosen_index, visible_step
from trainer.scenarios.state import Move

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run

RUNS = 200
SAY = "Okay, noted."  # free steps: what a player with no idea types


def scenarios():
    return sorted(read_pack().records_of("scenario").values(), key=lambda s: s.key)


def play(scenario, pick) -> tuple[str | None, int, int]:
    """Play the call to its end, `pick(state)` choosing: (outcome, best choices, decisions)."""
    state = start(scenario)
    for _ in range(200):
        if state.ended:
            break
        step = scenario.steps[state.step]
        if step.kind == "choice":
            move = Move(state.step, choice=pick(state), turn=state.turn)
        else:
            move = Move(state.step, text=SAY, turn=state.turn)
        state = apply(scenario, state, move)
    assert state.ended, f"{scenario.key} did not end"
    best = sum(d.best is True for d in state.decisions)
    return state.outcome, best, sum(d.best is not None for d in state.decisions)


def first_shown(scenario, seed: int):
    def pick(state):
        view = visible_step(scenario, state, "assessment", seed)
        return chosen_index(scenario, state.step, state.turn, seed, view.options[0].token)

    return pick


def at_random(scenario, rng: random.Random):
    return lambda state: rng.randrange(len(scenario.steps[state.step].choices))


def test_there_are_bundled_calls_to_game():
    assert len(scenarios()) >= 10


@pytest.mark.parametrize("scenario", scenarios(), ids=lambda s: s.key)
def test_always_the_first_option_wins_no_more_than_chance(scenario):
    rng = random.Random(scenario.key)
    first = [play(scenario, first_shown(scenario, rng.getrandbits(62))) for _ in range(RUNS)]
    chance = [play(scenario, at_random(scenario, rng)) for _ in range(RUNS)]
    for wins in (lambda o, b, n: o == "won", lambda o, b, n: b == n):  # the call, full marks
        rate_first = sum(wins(*run) for run in first) / RUNS
        rate_chance = sum(wins(*run) for run in chance) / RUNS
        assert rate_first <= rate_chance + margin(rate_first, rate_chance), (
            rate_first,
            rate_chance,
        )
    best_first = sum(b for _, b, _ in first) / max(1, sum(n for _, _, n in first))
    best_chance = sum(b for _, b, _ in chance) / max(1, sum(n for _, _, n in chance))
    assert best_first <= best_chance + 0.05, (best_first, best_chance)


def margin(a: float, b: float) -> float:
    """Three standard errors of the difference of two proportions of RUNS runs each."""
    p = (a + b) / 2
    return 3 * math.sqrt(2 * p * (1 - p) / RUNS) + 1 / RUNS
