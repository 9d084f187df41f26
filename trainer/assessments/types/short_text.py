"""Short answer: a word or phrase, right if it matches an accepted answer.

The answer is the text (str).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from trainer.assessments.types.answers import read_text, text
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Score
from trainer.content.schema import Text


class ShortTextItem(ItemBase):
    type: Literal["short_text"]
    accepted: list[Text] = Field(min_length=1)
    feedback_correct: Text
    feedback_incorrect: Text


def normalise(words: str) -> str:
    """Text as short answers compare it: case and runs of spacing ignored."""
    return " ".join(words.split()).casefold()


def fields(item: Any, answer: str, order: Sequence[int]) -> Fields:
    """The text as written; essays show theirs the same way."""
    return {"answer": [answer]}


def describe(item: Any, answer: str) -> str:
    return str(answer)


def describe_key(item: ShortTextItem) -> str:
    return " or ".join(item.accepted)


def score(item: ShortTextItem, response: Any) -> Score:
    """1 if it matches an accepted answer, ignoring case and spacing."""
    right = normalise(text(response)) in {normalise(answer) for answer in item.accepted}
    return Score(float(right), right, [item.feedback_correct if right else item.feedback_incorrect])


def sample(rng: random.Random, item: ShortTextItem, order: Sequence[int], right: bool) -> Fields:
    return fields(item, item.accepted[0] if right else "It depends on the customer.", order)


ITEM_TYPE = ItemType(
    model=ShortTextItem,
    read=read_text,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
)
