"""Call analysis flags a decision strong performers get "wrong", and only that one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from trainer.analysis.calls import RunRecord, analyse_call
from trainer.scenarios.engine import apply, best_move, start
from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import Move

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run

BUNDLED = Path(__file__).resolve().parents[2] / "trainer" / "content" / "bundled" / "scenarios"


@pytest.fixture(scope="module")
def call() -> Scenario:
    return Scenario.model_validate(yaml.safe_load((BUNDLED / "hp-lead-handoff.yaml").read_text()))


def play(call: Scenario, rng, skill: float, trap: str, stop_at: str | None = None):
    """Moves of one run: best with chance `skill`, except at `trap` strong players go wrong."""
    state = start(call)
    while not state.ended:
        if state.step == stop_at:
            return list(state.moves), False
        step, best = call.steps[state.step], best_move(call, state)
        move = best
        if step.kind == "choice":
            others = [i for i in range(len(step.choices)) if i != best.choice]
            wrong = state.step == trap and skill > 0.5
            if wrong or (state.step != trap and rng.random() > skill):
                move = Move(
                    state.step, choice=others[0] if wrong else rng.choice(others), turn=state.turn
                )
        state = apply(call, state, move)
    return [m.to_dict() for m in state.moves], True


@pytest.fixture(scope="module")
def analysed(call):
    rng = random.Random(4)
    runs = []
    for _ in range(200):
        skill = rng.random()
        moves, finished = play(call, rng, skill, trap="opener")
        runs.append(RunRecord(moves, finished, performance=skill))
    return analyse_call(call, runs)


def test_the_trap_decision_is_flagged_for_review(analysed):
    flagged = {
        row.step for row in analysed.decisions for f in row.flags if f.code == "strong-pick-wrong"
    }
    assert flagged == {"opener"}


def test_choice_shares_and_reach_add_up(analysed):
    opener = next(row for row in analysed.decisions if row.step == "opener")
    assert opener.reached == 200
    assert sum(c.picked for c in opener.choices) == 200
    assert sum(c.share for c in opener.choices) == pytest.approx(1.0)
    assert analysed.finished == 200 and sum(analysed.outcomes.values()) == 200
    assert sum(n for _, n in analysed.paths) <= 200 and analysed.paths[0][1] >= 1


def test_a_choice_nobody_picks_is_flagged(analysed):
    opener = next(row for row in analysed.decisions if row.step == "opener")
    unpicked = [c.index for c in opener.choices if c.picked == 0]
    codes = [f.reason for f in opener.flags if f.code == "unpicked"]
    assert len(codes) == len(unpicked) and unpicked  # only others[0] and the best are picked


def test_a_step_where_many_runs_stop_is_flagged(call):
    rng = random.Random(5)
    runs = []
    for i in range(40):
        moves, finished = play(call, rng, 0.9, trap="", stop_at="opener" if i % 2 else None)
        runs.append(RunRecord(moves, finished))
    analysis = analyse_call(call, runs)
    opener = next(row for row in analysis.decisions if row.step == "opener")
    assert opener.abandoned == 20
    assert "abandoned" in {f.code for f in opener.flags}


def test_runs_whose_moves_no_longer_replay_are_counted_apart(call):
    bad = RunRecord([{"step": "nowhere", "choice": 0, "turn": 0}], True)
    analysis = analyse_call(call, [bad])
    assert analysis.unreadable == 1 and analysis.runs == 0


def test_each_choice_says_how_strong_its_pickers_are(analysed):
    opener = next(row for row in analysed.decisions if row.step == "opener")
    best = next(c for c in opener.choices if c.best)
    trap = max((c for c in opener.choices if not c.best), key=lambda c: c.picked)
    assert trap.strength > 0.5 > best.strength  # skill > 0.5 picks the trap in the simulation
