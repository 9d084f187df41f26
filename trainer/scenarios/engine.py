"""The call engine: a call is its list of moves, and every state is a replay of them.

The server persists only the moves (`Move.to_dict()`), rebuilds the state with `replay` on each
request and refuses a bad move by catching `ScenarioError`. Practice-mode retry is
`replay(scenario, retry_last(moves))`: drop the last decision and play again from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from trainer.scenarios.graph import remaining_decisions
from trainer.scenarios.matcher import Matcher, PhraseMatcher
from trainer.scenarios.schema import ChoiceStep, Effects, FreeStep, Scenario
from trainer.scenarios.state import (
    MAX_REPLY,
    CallState,
    Decision,
    EvidenceRecord,
    Move,
    ScenarioError,
    Stats,
    Turn,
)
from trainer.scenarios.steps import Behaviour

__all__ = ["ScenarioError", "apply", "best_path", "may_talk", "replay", "retry_last", "start"]
BEST_PATH_LIMIT = 500  # decisions; a validated scenario's clock ends any loop long before this


def start(scenario: Scenario) -> CallState:
    """The call as it stands before the learner's first decision."""
    initial = scenario.state
    stats = Stats(initial.rapport, initial.sentiment, initial.deal_value, 0)
    return _arrive(scenario, CallState(step=scenario.start, stats=stats), scenario.start)


def _arrive(scenario: Scenario, state: CallState, key: str) -> CallState:
    """Walk customer lines and branch rules from `key` to the next decision or ending."""
    turns, path = list(state.transcript), list(state.path)
    for _ in range(len(scenario.steps) + 1):
        step = scenario.steps.get(key)
        if step is None:
            raise ScenarioError(f"the scenario has no step {key!r}")
        path.append(key)
        if getattr(step, "say", ""):
            turns.append(Turn("customer", step.say, key))
        if step.kind == "customer":
            key = step.next
        elif step.kind == "branch":
            key = next(
                (r.next for r in step.when if r.holds(getattr(state.stats, r.stat))), step.next
            )
        else:
            ended = step.kind == "ending"
            return replace(
                state,
                step=key,
                transcript=tuple(turns),
                path=tuple(path),
                ended=ended,
                said=(),
                outcome=step.outcome if ended else None,
                ending=key if ended else None,
                remaining=remaining_decisions(scenario.steps).get(key, 0),
            )
    raise ScenarioError(f"customer and branch steps loop without a decision at {key!r}")


def _check(scenario: Scenario, state: CallState, move: Move) -> None:
    if state.ended:
        raise ScenarioError(f"the call has ended ({state.ending}); no more moves")
    if move.step not in scenario.steps:
        raise ScenarioError(f"the scenario has no step {move.step!r}")
    if move.step != state.step:
        raise ScenarioError(f"stale move: the call is at {state.step!r}, not {move.step!r}")
    if move.turn is not None and move.turn != state.turn:
        raise ScenarioError(f"stale move: turn {move.turn} is played; the call is at {state.turn}")


def may_talk(scenario: Scenario, state: CallState) -> bool:
    """Whether the learner's next written turn may be answered by a model and the step go on:
    the call rests on an open step (steps.OpenTalk) with turns left."""
    talk = getattr(scenario.steps.get(state.step), "open", None)
    return not state.ended and talk is not None and len(state.said) + 1 < talk.turns


def _talk(scenario: Scenario, state: CallState, move: Move) -> CallState:
    """A written turn on an open step with the customer's stored reply: the step goes on."""
    if move.text is None or move.choice is not None or not move.text.strip():
        raise ScenarioError(f"step {move.step!r} expects a written answer")
    if not may_talk(scenario, state):
        raise ScenarioError(f"step {move.step!r} takes no customer reply at this turn")
    reply = (move.reply or "").strip()
    if not reply or len(reply) > MAX_REPLY:
        raise ScenarioError(f"a customer reply is 1-{MAX_REPLY} characters")
    said = move.text.strip()
    turns = (Turn("learner", said, move.step), Turn("customer", reply, move.step, generated=True))
    return replace(
        state,
        transcript=state.transcript + turns,
        said=state.said + (said,),
        moves=state.moves + (move,),
    )


def _choose(step: ChoiceStep, state: CallState, move: Move) -> tuple[CallState, Effects, str]:
    if move.choice is None or move.text is not None:
        raise ScenarioError(f"step {move.step!r} expects a choice, not a written answer")
    if not 0 <= move.choice < len(step.choices):
        raise ScenarioError(
            f"choice {move.choice} is out of range: step {move.step!r} has {len(step.choices)}"
        )
    choice = step.choices[move.choice]
    lines = [("learner", choice.text), ("customer", choice.reply), ("coach", choice.feedback)]
    source = f"choice {move.choice + 1}: {choice.text}"
    evidence = [
        EvidenceRecord(e.competency, e.level, e.weight, move.step, source) for e in choice.evidence
    ]
    decision = Decision(move.step, choice=move.choice, best=choice.best)
    return _record(state, move, lines, evidence, decision), choice.effects, choice.next


def _joined(said: tuple[str, ...], last: str) -> str:
    """Every turn the learner wrote at an open step, for the matcher to read as one answer.

    Each turn ends a sentence, so no phrasing or question runs on from one turn into the next.
    """
    ended = [turn if turn.endswith((".", "!", "?", ";")) else f"{turn}." for turn in said]
    return "\n".join([*ended, last.strip()])


def _respond(
    step: FreeStep, state: CallState, move: Move, matcher: Matcher
) -> tuple[CallState, Effects, str]:
    if move.text is None or move.choice is not None or not move.text.strip():
        raise ScenarioError(f"step {move.step!r} expects a written answer")
    text = _joined(state.said, move.text) if state.said else move.text
    at_step = getattr(matcher, "at_step", None)  # a matcher that learned per step (learning/)
    matches = (at_step(move.step) if at_step else matcher).match(text, step.behaviours)
    evidence, found, missing = [], [], []
    for behaviour, match in zip(step.behaviours, matches, strict=True):
        (found if match.found else missing).append(behaviour.label)
        said = text[match.span[0] : match.span[1]] if match.span else match.phrase
        source = f"{behaviour.label}: said {said!r}" if match.found else behaviour.label
        evidence.append(
            EvidenceRecord(
                behaviour.competency,
                behaviour.level,
                1 if match.found else 0,
                move.step,
                source,
                missing=not match.found,
                needs_review=True,
            )
        )
    note = "; ".join(
        f"{name}: {', '.join(labels)}"
        for name, labels in (("Shown", found), ("Not yet shown", missing))
        if labels
    )
    lines = [("learner", move.text.strip()), ("coach", note)]
    decision = Decision(move.step, text=text, matches=tuple(matches))
    return _record(state, move, lines, evidence, decision), step.effects, step.next


def _record(state: CallState, move: Move, lines, evidence, decision: Decision) -> CallState:
    turns = tuple(Turn(speaker, text, move.step) for speaker, text in lines if text)
    return replace(
        state,
        transcript=state.transcript + turns,
        evidence=state.evidence + tuple(evidence),
        decisions=state.decisions + (decision,),
        moves=state.moves + (move,),
    )


def apply(
    scenario: Scenario, state: CallState, move: Move, matcher: Matcher | None = None
) -> CallState:
    """The state after `move`; ScenarioError if the move is stale, forged or out of range."""
    _check(scenario, state, move)
    step = scenario.steps[move.step]
    if move.reply is not None:
        return _talk(scenario, state, move)
    if step.kind == "choice":
        state, effects, target = _choose(step, state, move)
    else:
        state, effects, target = _respond(step, state, move, matcher or PhraseMatcher())
    stats = state.stats.changed(**effects.model_dump())
    # Out of time: the timeout ending, unless this move ends the call anyway.
    timed_out = (
        scenario.timeout is not None
        and stats.minutes > scenario.minutes
        and scenario.steps[target].kind != "ending"
    )
    state = replace(state, stats=stats, timed_out=timed_out)
    return _arrive(scenario, state, scenario.timeout if timed_out else target)


def replay(
    scenario: Scenario, moves: Iterable[Move | dict[str, Any]], matcher: Matcher | None = None
) -> CallState:
    """Rebuild a call from its stored moves (Move objects or their `to_dict()` form)."""
    state = start(scenario)
    for move in moves:
        state = apply(
            scenario, state, move if isinstance(move, Move) else Move.from_dict(move), matcher
        )
    return state


def retry_last(moves: Iterable[Move | dict[str, Any]]) -> list[Move | dict[str, Any]]:
    """The moves without the last decision: replay them to retry it (practice mode only)."""
    return list(moves)[:-1]


def best_move(scenario: Scenario, state: CallState) -> Move:
    """The best choice here, or for a free response an answer showing every behaviour."""
    step = scenario.steps[state.step]
    if step.kind == "choice":
        index = next(i for i, choice in enumerate(step.choices) if choice.best)
        return Move(state.step, choice=index, turn=state.turn)
    return Move(state.step, text=answer_showing(step.behaviours), turn=state.turn)


def answer_showing(behaviours: Iterable[Behaviour]) -> str:
    """A written answer that shows each behaviour: its first example, else its first phrasing
    in a sentence (as a question for an "Asks ..." behaviour), so it reads as an answer and not
    as the list of keywords the matcher refuses."""
    sentences = []
    for behaviour in behaviours:
        if behaviour.examples:
            sentences.append(behaviour.examples[0])
        elif behaviour.label.startswith("Asks"):
            sentences.append(f"Can I ask you this: {behaviour.phrasings[0]}?")
        else:
            sentences.append(f"What I would say is {behaviour.phrasings[0]}.")
    return " ".join(sentences)


def best_path(scenario: Scenario) -> CallState:
    """The call played with the best move at every decision, branch rules applied as they fall."""
    state = start(scenario)
    while not state.ended:
        if state.turn >= BEST_PATH_LIMIT:
            raise ScenarioError("the best path never reaches an ending")
        state = apply(scenario, state, best_move(scenario, state))
    return state
