"""Fixtures for the pure assessment core: a bank with one item of every type, and a form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trainer.assessments.schema import read_form, read_item_bank
from trainer.content.source import parse_yaml
from trainer.content.validation import PackKeys

DATA = Path(__file__).parent / "data"
KEYS = PackKeys(
    competencies=frozenset({"negotiating", "value-selling", "active-listening"}),
    profiles=frozenset({"inside-rep"}),
)
BANK_FILE = "items/negotiating.yaml"
FORM_FILE = "forms/negotiating-practice.yaml"


@pytest.fixture
def bank_text() -> str:
    return (DATA / "negotiating.yaml").read_text(encoding="utf-8")


@pytest.fixture
def form_text() -> str:
    return (DATA / "negotiating-practice.yaml").read_text(encoding="utf-8")


@pytest.fixture
def read_bank() -> Callable[..., tuple[list, list[str]]]:
    """Read bank text as `file`: (valid items, problems as 'file:line: message')."""

    def read(text: str, file: str = BANK_FILE) -> tuple[list, list[str]]:
        items, problems = read_item_bank(parse_yaml(text, file), KEYS)
        return items, [str(problem) for problem in problems]

    return read


@pytest.fixture
def items(read_bank, bank_text) -> dict:
    """The bank's items by key; it must read without problems."""
    valid, problems = read_bank(bank_text)
    assert not problems, problems
    return {item.key: item for item in valid}


@pytest.fixture
def read_form_text(items) -> Callable[..., tuple[object, list[str]]]:
    """Read form text against the bank's items: (form or None, problems as strings)."""

    def read(text: str, file: str = FORM_FILE, pool: dict | None = None) -> tuple:
        form, problems = read_form(parse_yaml(text, file), KEYS, items if pool is None else pool)
        assert (form is None) == bool(problems)
        return form, [str(problem) for problem in problems]

    return read


@pytest.fixture
def line() -> Callable[..., int]:
    """The 1-based line of the first `needle` (after the first `after`) in `text`."""

    def find(text: str, needle: str, after: str = "") -> int:
        start = text.index(after) if after else 0
        return text[: text.index(needle, start)].count("\n") + 1

    return find
