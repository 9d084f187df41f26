"""What a call page may show: a view model built from the state, never from the raw step.

Pending choices carry only an opaque token and their text in every mode, so a page cannot leak
which one is best, its evidence or its feedback. They are shown in an order shuffled by the run's
seed (the same on every reload), and each token is a digest of the seed, the step, the turn and
the choice: posting "0", a token from another run or from an earlier turn matches nothing, so
"always the first option" and a replayed form win nothing (docs/delivery.md).
Practice mode adds the coach's turns, the stats and a retry; assessment mode shows the
conversation and the clock only.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Literal

from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import CallState, ScenarioError, Stats, Turn

Mode = Literal["practice", "assessment"]
MODES = ("practice", "assessment")


@dataclass(frozen=True)
class OptionView:
    token: str  # what the form posts back as `choice`; `chosen_index` maps it to the choice
    text: str


@dataclass(frozen=True)
class StepView:
    step: str  # post back as the move's `step`, with `turn`, so stale forms are refused
    turn: int
    kind: Literal["choice", "free", "ending"]
    say: str
    prompt: str
    options: tuple[OptionView, ...]
    transcript: tuple[Turn, ...]
    minutes_left: int
    progress: float
    ended: bool
    outcome: str | None = None
    ending_title: str | None = None
    stats: Stats | None = None  # practice only
    coaching: tuple[str, ...] = ()  # practice only: the coach on the last decision
    can_retry: bool = False  # practice only
    open_turn: int = 0  # on an open step the customer answered: the learner's turn there, from 2
    open_turns: int = 0  # the most turns the learner has there


def _coaching(state: CallState) -> tuple[str, ...]:
    if not state.decisions:
        return ()
    last = state.decisions[-1].step
    turns = state.transcript
    # The coach's turns after the last learner turn are the feedback on the last decision.
    since = max(i for i, turn in enumerate(turns) if turn.speaker == "learner")
    return tuple(t.text for t in turns[since:] if t.speaker == "coach" and t.step == last)


def shown_order(seed: int, step: str, size: int) -> tuple[int, ...]:
    """The display order of a step's `size` choices in the run seeded `seed`: position -> index."""
    order = list(range(size))
    random.Random(f"{seed}:{step}").shuffle(order)  # a str seed is stable across processes
    return tuple(order)


def choice_token(seed: int, step: str, turn: int, index: int) -> str:
    """The value a page posts for choice `index` of `step` at `turn` in the run seeded `seed`."""
    return hashlib.sha256(f"{seed}:{step}:{turn}:{index}".encode()).hexdigest()[:16]


def chosen_index(scenario: Scenario, step: str, turn: int, seed: int, token: str) -> int:
    """The choice `token` names at `step` and `turn` of the run seeded `seed`; else refused.

    The engine then refuses a valid token for a step or turn the call has already left.
    """
    choices = getattr(scenario.steps.get(step), "choices", ())
    for index in range(len(choices)):
        if token == choice_token(seed, step, turn, index):
            return index
    raise ScenarioError("that is not one of the choices on the screen; choose again")


def visible_step(scenario: Scenario, state: CallState, mode: Mode, seed: int) -> StepView:
    """The page's view of the call now: only what `mode` allows the learner to see."""
    if mode not in MODES:
        raise ScenarioError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    step = scenario.steps[state.step]
    practice = mode == "practice"
    choices = getattr(step, "choices", ())
    options = tuple(
        OptionView(choice_token(seed, state.step, state.turn, i), choices[i].text)
        for i in shown_order(seed, state.step, len(choices))
    )
    transcript = tuple(t for t in state.transcript if practice or t.speaker != "coach")
    return StepView(
        step=state.step,
        turn=state.turn,
        kind=step.kind,
        say=getattr(step, "say", ""),
        prompt=getattr(step, "prompt", ""),
        options=options,
        transcript=transcript,
        minutes_left=max(0, scenario.minutes - state.stats.minutes),
        progress=state.progress,
        ended=state.ended,
        outcome=state.outcome,
        ending_title=getattr(step, "title", None),
        stats=state.stats if practice else None,
        coaching=_coaching(state) if practice else (),
        can_retry=practice and bool(state.moves),
        open_turn=len(state.said) + 1 if state.said else 0,
        open_turns=step.open.turns if state.said else 0,
    )
