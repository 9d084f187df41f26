"""Read YAML while remembering the line of every value, so errors can name it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.content.problems import ContentError, Problem

# libyaml's parser where PyYAML was built with it: the same nodes and line marks, several times
# faster than the pure-Python one, which made reading the bundled pack take seconds.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Location = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its data and the line where each path inside it starts."""

    file: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, loc: Location) -> int | None:
        """The line of `loc`, or of its nearest enclosing value that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def at(self, loc: Location) -> Any:
        """The value at `loc` inside the document."""
        value = self.data
        for part in loc:
            value = value[part]
        return value

    def problem(self, loc: Location, message: str) -> Problem:
        return Problem(self.file, self.line_of(loc), message)


def _walk(node: yaml.Node, loc: Location, lines: dict[Location, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.constructor.SafeConstructor().construct_object(key_node, deep=True)
            result[key] = _walk(value_node, (*loc, key), lines)
            lines[(*loc, key)] = key_node.start_mark.line + 1  # point at the key, not its value
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def parse_yaml(text: str, file: str) -> Document:
    """Parse `text`; raise ContentError naming the line when it is not valid YAML."""
    try:
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(file, line, f"not valid YAML: {reason}")]) from exc
    if node is None:
        return Document(file, None, {(): 1})
    lines: dict[Location, int] = {}
    return Document(file, _walk(node, (), lines), lines)


def read_yaml(path: Path, root: Path) -> Document:
    """Parse the YAML file at `path`, naming it relative to the pack `root`."""
    return parse_yaml(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
