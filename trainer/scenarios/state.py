"""The values the engine passes around: moves in, call states out. All frozen, all plain.

A call is stored as its moves only; every state is rebuilt by replaying them, so the database
never holds a second copy of what the moves already imply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from trainer.errors import Refused
from trainer.scenarios.matcher import BehaviourMatch

MAX_REPLY = 600  # characters of a model-written customer line (trainer/scenarios/llm.py clips)
Speaker = Literal["customer", "learner", "coach"]
RANGES: dict[str, tuple[int, int | None]] = {
    "rapport": (0, 100),
    "sentiment": (-100, 100),
    "deal_value": (0, None),
    "minutes": (0, None),
}


class ScenarioError(Refused):
    """A move the call cannot take: stale, forged, out of range, or after the call ended."""


@dataclass(frozen=True)
class Move:
    """One learner decision: a choice index or a written answer, at the step it answers.

    `turn` (optional) is the number of moves made before this one; a form that posts it makes
    a double submit fail even on a step the call loops back to. `reply` is the customer's answer
    a language model wrote to `text` on an open step (steps.OpenTalk): stored with the move, so
    a replay shows it again and never asks the model twice. A move with a reply stays at its
    step; the move without one completes the step.
    """

    step: str
    choice: int | None = None
    text: str | None = None
    turn: int | None = None
    reply: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form to persist (None fields left out)."""
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, data: Any) -> Move:
        """Read a stored or posted move; anything malformed is a ScenarioError."""
        if not isinstance(data, dict) or not isinstance(data.get("step"), str):
            raise ScenarioError(f"not a move: {data!r}")
        unknown = set(data) - {"step", "choice", "text", "turn", "reply"}
        choice, text, turn = data.get("choice"), data.get("text"), data.get("turn")
        reply = data.get("reply")
        if (
            unknown
            or not _optional(choice, int)
            or not _optional(text, str)
            or not _optional(turn, int)
            or not _optional(reply, str)
        ):
            raise ScenarioError(f"not a move: {data!r}")
        return cls(data["step"], choice, text, turn, reply)


def _optional(value: Any, kind: type) -> bool:
    return value is None or (isinstance(value, kind) and not isinstance(value, bool))


@dataclass(frozen=True)
class Stats:
    rapport: int = 50
    sentiment: int = 0
    deal_value: int = 0
    minutes: int = 0

    def changed(self, **deltas: int) -> Stats:
        """These stats moved by `deltas`, each clamped to its range."""
        values = {}
        for name, (low, high) in RANGES.items():
            value = max(low, getattr(self, name) + deltas.get(name, 0))
            values[name] = value if high is None else min(high, value)
        return Stats(**values)


@dataclass(frozen=True)
class Turn:
    speaker: Speaker
    text: str
    step: str
    generated: bool = False  # a customer line a language model wrote (an open step)


@dataclass(frozen=True)
class EvidenceRecord:
    """One observation for a competency. A missing behaviour has weight 0 and `missing` set."""

    competency: str
    level: int
    weight: int
    step: str
    source: str  # what produced it: the choice made or the behaviour looked for
    missing: bool = False
    needs_review: bool = False  # free responses are matched by phrase; a person should confirm


@dataclass(frozen=True)
class Decision:
    step: str
    choice: int | None = None
    text: str | None = None
    best: bool | None = None  # None for free responses, which have no single best answer
    matches: tuple[BehaviourMatch, ...] = ()


@dataclass(frozen=True)
class CallState:
    """Where a call stands: it always rests on a decision step or an ending."""

    step: str
    stats: Stats
    transcript: tuple[Turn, ...] = ()
    evidence: tuple[EvidenceRecord, ...] = ()
    decisions: tuple[Decision, ...] = ()
    path: tuple[str, ...] = ()  # every step visited, in order
    ended: bool = False
    outcome: str | None = None
    ending: str | None = None
    timed_out: bool = False
    remaining: int = 0  # the most decisions still ahead on any path
    said: tuple[str, ...] = ()  # what the learner wrote so far at the open step it is on
    moves: tuple[Move, ...] = field(default=(), repr=False)

    @property
    def turn(self) -> int:
        """How many moves have been made: the `turn` of the next move.

        Equal to the decisions made, except that a move answered by a model's reply on an open
        step is a move but not yet a decision.
        """
        return len(self.moves)

    @property
    def progress(self) -> float:
        """Share of the call done, 0..1, for a progress bar."""
        if self.ended:
            return 1.0
        done = len(self.decisions)
        total = done + self.remaining
        return done / total if total else 0.0
