"""Call analysis: how runs move through a call's decisions, and which decisions work.

Each run is replayed from its moves (the engine is the only authority on where a move leads).
A decision is flagged when strong performers pick a "wrong" choice more than weak ones do,
when a choice is never picked, or when many runs are abandoned there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trainer.analysis.classical import score_groups
from trainer.analysis.flags import Flag
from trainer.scenarios.engine import replay
from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import ScenarioError

GOOD = ("won", "advanced")
ABANDONED = 0.25  # a step where a quarter of the runs that reach it stop, unfinished
MIN_REACHED = 10  # fewer runs than this at a step: no choice flags, too few to judge
MARGIN = 0.10  # strong performers must favour a wrong choice by this much to flag it
TOP_PATHS = 5


@dataclass(frozen=True)
class RunRecord:
    """A run as stored: its moves, whether it finished, and its person's quiz score (0..1)."""

    moves: Sequence[dict[str, Any]]
    finished: bool
    performance: float | None = None


@dataclass(frozen=True)
class ChoiceUse:
    index: int
    text: str
    best: bool
    picked: int
    share: float
    good_outcomes: float | None  # share of finished runs ending won/advanced
    strong: float  # share picking it among the strong performers who reached the step
    weak: float
    strength: float | None = None  # mean quiz score (or best-choice share) of those who picked it


@dataclass(frozen=True)
class DecisionRow:
    step: str
    prompt: str
    reached: int
    abandoned: int
    choices: list[ChoiceUse]
    flags: list[Flag] = field(default_factory=list)


@dataclass(frozen=True)
class CallAnalysis:
    runs: int
    finished: int
    outcomes: dict[str, int]  # outcome -> finished runs
    endings: list[tuple[str, str, int]]  # (ending step, outcome, runs)
    decisions: list[DecisionRow]
    paths: list[tuple[str, int]]  # the most taken paths through the decisions, with counts
    unreadable: int  # runs whose moves no longer replay on their version

    @property
    def flagged(self) -> int:
        return sum(bool(row.flags) for row in self.decisions)


def _strength(states, runs: Sequence[RunRecord]) -> np.ndarray:
    """Quiz performance where most runs have one; else the share of best choices in the run."""
    known = [r.performance for r in runs if r.performance is not None]
    if len(known) >= max(4, len(runs) / 2):
        mean = float(np.mean(known))
        return np.array([mean if r.performance is None else r.performance for r in runs])
    return np.array(
        [np.mean([d.best for d in s.decisions if d.best is not None] or [0.0]) for s in states]
    )


def _choice_rows(step, states, picks, groups, strength) -> list[ChoiceUse]:
    rows = []
    total = len(picks)
    for index, choice in enumerate(step.choices):
        who = [i for i, c in picks if c == index]
        finished = [states[i] for i in who if states[i].ended]
        good = sum(s.outcome in GOOD for s in finished) / len(finished) if finished else None

        def share(group: int, index: int = index) -> float:
            members = [c for i, c in picks if groups[i] == group]
            return members.count(index) / len(members) if members else 0.0

        rows.append(
            ChoiceUse(
                index,
                choice.text,
                choice.best,
                len(who),
                len(who) / total if total else 0.0,
                good,
                share(1),
                share(-1),
                float(np.mean(strength[who])) if who else None,
            )
        )
    return rows


def _decision_flags(rows: list[ChoiceUse], reached: int, abandoned: int) -> list[Flag]:
    flags = []
    if reached >= MIN_REACHED / 2 and abandoned / reached >= ABANDONED:
        flags.append(Flag("abandoned", f"{abandoned} of {reached} runs stop here unfinished"))
    if reached < MIN_REACHED or not rows:
        return flags
    for row in rows:
        if row.picked == 0:
            flags.append(Flag("unpicked", f"nobody picks choice {row.index + 1}"))
        elif not row.best and row.strong >= row.weak + MARGIN:
            flags.append(
                Flag(
                    "strong-pick-wrong",
                    f"strong performers pick choice {row.index + 1}, not the best one, "
                    f"more than weak performers ({row.strong:.0%} against "
                    f"{row.weak:.0%}): review the key",
                )
            )
    return flags


def analyse_call(scenario: Scenario, runs: Sequence[RunRecord]) -> CallAnalysis:
    """Reach, choices, outcomes, paths and flags for every decision of `scenario`."""
    states, kept, unreadable = [], [], 0
    for run in runs:
        try:
            states.append(replay(scenario, run.moves))
            kept.append(run)
        except ScenarioError:
            unreadable += 1
    strength = _strength(states, kept) if states else np.zeros(0)
    finished = [s for s in states if s.ended]
    endings = Counter((s.ending, s.outcome) for s in finished)
    decisions = []
    for key, step in scenario.steps.items():
        if step.kind not in ("choice", "free"):
            continue
        picks = [(i, d.choice) for i, s in enumerate(states) for d in s.decisions if d.step == key]
        stopped = sum(1 for s in states if not s.ended and s.step == key)
        reached = len({i for i, _ in picks}) + stopped
        # Strong and weak among the runs that reached the step, not the whole cohort.
        here = sorted({i for i, _ in picks})
        groups = dict(zip(here, score_groups(strength[here]), strict=True)) if here else {}
        rows = _choice_rows(step, states, picks, groups, strength) if step.kind == "choice" else []
        decisions.append(
            DecisionRow(
                key, step.prompt, reached, stopped, rows, _decision_flags(rows, reached, stopped)
            )
        )
    paths = Counter(
        " > ".join(f"{d.step}:{'text' if d.choice is None else d.choice + 1}" for d in s.decisions)
        for s in finished
    )
    return CallAnalysis(
        len(states),
        len(finished),
        dict(Counter(s.outcome for s in finished)),
        [(ending, outcome, n) for (ending, outcome), n in sorted(endings.items())],
        decisions,
        paths.most_common(TOP_PATHS),
        unreadable,
    )
