"""The engine: effects, branch rules, the clock, refusing bad moves, and replay."""

from __future__ import annotations

import pytest

from trainer.scenarios.engine import apply, best_path, replay, retry_last, start
from trainer.scenarios.state import Move, ScenarioError

BEST = Move("first-response", choice=0)
PITCH = Move("first-response", choice=1)
VAGUE = Move("first-response", choice=2)
ANSWER = Move("discover", text="How many pages do you print? Shall I send a quote?")


def test_start_walks_customer_lines_to_the_first_decision(scenario):
    state = start(scenario)
    assert state.step == "first-response"
    assert [(t.speaker, t.step) for t in state.transcript] == [
        ("customer", "opening"),
        ("customer", "first-response"),
    ]
    assert state.path == ("opening", "first-response")
    assert (state.stats.rapport, state.stats.minutes, state.ended) == (50, 0, False)


def test_choice_applies_each_stat_effect(scenario):
    state = replay(scenario, [BEST])
    assert (state.stats.rapport, state.stats.sentiment) == (60, 5)
    assert (state.stats.deal_value, state.stats.minutes) == (400, 1)


def test_choice_adds_learner_reply_and_coach_turns(scenario):
    turns = replay(scenario, [BEST]).transcript[2:]
    assert [t.speaker for t in turns] == ["learner", "customer", "coach", "customer"]
    assert turns[1].text == "LaserJet Pro M404s, six of them."
    assert turns[3].step == "discover"


def test_stats_are_clamped_to_their_ranges(load, call_text):
    scenario = load(call_text.replace("rapport: 50\n", "rapport: 95\n"))
    assert replay(scenario, [BEST]).stats.rapport == 100
    low = load(call_text.replace("rapport: 50\n", "rapport: 10\n"))
    assert replay(low, [PITCH]).stats.rapport == 0


def test_choice_evidence_names_step_and_choice(scenario):
    (first, second) = replay(scenario, [PITCH]).evidence
    assert (first.competency, first.level, first.weight) == ("active-listening", 1, -1)
    assert (second.competency, second.step) == ("value-selling", "first-response")
    assert second.source.startswith("choice 2: Before that")
    assert not first.needs_review


def test_free_response_records_found_and_missing_for_review(scenario):
    state = replay(scenario, [BEST, Move("discover", text="How many pages a week?")])
    found, missing = state.evidence[-2:]
    assert (found.competency, found.weight, found.missing) == ("active-listening", 1, False)
    assert "'How many'" in found.source
    assert (missing.competency, missing.weight, missing.missing) == ("value-selling", 0, True)
    assert found.needs_review and missing.needs_review
    assert state.stats.minutes == 3  # the step's own effects


def test_branch_rule_below_ends_the_call(scenario):
    state = replay(scenario, [PITCH, ANSWER])
    assert (state.ended, state.outcome, state.ending) == (True, "lost", "end-cut-short")
    assert "check" in state.path


def test_branch_rule_at_least_and_default(scenario):
    assert replay(scenario, [BEST, ANSWER]).step == "propose"
    assert replay(scenario, [VAGUE, ANSWER]).step == "clarify"


def test_clock_past_budget_goes_to_timeout(scenario):
    loop = Move("clarify", choice=0)
    before = replay(scenario, [VAGUE, ANSWER, loop, loop])
    assert (before.step, before.stats.minutes) == ("clarify", 9)
    after = apply(scenario, before, loop)
    assert (after.ending, after.outcome, after.timed_out) == ("end-out-of-time", "stalled", True)


def test_move_that_ends_the_call_beats_the_clock(load, call_text):
    scenario = load(call_text.replace("minutes: 10\n", "minutes: 4\n"))
    state = replay(scenario, [BEST, ANSWER, Move("propose", choice=0)])
    assert state.stats.minutes == 5
    assert (state.ending, state.timed_out) == ("end-won", False)


def test_stale_move_is_refused(scenario):
    state = replay(scenario, [BEST])
    with pytest.raises(ScenarioError, match="stale move: the call is at 'discover'"):
        apply(scenario, state, BEST)


def test_forged_step_is_refused(scenario):
    with pytest.raises(ScenarioError, match="no step 'admin'"):
        apply(scenario, start(scenario), Move("admin", choice=0))


def test_unplayable_step_is_refused_even_if_it_exists(scenario):
    with pytest.raises(ScenarioError, match="stale move"):
        apply(scenario, start(scenario), Move("propose", choice=0))


@pytest.mark.parametrize("index", [-1, 3, 99])
def test_choice_out_of_range_is_refused(scenario, index):
    with pytest.raises(ScenarioError, match=f"choice {index} is out of range"):
        apply(scenario, start(scenario), Move("first-response", choice=index))


def test_wrong_kind_of_move_is_refused(scenario):
    with pytest.raises(ScenarioError, match="expects a choice"):
        apply(scenario, start(scenario), Move("first-response", text="Hello"))
    at_free = replay(scenario, [BEST])
    with pytest.raises(ScenarioError, match="expects a written answer"):
        apply(scenario, at_free, Move("discover", choice=0))
    with pytest.raises(ScenarioError, match="expects a written answer"):
        apply(scenario, at_free, Move("discover", text="   "))


def test_move_after_the_end_is_refused(scenario):
    ended = replay(scenario, [PITCH, ANSWER])
    with pytest.raises(ScenarioError, match="the call has ended"):
        apply(scenario, ended, Move("end-cut-short", choice=0))


def test_double_submit_is_refused_cleanly(scenario):
    state = apply(scenario, start(scenario), BEST)
    with pytest.raises(ScenarioError):
        apply(scenario, state, BEST)
    assert replay(scenario, [BEST]) == state  # the first submit still stands


def test_double_submit_on_a_looping_step_is_refused_by_turn(scenario):
    at_loop = replay(scenario, [VAGUE, ANSWER])
    move = Move("clarify", choice=0, turn=at_loop.turn)
    once = apply(scenario, at_loop, move)
    assert once.step == "clarify"
    with pytest.raises(ScenarioError, match="turn 2 is played"):
        apply(scenario, once, move)


def test_replay_is_deterministic_and_matches_applying(scenario):
    moves = [VAGUE, ANSWER, Move("clarify", choice=1), Move("propose", choice=1)]
    state = start(scenario)
    for move in moves:
        state = apply(scenario, state, move)
    assert replay(scenario, moves) == replay(scenario, moves) == state
    assert state.moves == tuple(moves)


def test_moves_persist_as_plain_dicts(scenario):
    moves = [BEST, ANSWER, Move("propose", choice=0, turn=2)]
    stored = [move.to_dict() for move in moves]
    assert stored[0] == {"step": "first-response", "choice": 0}
    assert replay(scenario, stored) == replay(scenario, moves)


@pytest.mark.parametrize(
    "data",
    [
        "first-response",
        {"choice": 0},
        {"step": "first-response", "choice": True},
        {"step": "first-response", "choice": "0"},
        {"step": "first-response", "choice": 0, "admin": 1},
    ],
)
def test_malformed_stored_move_is_refused(scenario, data):
    with pytest.raises(ScenarioError, match="not a move"):
        replay(scenario, [data])


def test_retry_drops_the_last_decision(scenario):
    moves = [PITCH, ANSWER]
    state = replay(scenario, retry_last(moves))
    assert (state.step, state.ended) == ("discover", False)
    assert retry_last([]) == []


def test_progress_runs_from_zero_to_one(scenario):
    first = start(scenario)
    assert first.progress == 0.0
    assert first.remaining == 4  # first-response, discover, clarify, propose
    middle = replay(scenario, [BEST])
    assert 0 < middle.progress < 1
    assert replay(scenario, [BEST, ANSWER, Move("propose", choice=0)]).progress == 1.0


def test_decisions_record_best_and_matches(scenario):
    state = replay(scenario, [PITCH, ANSWER])
    choice, free = state.decisions
    assert (choice.step, choice.choice, choice.best) == ("first-response", 1, False)
    assert free.best is None
    assert [m.found for m in free.matches] == [True, True]


def test_best_path_follows_best_choices_and_branches(scenario):
    state = best_path(scenario)
    assert (state.ending, state.outcome) == ("end-won", "won")
    assert state.path == ("opening", "first-response", "discover", "check", "propose", "end-won")
    assert all(d.best in (True, None) for d in state.decisions)
    assert all(not e.missing for e in state.evidence)
