"""Any Twine story as a draft call: the story's own shape kept, what a call needs left to add.

A story written without the trainer's convention (no passage tagged `scenario`) is read the way
Twine shows it: each passage a step, its links the learner's choices in link order (one link: the
customer's line moves on), a passage with no link an ending. Story-format macros, setter links and
tags the trainer does not know are kept out of the text and listed as notes, never guessed at.
`trainer content validate` then lists what an author must add: the call's header, persona and
brief, evidence and feedback for each choice, and each ending's outcome.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.content.problems import Problem
from trainer.scenarios.twine.passages import (
    IGNORED_TAGS,
    LINK,
    SPECIAL_NAMES,
    Passage,
    Story,
    parse_link,
    step_key,
)

MACROS = re.compile(r"<<.*?>>|\((?:[a-z][a-z0-9-]*):(?:[^()]|\([^()]*\))*\)", re.DOTALL)
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|''|//|~~|\^\^")


def is_draft(story: Story) -> bool:
    """A story with no passage tagged `scenario` was not written to the trainer's convention."""
    return not any("scenario" in passage.tags for passage in story.passages)


def to_draft(story: Story, source: str) -> tuple[dict[str, Any], list[Problem], list[Problem]]:
    """The draft scenario dict, the problems that stop it, and notes on what was left out."""
    notes: list[Problem] = []
    passages = [
        p
        for p in story.passages
        if p.name not in SPECIAL_NAMES and not any(t in IGNORED_TAGS for t in p.tags)
    ]
    keys, problems = _keys(passages, source)
    steps = {}
    for passage in passages:
        if passage.name in keys:
            steps[keys[passage.name]] = _step(passage, keys, source, notes)
    if story.start not in keys:
        problems.append(
            Problem(source, None, f"the start passage {story.start!r} is not in the story")
        )
    key = step_key(story.title) or step_key(source.rsplit(".", 1)[0]) or "twine-draft"
    scenario = {
        "key": key,
        "title": story.title or key,
        "start": keys.get(story.start, ""),
        "steps": steps,
    }
    return scenario, problems, notes


def _keys(passages: list[Passage], source: str) -> tuple[dict[str, str], list[Problem]]:
    """Each passage's step key; two names that make one key are a problem, as in a call."""
    keys, owners, problems = {}, {}, []
    for passage in passages:
        key = step_key(passage.name)
        if not key or key in owners:
            why = (
                f"becomes step {key!r}, like passage {owners[key]!r}"
                if key
                else "has no letters or digits"
            )
            problems.append(Problem(source, passage.line, f"passage {passage.name!r} {why}"))
            continue
        keys[passage.name], owners[key] = key, passage.name
    return keys, problems


def _step(passage: Passage, keys: dict[str, str], source: str, notes: list[Problem]) -> dict:
    def note(message: str) -> None:
        notes.append(Problem(source, passage.line, f"passage {passage.name!r}: {message}"))

    for tag in passage.tags:
        note(f"tag {tag!r} kept out: the trainer has no use for it")
    if macros := MACROS.findall(passage.text):
        note(f"{len(macros)} story-format macro(s) left out, such as {macros[0][:60]!r}")
    text = MACROS.sub(" ", passage.text)
    links = []
    for match in LINK.finditer(text):
        inside, setter, _ = match.group(1).partition("][")  # SugarCube: [[link][$x to 1]]
        if match.group(2) or setter:
            note(f"the setter on link {inside!r} is left out")
        label, target = parse_link(inside)
        if target not in keys:
            note(f"link {target!r} names no passage; left out")
            continue
        links.append((label, keys[target]))
    shown = LINK.sub(lambda m: parse_link(m.group(1).partition("][")[0])[0], text)
    say = " ".join(MARKUP.sub("", shown).split())
    step: dict[str, Any] = {"say": say} if say else {}
    if not links:
        return {**step, "outcome": None}  # an ending: its outcome, title and debrief to write
    if len(links) == 1 and say:
        return {**step, "next": links[0][1]}
    return {**step, "choices": [{"text": label, "next": target} for label, target in links]}
