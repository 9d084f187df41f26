"""Graph rules of a scenario: references, reachability, endings, bounded loops, progress.

Works on validated step models (anything with a `kind` and the fields of its kind), so it can
run before the whole scenario is assembled.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from trainer.content.problems import Problem
from trainer.content.source import Document, Location
from trainer.scenarios.checks import problem_at

DECISIONS = ("choice", "free")


def edges(step: Any) -> list[tuple[Location, str, int | None]]:
    """(where `next` is written, target, minutes it costs or None if no learner move) per exit."""
    if step.kind == "choice":
        return [
            (("choices", i, "next"), c.next, c.effects.minutes) for i, c in enumerate(step.choices)
        ]
    if step.kind == "free":
        return [(("next",), step.next, step.effects.minutes)]
    if step.kind == "branch":
        rules = [(("when", i, "next"), rule.next, None) for i, rule in enumerate(step.when)]
        return [*rules, (("next",), step.next, None)]
    if step.kind == "customer":
        return [(("next",), step.next, None)]
    return []


def successors(step: Any) -> list[str]:
    return [target for _, target, _ in edges(step)]


def reach(steps: Mapping[str, Any], roots: list[str]) -> set[str]:
    """Every step reachable from `roots` (the roots included when they exist)."""
    seen: set[str] = set()
    todo = [root for root in roots if root in steps]
    while todo:
        key = todo.pop()
        if key not in seen:
            seen.add(key)
            todo.extend(t for t in successors(steps[key]) if t in steps)
    return seen


def _can_end(steps: Mapping[str, Any]) -> set[str]:
    """Steps from which some path reaches an ending (a missing target counts: reported apart)."""
    done = {key for key, step in steps.items() if step.kind == "ending"}
    changed = True
    while changed:
        changed = False
        for key, step in steps.items():
            if key not in done and any(t in done or t not in steps for t in successors(step)):
                done.add(key)
                changed = True
    return done


def loops(steps: Mapping[str, Any]) -> list[list[str]]:
    """The strongly connected groups of steps that contain a cycle, each in file order."""
    after = {key: reach(steps, successors(step)) for key, step in steps.items()}
    groups: list[list[str]] = []
    for key in steps:
        if key in after[key] and not any(key in group for group in groups):
            groups.append([k for k in steps if k in after[key] and key in after[k]])
    return groups


def _check_loop(
    doc: Document, group: list[str], timeout: str | None, steps: Mapping[str, Any]
) -> Iterator[Problem]:
    """A loop is bounded only by the clock: every learner move on it must cost minutes."""
    names = ", ".join(group)
    if timeout is None:
        yield problem_at(
            doc,
            ("steps", group[0]),
            f"is on a loop ({names}); a scenario with a loop needs a top-level timeout ending",
        )
    costed = 0
    for key in group:
        for where, target, minutes in edges(steps[key]):
            if target not in group or minutes is None:
                continue
            costed += 1
            if minutes <= 0:
                loc = ("steps", key, *where[:-1], "effects", "minutes")
                yield problem_at(
                    doc, loc, f"this move stays on the loop ({names}), so it must cost minutes"
                )
    if not costed:
        yield problem_at(
            doc,
            ("steps", group[0]),
            f"the loop ({names}) has no learner move that costs minutes, so it never ends",
        )


def check_graph(
    doc: Document, start: str, timeout: str | None, steps: Mapping[str, Any]
) -> list[Problem]:
    """Every graph problem: unknown steps, unreachable steps, no way to end, unbounded loops."""
    problems = [] if start in steps else [problem_at(doc, ("start",), f"unknown step {start!r}")]
    if timeout is not None and timeout not in steps:
        problems.append(problem_at(doc, ("timeout",), f"unknown step {timeout!r}"))
    elif timeout is not None and steps[timeout].kind != "ending":
        problems.append(problem_at(doc, ("timeout",), f"{timeout!r} is not an ending"))
    for key, step in steps.items():
        for where, target, _ in edges(step):
            if target not in steps:
                problems.append(problem_at(doc, ("steps", key, *where), f"unknown step {target!r}"))
    reachable = reach(steps, [start, *([timeout] if timeout else [])])
    can_end = _can_end(steps)
    for key in steps:
        if key not in reachable:
            problems.append(problem_at(doc, ("steps", key), "unreachable from the start"))
        elif key not in can_end:
            problems.append(problem_at(doc, ("steps", key), "no path from here reaches an ending"))
    for group in loops(steps):
        problems.extend(_check_loop(doc, group, timeout, steps))
    return problems


def remaining_decisions(steps: Mapping[str, Any]) -> dict[str, int]:
    """The most decisions left on any path from each step, loops counted once (an estimate)."""
    memo: dict[str, int] = {}

    def longest(key: str, stack: frozenset[str]) -> int:
        if key in memo:
            return memo[key]
        if key not in steps or key in stack:
            return 0
        step = steps[key]
        rest = [longest(t, stack | {key}) for t in successors(step)]
        memo[key] = (step.kind in DECISIONS) + max(rest, default=0)
        return memo[key]

    for key in steps:
        longest(key, frozenset())
    return memo
