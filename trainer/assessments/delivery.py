"""Delivering a form: which items an attempt gets, in which order, and reading posted answers.

Everything here is reproducible from the attempt's seed and never needs the answer key to draw a
page: the page shows items through `order`, the display order of an item's choices, and a posted
answer is mapped back through it to the YAML indices that `scoring.score` expects. What differs
by item type is asked of its registered `ItemType`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.assessments.draws import candidates
from trainer.assessments.schema import Form
from trainer.assessments.types import type_of
from trainer.assessments.types.answers import TamperedAnswer, UnclearAnswer, one
from trainer.assessments.types.base import ItemBase

__all__ = [
    "Planned",
    "TamperedAnswer",
    "UnclearAnswer",
    "assemble",
    "choices_of",
    "describe",
    "describe_key",
    "display_order",
    "displayed",
    "from_json",
    "read_answer",
    "read_certainty",
]


@dataclass(frozen=True)
class Planned:
    section: str
    key: str
    order: tuple[int, ...]  # display position -> index in the item's YAML list


def choices_of(item: ItemBase) -> list:
    """The list an item shows in `order`: options, entries, matches or responses."""
    return type_of(item).choices(item)


def display_order(item: ItemBase, rng: random.Random, shuffle_options: bool) -> tuple[int, ...]:
    size = len(choices_of(item))
    order = list(range(size))
    always = type_of(item).always_shuffled
    if size > 1 and (always or shuffle_options):
        while True:
            rng.shuffle(order)
            if not always or order != sorted(order):
                break
    return tuple(order)


def pick(rng: random.Random, options: list[ItemBase], count: int, seen: frozenset[str]):
    """`count` of `options` at random, items in `seen` only when too few others are left.

    Exposure control: a retake draws what the person has not been shown wherever the pool allows.
    """
    fresh = [item for item in options if item.key not in seen]
    if len(fresh) >= count:
        return rng.sample(fresh, count)
    stale = [item for item in options if item.key in seen]
    return fresh + rng.sample(stale, count - len(fresh))


def assemble(
    form: Form, items: Mapping[str, ItemBase], seed: int, seen: frozenset[str] = frozenset()
) -> list[Planned]:
    """The attempt's items: fixed ones, then each draw's picks, shuffled within each section.

    Draws prefer items whose keys are not in `seen` (those the person was shown before).
    """
    rng = random.Random(seed)
    fixed = frozenset(form.fixed_items())
    taken: set[str] = set()
    pool = sorted(items.values(), key=lambda item: item.key)
    plan: list[Planned] = []
    for section in form.sections:
        if section.items:
            keys = list(section.items)
        else:
            options = candidates(section.draw, pool, fixed | taken)
            keys = [item.key for item in pick(rng, options, section.draw.count, seen)]
        if form.shuffle_items:
            rng.shuffle(keys)
        taken.update(keys)
        plan += [
            Planned(section.title, key, display_order(items[key], rng, form.shuffle_options))
            for key in keys
        ]
    return plan


def read_answer(item: ItemBase, order: Sequence[int], posted: Mapping[str, Sequence[str]]) -> Any:
    """The posted answer in `scoring.score`'s shape, or None when the item was left blank."""
    return type_of(item).read(item, order, posted)


def read_certainty(posted: Mapping[str, Sequence[str]]) -> int | None:
    value = one(posted, "certainty")
    if not value:
        return None
    if value not in ("1", "2", "3"):
        raise TamperedAnswer(f"{value!r} is not a certainty of 1, 2 or 3")
    return int(value)


def displayed(answer: Any, item: ItemBase, order: Sequence[int]) -> dict[str, Any]:
    """A saved answer as the page's fields: display positions, so the form shows it again."""
    if answer is None:
        return {}
    return type_of(item).fields(item, answer, order)


def from_json(item: ItemBase, stored: Any) -> Any:
    """A saved answer as `score` wants it, whatever JSON did to it."""
    return type_of(item).from_json(item, stored)


def describe(item: ItemBase, answer: Any) -> str:
    """An answer in words, for the result page."""
    if answer is None:
        return "No answer"
    return type_of(item).describe(item, answer)


def describe_key(item: ItemBase) -> str:
    """The right answer in words, shown only once an answer is final."""
    return type_of(item).describe_key(item)
