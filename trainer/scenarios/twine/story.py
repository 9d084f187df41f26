"""A Twine story as a scenario dict, following the convention in the package's docstring.

Twee and Twine HTML are read into the same `Story`; this maps it, so both formats share one mapping.
"""

from __future__ import annotations

from typing import Any

from trainer.content.problems import Problem
from trainer.scenarios.twine.draft import is_draft, to_draft
from trainer.scenarios.twine.passages import (
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


Imported = tuple[dict[str, Any], list[Problem], list[Problem]]  # scenario, problems, notes


def to_scenario(story: Story, source_name: str) -> Imported:
    """The scenario dict in the YAML's field order, every passage that could not be mapped, and
    notes on what was left out of a draft (a story without the convention: twine/draft.py)."""
    if is_draft(story):
        return to_draft(story, source_name)
    mapper = PassageMapper(story, source_name)
    blocks, held = _blocks(mapper, story)
    header = dict(blocks.get("scenario", {}))
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
    return scenario, mapper.problems, []
