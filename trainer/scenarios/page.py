"""What a call page may show: a view model built from the state, never from the raw step.

Pending choices carry only their number and text in every mode, so a page cannot leak which one
is best, its evidence or its feedback. Practice mode adds the coach's turns, the stats and a retry;
assessment mode shows the conversation and the clock only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import CallState, ScenarioError, Stats, Turn

Mode = Literal["practice", "assessment"]
MODES = ("practice", "assessment")


@dataclass(frozen=True)
class OptionView:
    index: int  # what the form posts back as the move's `choice`
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


def _coaching(state: CallState) -> tuple[str, ...]:
    if not state.decisions:
        return ()
    last = state.decisions[-1].step
    turns = state.transcript
    # The coach's turns after the last learner turn are the feedback on the last decision.
    since = max(i for i, turn in enumerate(turns) if turn.speaker == "learner")
    return tuple(t.text for t in turns[since:] if t.speaker == "coach" and t.step == last)


def visible_step(scenario: Scenario, state: CallState, mode: Mode) -> StepView:
    """The page's view of the call now: only what `mode` allows the learner to see."""
    if mode not in MODES:
        raise ScenarioError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    step = scenario.steps[state.step]
    practice = mode == "practice"
    options = tuple(OptionView(i, c.text) for i, c in enumerate(getattr(step, "choices", ())))
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
        can_retry=practice and bool(state.decisions),
    )
