"""Single choice: 3-5 options, exactly one the key.

The answer is the chosen option's index (int), counted from 0 in the YAML's order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import StrictBool, field_validator

from trainer.assessments.types.answers import index, position, shown_at
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Posted, Score, count
from trainer.content.schema import Text
from trainer.content.validation import ContentModel


class Option(ContentModel):
    text: Text
    correct: StrictBool = False
    feedback: Text


class SingleItem(ItemBase):
    type: Literal["single"]
    options: list[Option]

    @field_validator("options")
    @classmethod
    def _one_key(cls, options: list[Option]) -> list[Option]:
        count(options, 3, 5, "options")
        keys = sum(option.correct for option in options)
        if keys != 1:
            raise ValueError(f"exactly one option must have correct: true, not {keys}")
        return options


def options(item: Any) -> list[Option]:
    return item.options


def picked(order: Sequence[int], posted: Posted) -> list[int]:
    """The ticked options' YAML indices; single and multiple post them the same way."""
    return [order[position(v, len(order))] for v in posted.get("answer") or [] if v]


def read(item: SingleItem, order: Sequence[int], posted: Posted) -> int | None:
    chosen = picked(order, posted)
    return chosen[0] if chosen else None


def fields(item: SingleItem, answer: int, order: Sequence[int]) -> Fields:
    return {"answer": [str(shown_at(order)[answer])]}


def describe(item: SingleItem, answer: int) -> str:
    return item.options[answer].text


def describe_key(item: Any) -> str:
    """The keyed options; multiple choice describes its key the same way."""
    return "; ".join(option.text for option in item.options if option.correct)


def score(item: SingleItem, response: Any) -> Score:
    """1 if the key is chosen; the chosen option's feedback."""
    option = item.options[index(response, len(item.options), "option")]
    return Score(float(option.correct), option.correct, [option.feedback])


def sample(rng: random.Random, item: SingleItem, order: Sequence[int], right: bool) -> Fields:
    key = next(i for i, option in enumerate(item.options) if option.correct)
    wrong = [i for i, option in enumerate(item.options) if not option.correct]
    return {"answer": [str(shown_at(order)[key if right else rng.choice(wrong)])]}


ITEM_TYPE = ItemType(
    model=SingleItem,
    read=read,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
    choices=options,
)
