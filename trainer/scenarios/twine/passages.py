"""Map one Twine passage to a scenario step, following the convention in twine/__init__.py.

Kept apart from the two source formats so Twee and Twine HTML share one mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from trainer.content.problems import Problem

BLOCK_TAGS = ("scenario", "persona", "brief")
STEP_TAGS = ("ending", "free", "branch")
IGNORED_TAGS = ("script", "stylesheet")
SPECIAL_NAMES = ("StoryTitle", "StoryData")
SET_BY_STORY = ("start", "steps")
LINK = re.compile(r"\[\[(.+?)\]\](\[)?")
FENCE = re.compile(r"^```(?:ya?ml)?[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
MACRO = re.compile(r"<<|\((?:set|if|else|else-if|unless|link|goto|print|display|either|cond):")


@dataclass(frozen=True)
class Passage:
    name: str
    tags: tuple[str, ...]
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Story:
    title: str
    start: str  # the name of the start passage
    passages: list[Passage]


def step_key(name: str) -> str:
    """A passage name as a step key: lower case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def parse_link(inner: str) -> tuple[str, str]:
    """(text, target) of a link's inside, in the four Twine forms."""
    if "|" in inner:
        text, target = inner.rsplit("|", 1)
    elif "->" in inner:
        text, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, text = inner.split("<-", 1)
    else:
        text = target = inner
    return text.strip(), target.strip()


class PassageMapper:
    """Collects problems, each naming its passage, while the story is mapped."""

    def __init__(self, story: Story, source_name: str):
        self.story, self.source_name = story, source_name
        self.problems: list[Problem] = []
        self.names = {p.name for p in story.passages if p.name not in SPECIAL_NAMES}

    def problem(self, passage: Passage, message: str) -> None:
        self.problems.append(
            Problem(self.source_name, passage.line, f"passage {passage.name!r}: {message}")
        )

    def yaml_of(self, passage: Passage, text: str) -> dict[str, Any]:
        try:
            value = yaml.safe_load(text) if text.strip() else {}
        except yaml.YAMLError as exc:
            self.problem(passage, f"not valid YAML: {getattr(exc, 'problem', exc)}")
            return {}
        if not isinstance(value, dict):
            self.problem(passage, "the YAML must be a mapping of fields")
            return {}
        return value

    def target(self, passage: Passage, name: str) -> str:
        if name not in self.names:
            self.problem(passage, f"links to {name!r}, which is not a passage")
        return step_key(name)

    def split(self, passage: Passage) -> tuple[str, list[tuple[str, str]], dict[str, Any]]:
        """The customer's line, the links and the fields of the fenced block."""
        blocks = FENCE.findall(passage.text)
        if len(blocks) > 1:
            self.problem(passage, "has more than one fenced YAML block")
        prose = FENCE.sub("", passage.text)
        if MACRO.search(prose):
            self.problem(passage, "uses story-format macros, which cannot be mapped")
        links = []
        for match in LINK.finditer(prose):
            if match.group(2):
                self.problem(
                    passage, f"link {match.group(1)!r} has a setter, which cannot be mapped"
                )
            links.append(parse_link(match.group(1)))
        lines = [line.strip() for line in prose.splitlines()]
        if any(LINK.search(line) and LINK.sub("", line).strip() for line in lines):
            self.problem(passage, "put each link on its own line")
        say = " ".join(line for line in lines if line and not LINK.search(line))
        return say, links, self.yaml_of(passage, blocks[0]) if blocks else {}

    def step(self, passage: Passage) -> dict[str, Any] | None:
        """The step a passage maps to, or None when it cannot be mapped."""
        unknown = [t for t in passage.tags if t not in STEP_TAGS]
        if unknown:
            self.problem(passage, f"unknown tag {unknown[0]!r}")
        kinds = [t for t in passage.tags if t in STEP_TAGS]
        if len(kinds) > 1:
            self.problem(passage, f"has tags {' and '.join(kinds)}; a step is one kind")
            return None
        say, links, fields = self.split(passage)
        if "next" in fields:
            self.problem(passage, "`next` comes from the passage's links, not its YAML")
        many = "choices" in fields or len(links) > 1
        kind = kinds[0] if kinds else "choice" if many else "customer"
        build = {"ending": self._ending, "free": self._linked, "branch": self._branch,
                 "customer": self._linked, "choice": self._choice}[kind]  # fmt: skip
        return build(passage, links, {**({"say": say} if say else {}), **fields})

    def _ending(self, passage: Passage, links: list, fields: dict) -> dict[str, Any]:
        if links:
            self.problem(passage, "an ending has no links")
        return fields

    def _linked(self, passage: Passage, links: list, fields: dict) -> dict[str, Any] | None:
        if len(links) != 1:
            self.problem(passage, f"needs exactly one link, not {len(links)} (or tag it ending)")
            return None
        return {**fields, "next": self.target(passage, links[0][1])}

    def _branch(self, passage: Passage, links: list, fields: dict) -> dict[str, Any] | None:
        if "say" in fields:
            self.problem(passage, "a branch shows no text; move the line to another passage")
        rules = fields.get("when")
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, dict) and isinstance(rule.get("next"), str):
                rule["next"] = self.target(passage, rule["next"])
        return self._linked(passage, links, {k: v for k, v in fields.items() if k != "say"})

    def _choice(self, passage: Passage, links: list, fields: dict) -> dict[str, Any] | None:
        entries = fields.pop("choices", None) or [{} for _ in links]
        if not isinstance(entries, list) or len(entries) != len(links):
            count = len(entries) if isinstance(entries, list) else "no list of"
            self.problem(passage, f"has {len(links)} links but {count} entries under choices")
            return None
        choices = []
        for (text, target), entry in zip(links, entries, strict=True):
            if not isinstance(entry, dict) or {"text", "next"} & set(entry):
                self.problem(
                    passage,
                    "each entry under choices is a mapping without text or next "
                    "(they come from its link)",
                )
                return None
            choices.append({"text": text, **entry, "next": self.target(passage, target)})
        return {**fields, "choices": choices}
