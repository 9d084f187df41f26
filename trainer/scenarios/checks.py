"""Checks between a scenario and the rest of its pack: key, profile, competencies and levels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trainer.content.problems import Problem
from trainer.content.source import Document, Location
from trainer.content.validation import PackKeys
from trainer.scenarios.matcher import PhraseMatcher


def problem_at(doc: Document, loc: Location, message: str) -> Problem:
    """A problem whose message starts with the dotted field path, like pydantic's."""
    return doc.problem(loc, f"{'.'.join(str(part) for part in loc)}: {message}")


def evidence_sources(steps: dict[str, Any]) -> Iterator[tuple[Location, str, int]]:
    """(location, competency, level) of every evidence entry and behaviour in the steps."""
    for key, step in steps.items():
        for i, choice in enumerate(getattr(step, "choices", ())):
            for j, evidence in enumerate(choice.evidence):
                yield (
                    ("steps", key, "choices", i, "evidence", j),
                    evidence.competency,
                    evidence.level,
                )
        for i, behaviour in enumerate(getattr(step, "behaviours", ())):
            yield ("steps", key, "behaviours", i), behaviour.competency, behaviour.level


def check_references(
    doc: Document, steps: dict[str, Any], keys: PackKeys, stem: str
) -> list[Problem]:
    """Problems with what the scenario names outside itself, read even when other fields fail."""
    data, problems = doc.data, []
    if isinstance(data.get("key"), str) and data["key"] != stem:
        message = f"key {data['key']!r} must be {stem!r}, the file's name"
        problems.append(problem_at(doc, ("key",), message))
    if isinstance(data.get("profile"), str) and data["profile"] not in keys.profiles:
        problems.append(problem_at(doc, ("profile",), f"unknown profile {data['profile']!r}"))
    if type(data.get("level")) is int and data["level"] not in keys.levels:
        problems.append(problem_at(doc, ("level",), f"unknown level {data['level']}"))
    for loc, competency, level in evidence_sources(steps):
        if competency not in keys.competencies:
            message = f"unknown competency {competency!r}"
            problems.append(problem_at(doc, (*loc, "competency"), message))
        if level not in keys.levels:
            problems.append(problem_at(doc, (*loc, "level"), f"unknown level {level}"))
    return problems


def check_examples(doc: Document, steps: dict[str, Any]) -> list[Problem]:
    """Every free-response behaviour's examples must be credited and its near misses not, by
    the matcher learners meet: the behaviour's unit tests."""
    matcher, problems = PhraseMatcher(), []
    for key, step in steps.items():
        for n, behaviour in enumerate(getattr(step, "behaviours", ())):
            loc = ("steps", key, "behaviours", n)
            for field, expected in (("examples", True), ("near_misses", False)):
                for i, text in enumerate(getattr(behaviour, field)):
                    (match,) = matcher.match(text, [behaviour])
                    if match.found != expected:
                        what = "is not credited" if expected else f"is credited ({match.phrase!r})"
                        message = f"the matcher's answer differs: {text!r} {what}"
                        problems.append(problem_at(doc, (*loc, field, i), message))
    return problems
