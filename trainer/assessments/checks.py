"""Checks between a bank or form and the rest of its pack: key, profile, competencies, items."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.assessments.draws import shortfalls
from trainer.assessments.items import ItemBase
from trainer.content.problems import Problem
from trainer.content.source import Document, Location
from trainer.content.validation import PackKeys

if TYPE_CHECKING:  # schema.py imports this module
    from trainer.assessments.schema import Section


def problem_at(doc: Document, loc: Location, message: str) -> Problem:
    """A problem whose message starts with the dotted field path, like pydantic's."""
    return doc.problem(loc, f"{'.'.join(str(part) for part in loc)}: {message}")


def unknown_competency(doc: Document, loc: Location, value: Any, keys: PackKeys) -> list[Problem]:
    if isinstance(value, str) and value not in keys.competencies:
        return [problem_at(doc, loc, f"unknown competency {value!r}")]
    return []


def check_header(doc: Document, keys: PackKeys) -> list[Problem]:
    """A form's key must be its file's name and its profile one the pack defines."""
    data, problems = doc.data, []
    stem = Path(doc.file).stem
    if isinstance(data.get("key"), str) and data["key"] != stem:
        message = f"key {data['key']!r} must be {stem!r}, the file's name"
        problems.append(problem_at(doc, ("key",), message))
    if isinstance(data.get("profile"), str) and data["profile"] not in keys.profiles:
        problems.append(problem_at(doc, ("profile",), f"unknown profile {data['profile']!r}"))
    return problems


def check_calls(doc: Document, calls: frozenset[str]) -> list[Problem]:
    """A form's calls must be scenarios of the pack, each named once."""
    named = doc.data.get("calls")
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, key in enumerate(named if isinstance(named, list) else ()):
        if not isinstance(key, str):
            continue  # the schema reports it
        if key in seen:
            problems.append(problem_at(doc, ("calls", i), f"call {key!r} is named twice"))
        elif key not in calls:
            problems.append(problem_at(doc, ("calls", i), f"unknown call {key!r}"))
        seen.add(key)
    return problems


def check_fixed(
    doc: Document, sections: dict[int, Section], items: dict[str, ItemBase]
) -> list[Problem]:
    """Fixed items must exist, not be retired, and appear once in the form."""
    problems: list[Problem] = []
    placed: dict[str, Location] = {}
    for i, section in sections.items():
        for j, key in enumerate(section.items or ()):
            loc: Location = ("sections", i, "items", j)
            if key in placed:
                where = ".".join(str(part) for part in placed[key])
                problems.append(problem_at(doc, loc, f"item {key!r} is already at {where}"))
            elif key not in items:
                problems.append(problem_at(doc, loc, f"unknown item {key!r}"))
            elif items[key].status == "retired":
                problems.append(problem_at(doc, loc, f"item {key!r} is retired"))
            placed.setdefault(key, loc)
    return problems


def check_draws(
    doc: Document, sections: dict[int, Section], keys: PackKeys, items: dict[str, ItemBase]
) -> list[Problem]:
    """Draws must name known competencies and be satisfiable together by the live items."""
    problems: list[Problem] = []
    fixed = frozenset(key for section in sections.values() for key in section.items or ())
    drawn = [(i, s.draw) for i, s in sections.items() if s.draw is not None]
    for i, draw in drawn:
        loc: Location = ("sections", i, "draw", "competency")
        problems += unknown_competency(doc, loc, draw.competency, keys)
    # A draw of an unknown competency is reported above, not again as matching nothing.
    drawn = [(i, draw) for i, draw in drawn if draw.competency in keys.competencies]
    pool = list(items.values())
    for group, wanted, available in shortfalls([draw for _, draw in drawn], pool, fixed):
        i, draw = drawn[group[-1]]
        if len(group) == 1:
            rule = f"{draw.competency}, levels {draw.min_level}-{draw.max_level}"
            rule += f", type {draw.type}" if draw.type else ""
            message = f"draws {wanted} items but only {available} live items match ({rule})"
        else:
            titles = [repr(sections[drawn[k][0]].title) for k in group]
            names = ", ".join(titles[:-1]) + " and " + titles[-1]
            message = (
                f"sections {names} draw {wanted} items together "
                f"but only {available} live items match them"
            )
        problems.append(problem_at(doc, ("sections", i, "draw"), message))
    return problems


def check_exposure(
    doc: Document, sections: dict[int, Section], items: dict[str, ItemBase]
) -> list[Problem]:
    """An assessment's draws must hold fresh items for every allowed attempt.

    Retakes draw items the person has not seen (delivery.pick); a pool smaller than the draws of
    all attempts together makes the later attempts repeat items whose keys may be known.
    """
    data = doc.data
    attempts = data.get("attempts_allowed")
    if data.get("mode") not in ("assessment", "screening") or not isinstance(attempts, int):
        return []
    if attempts < 2:
        return []
    fixed = frozenset(key for section in sections.values() for key in section.items or ())
    drawn = [(i, s.draw) for i, s in sections.items() if s.draw is not None]
    every = [draw.model_copy(update={"count": draw.count * attempts}) for _, draw in drawn]
    problems = []
    for group, wanted, available in shortfalls(every, list(items.values()), fixed):
        i, _ = drawn[group[-1]]
        message = (
            f"{attempts} attempts draw {wanted} items here but only {available} live items"
            " match: a retake would repeat items; add items or allow fewer attempts"
        )
        problems.append(problem_at(doc, ("sections", i, "draw"), message))
    return problems
