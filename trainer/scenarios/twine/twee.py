"""Read Twee 3 source (the Twee 3 specification) as a scenario: passages, StoryData, title."""

from __future__ import annotations

import json
from typing import Any

from trainer.content.problems import Problem
from trainer.scenarios.twine.passages import Passage, Story
from trainer.scenarios.twine.story import Imported, to_scenario

HEADER = "::"


def _read_until(text: str, i: int, stops: str) -> tuple[str, int]:
    """Decode Twee escapes (a backslash keeps the next character) up to an unescaped stop."""
    out = []
    while i < len(text) and text[i] not in stops:
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out), i


def _header(rest: str) -> tuple[str, tuple[str, ...]] | None:
    """Name and tags of a passage header (after `::`); None when the tag block is unclosed."""
    name, i = _read_until(rest, 0, "[{")
    tags = ""
    if i < len(rest) and rest[i] == "[":
        tags, i = _read_until(rest, i + 1, "]")
        if i >= len(rest):
            return None
    return name.strip(), tuple(tags.split())  # the metadata block holds only layout: skipped


def _content(lines: list[str]) -> str:
    """Passage text: `\\:\\:` at a line start decoded, trailing blank lines dropped (spec)."""
    decoded = ["::" + line[4:] if line.startswith("\\:\\:") else line for line in lines]
    decoded = [HEADER + line[3:] if line.startswith("\\::") else line for line in decoded]
    return "\n".join(decoded).strip()


def parse_twee(
    text: str, source_name: str, notes: list[Problem] | None = None
) -> tuple[list[Passage], list[Problem]]:
    """Split Twee 3 source into passages; problems for headers that cannot be read, and a note
    for text before the first passage, which Twee ignores."""
    passages: list[Passage] = []
    problems: list[Problem] = []
    notes = [] if notes is None else notes
    current: tuple[str, tuple[str, ...], int] | None = None
    body: list[str] = []
    # A closing sentinel header flushes the last passage like any other.
    for number, line in enumerate([*text.splitlines(), HEADER], start=1):
        if not line.startswith(HEADER):
            body.append(line)
            continue
        if current is not None:
            passages.append(Passage(current[0], current[1], _content(body), current[2]))
        elif not passages and not problems and any(part.strip() for part in body):
            notes.append(Problem(source_name, 1, "text before the first passage is ignored"))
        body, header = [], _header(line[len(HEADER) :])
        current = (*header, number) if header else None
        if header is None:
            problems.append(Problem(source_name, number, "passage header: unclosed tag block"))
    return passages, problems


def _story_data(passages: list[Passage], source_name: str) -> tuple[dict[str, Any], list[Problem]]:
    data = next((p for p in passages if p.name == "StoryData"), None)
    if data is None:
        return {}, []
    try:
        value = json.loads(data.text or "{}")
    except json.JSONDecodeError as exc:
        return {}, [Problem(source_name, data.line, f"StoryData: not valid JSON: {exc.msg}")]
    if not isinstance(value, dict):
        return {}, [Problem(source_name, data.line, "StoryData: expected a JSON object")]
    return value, []


def import_twee(text: str, source_name: str) -> Imported:
    """A scenario dict (ready to dump as YAML) from Twee 3 source, what could not be mapped, and
    notes on what a draft left out."""
    notes: list[Problem] = []
    passages, problems = parse_twee(text, source_name, notes)
    data, data_problems = _story_data(passages, source_name)
    title = next((p.text for p in passages if p.name == "StoryTitle"), "")
    start = data.get("start")
    story = Story(title, start if isinstance(start, str) and start else "Start", passages)
    scenario, map_problems, map_notes = to_scenario(story, source_name)
    return scenario, problems + data_problems + map_problems, notes + map_notes
