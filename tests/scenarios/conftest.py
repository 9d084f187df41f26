"""Fixtures for the pure scenario core: a small call that uses every kind of step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trainer.content.source import parse_yaml
from trainer.content.validation import PackKeys
from trainer.scenarios.schema import Scenario, read_scenario

DATA = Path(__file__).parent / "data"
KEYS = PackKeys(
    competencies=frozenset({"active-listening", "value-selling", "negotiating"}),
    profiles=frozenset({"inside-rep"}),
)


@pytest.fixture
def call_text() -> str:
    return (DATA / "printer-call.yaml").read_text(encoding="utf-8")


@pytest.fixture
def problems_of() -> Callable[..., list[str]]:
    """Read scenario text as `file` and return its problems as 'file:line: message' strings."""

    def read(text: str, file: str = "scenarios/printer-call.yaml") -> list[str]:
        scenario, problems = read_scenario(parse_yaml(text, file), KEYS)
        assert (scenario is None) == bool(problems)
        return [str(problem) for problem in problems]

    return read


@pytest.fixture
def load() -> Callable[[str], Scenario]:
    """Read scenario text that must be valid."""

    def read(text: str) -> Scenario:
        scenario, problems = read_scenario(parse_yaml(text, "printer-call.yaml"), KEYS)
        assert not problems, problems
        return scenario

    return read


@pytest.fixture
def scenario(load, call_text) -> Scenario:
    return load(call_text)


@pytest.fixture
def line() -> Callable[..., int]:
    """The 1-based line of the first `needle` (after the first `after`) in `text`."""

    def find(text: str, needle: str, after: str = "") -> int:
        start = text.index(after) if after else 0
        return text[: text.index(needle, start)].count("\n") + 1

    return find
