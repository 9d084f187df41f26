"""Search a scenario's calls for a move sequence to each ending.

The graph check proves an ending is linked; only playing the engine proves the branch rules and
the clock let a learner get there. Used by the bundled-content tests and useful to authors.
"""

from __future__ import annotations

from trainer.scenarios.engine import apply, start
from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import CallState, Move

SEARCH_LIMIT = 50_000  # distinct (step, stats) positions; bundled calls need a few hundred


def _moves(scenario: Scenario, state: CallState) -> list[Move]:
    step = scenario.steps[state.step]
    if step.kind == "choice":
        return [Move(state.step, choice=i) for i in range(len(step.choices))]
    # What a learner writes changes the evidence, never the route, so one answer is enough.
    return [Move(state.step, text="I understand.")]


def paths_to_endings(scenario: Scenario) -> dict[str, tuple[Move, ...]]:
    """One move sequence per reachable ending; endings the search cannot reach are absent."""
    endings = {key for key, step in scenario.steps.items() if step.kind == "ending"}
    found: dict[str, tuple[Move, ...]] = {}
    seen: set[tuple[str, object]] = set()
    todo = [start(scenario)]
    while todo and len(found) < len(endings) and len(seen) < SEARCH_LIMIT:
        state = todo.pop()
        if state.ended:
            found.setdefault(state.ending or "", state.moves)
            continue
        position = (state.step, state.stats)  # all the future depends on
        if position in seen:
            continue
        seen.add(position)
        todo.extend(apply(scenario, state, move) for move in _moves(scenario, state))
    return found


def exercised_competencies(scenario: Scenario) -> list[str]:
    """The competencies a call gives evidence for, in the order it first does."""
    found: list[str] = []
    for step in scenario.steps.values():
        for choice in getattr(step, "choices", ()):
            found += [e.competency for e in choice.evidence if e.weight > 0]
        found += [b.competency for b in getattr(step, "behaviours", ())]
    return list(dict.fromkeys(found))
