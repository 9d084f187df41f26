"""Ordering: 3-6 entries, written in the right order, that the taker puts in order.

The answer is indices into `sequence`, in the order the taker put the entries (each index once).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import field_validator

from trainer.assessments.types.answers import UnclearAnswer, indices, placed, ranks, shown_at
from trainer.assessments.types.base import (
    Fields,
    ItemBase,
    ItemType,
    Posted,
    Score,
    count,
    distinct,
)
from trainer.content.schema import Text
from trainer.content.validation import ContentModel


class Entry(ContentModel):
    text: Text
    feedback: Text


class OrderingItem(ItemBase):
    type: Literal["ordering"]
    sequence: list[Entry]  # in the right order

    @field_validator("sequence")
    @classmethod
    def _three_to_six(cls, sequence: list[Entry]) -> list[Entry]:
        count(sequence, 3, 6, "entries")
        distinct([entry.text for entry in sequence], "entry")
        return sequence


def entries(item: OrderingItem) -> list[Entry]:
    return item.sequence


def read(item: OrderingItem, order: Sequence[int], posted: Posted) -> list[int] | None:
    """A position per shown entry (`rank-N`), each position once."""
    size = len(order)
    numbers = ranks(posted, "rank", size, size)
    if numbers is None:
        return None
    if len(set(numbers)) != size:
        raise UnclearAnswer("Give each entry a different position.")
    return [order[shown] for shown in sorted(range(size), key=lambda i: numbers[i])]


def fields(item: OrderingItem, answer: list[int], order: Sequence[int]) -> Fields:
    where = shown_at(order)
    return {f"rank-{where[index]}": [str(rank + 1)] for rank, index in enumerate(answer)}


def describe(item: OrderingItem, answer: list[int]) -> str:
    return " → ".join(item.sequence[i].text for i in answer)


def describe_key(item: OrderingItem) -> str:
    return " → ".join(entry.text for entry in item.sequence)


def score(item: OrderingItem, response: Any) -> Score:
    """The share of neighbouring pairs that are neighbours, in order, in the key; feedback on
    each entry out of place."""
    order = indices(response, len(item.sequence), "entry")
    if len(order) != len(item.sequence):
        raise ValueError(f"expected all {len(item.sequence)} entries in order, not {len(order)}")
    # Counting pairs that are merely in ascending order would give a random guess half marks.
    followed = sum(after == before + 1 for before, after in zip(order, order[1:], strict=False))
    misplaced = sorted(index for position, index in enumerate(order) if index != position)
    feedback = [item.sequence[i].feedback for i in misplaced]
    return Score(followed / (len(order) - 1), not misplaced, feedback)


def sample(rng: random.Random, item: OrderingItem, order: Sequence[int], right: bool) -> Fields:
    where, places = shown_at(order), placed(rng, len(item.sequence), right)
    return {f"rank-{where[i]}": [str(places[i] + 1)] for i in range(len(places))}


ITEM_TYPE = ItemType(
    model=OrderingItem,
    read=read,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
    choices=entries,
    always_shuffled=True,
)
