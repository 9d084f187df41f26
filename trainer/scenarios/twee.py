"""Import a role-play call written in Twine: Twee 3 source or Twine 2 published HTML.

The convention (examples: tests/scenarios/data/*.twee and *.html):

* ``StoryTitle`` is the default ``title``; the start step is ``StoryData``'s ``start`` (Twee) or
  ``<tw-storydata startnode>`` (HTML), else the passage named ``Start``.
* A passage tagged ``scenario`` holds YAML for the top-level fields: key, call_type, profile,
  level, minutes, summary, optional title, state and timeout (a passage name). Passages tagged
  ``persona`` and ``brief`` hold YAML for those blocks.
* Every other passage is a step, keyed by its name in lower case with hyphens
  ("First response" -> ``first-response``). Its prose is the customer's line (``say``); put each
  link on its own line: ``[[Target]]``, ``[[text|Target]]``, ``[[text->Target]]`` or
  ``[[Target<-text]]``. Step fields go in one fenced block (a line of three backticks, optionally
  followed by ``yaml``, the YAML, and a closing line of three backticks).
* Untagged, one link and no ``choices``: a customer line that moves on to the link. Otherwise its
  links are the learner's choices, the link text being what they say; the block's ``choices``
  list describes them in link order (best, evidence, feedback, reply, effects), beside ``prompt``.
* Tagged ``free``: a free response; the block has ``behaviours`` (and ``prompt``, ``effects``);
  its one link is ``next``. Tagged ``branch``: the block has ``when`` rules whose ``next`` is a
  passage name; its one link is the default. Tagged ``ending``: the block has ``outcome``,
  ``title`` and ``debrief``; no links.
* Passages tagged ``script`` or ``stylesheet`` are story-format code and ignored. Anything else
  that cannot be mapped (macros, unknown tags, a link to no passage) is a problem naming the
  passage; nothing is guessed. The result is checked by ``read_scenario`` once dumped as YAML.
"""

from __future__ import annotations

import json
from typing import Any

from trainer.content.problems import Problem
from trainer.scenarios.passages import (
    BLOCK_TAGS,
    FENCE,
    IGNORED_TAGS,
    SET_BY_STORY,
    SPECIAL_NAMES,
    Passage,
    PassageMapper,
    Story,
    step_key,
)
from trainer.scenarios.twine_html import read_twine_html

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


def parse_twee(text: str, source_name: str) -> tuple[list[Passage], list[Problem]]:
    """Split Twee 3 source into passages; problems for headers that cannot be read."""
    passages: list[Passage] = []
    problems: list[Problem] = []
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
            problems.append(Problem(source_name, 1, "text before the first passage is ignored"))
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


HEADER_ORDER = ("key", "title", "call_type", "profile", "level", "minutes", "summary")


def _blocks(mapper: PassageMapper, story: Story) -> tuple[dict[str, Any], dict[str, Passage]]:
    """The YAML of the scenario, persona and brief passages, and which passage held each."""
    blocks: dict[str, Any] = {}
    held: dict[str, Passage] = {}
    for passage in story.passages:
        for tag in (t for t in passage.tags if t in BLOCK_TAGS):
            if tag in held:
                mapper.problem(passage, f"a second passage tagged {tag!r}")
            fenced = FENCE.search(passage.text)
            blocks[tag], held[tag] = (
                mapper.yaml_of(passage, fenced[1] if fenced else passage.text),
                passage,
            )
    return blocks, held


def _steps(mapper: PassageMapper, story: Story) -> dict[str, Any]:
    steps: dict[str, Any] = {}
    owners: dict[str, str] = {}
    skip = (*BLOCK_TAGS, *IGNORED_TAGS)
    for passage in story.passages:
        if passage.name in SPECIAL_NAMES or any(tag in skip for tag in passage.tags):
            continue
        key = step_key(passage.name)
        if not key or key in owners:
            clash = f"becomes step {key!r}, like passage {owners[key]!r}" if key else ""
            mapper.problem(passage, clash or "its name has no letters or digits for a step key")
            continue
        owners[key] = passage.name
        step = mapper.step(passage)
        if step is not None:
            steps[key] = step
    return steps


def to_scenario(story: Story, source_name: str) -> tuple[dict[str, Any], list[Problem]]:
    """The scenario dict in the YAML's field order, and every passage that could not be mapped."""
    mapper = PassageMapper(story, source_name)
    blocks, held = _blocks(mapper, story)
    header = dict(blocks.get("scenario", {}))
    if "scenario" not in held:
        mapper.problems.append(Problem(source_name, None, "no passage is tagged 'scenario'"))
    for field in SET_BY_STORY:
        if field in header:
            mapper.problem(held["scenario"], f"`{field}` is set by the story, not the YAML")
            header.pop(field)
    if story.start not in mapper.names:
        mapper.problems.append(
            Problem(source_name, None, f"start passage {story.start!r} is missing")
        )
    if isinstance(header.get("timeout"), str):
        header["timeout"] = mapper.target(held["scenario"], header["timeout"])
    header.setdefault("title", story.title)
    scenario = {field: header.pop(field) for field in HEADER_ORDER if field in header}
    scenario.update({tag: blocks[tag] for tag in ("persona", "brief") if tag in blocks})
    scenario.update(header)
    scenario.update(start=step_key(story.start), steps=_steps(mapper, story))
    return scenario, mapper.problems


def import_twee(text: str, source_name: str) -> tuple[dict[str, Any], list[Problem]]:
    """A scenario dict (ready to dump as YAML) from Twee 3 source, and what could not be mapped."""
    passages, problems = parse_twee(text, source_name)
    data, data_problems = _story_data(passages, source_name)
    title = next((p.text for p in passages if p.name == "StoryTitle"), "")
    start = data.get("start")
    story = Story(title, start if isinstance(start, str) and start else "Start", passages)
    scenario, map_problems = to_scenario(story, source_name)
    return scenario, problems + data_problems + map_problems


def import_twine_html(html: str, source_name: str) -> tuple[dict[str, Any], list[Problem]]:
    """A scenario dict from a Twine 2 published (or archived) HTML story."""
    story = read_twine_html(html)
    if story is None:
        return {}, [Problem(source_name, None, "no <tw-storydata> element: not a Twine 2 story")]
    return to_scenario(story, source_name)
