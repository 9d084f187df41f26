"""True or false: a statement and its truth.

The answer is a bool.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import StrictBool

from trainer.assessments.types.answers import TamperedAnswer, one
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Posted, Score
from trainer.content.schema import Text


class TrueFalseItem(ItemBase):
    type: Literal["true_false"]
    answer: StrictBool
    feedback_true: Text
    feedback_false: Text


def read(item: TrueFalseItem, order: Sequence[int], posted: Posted) -> bool | None:
    value = one(posted, "answer")
    if value not in ("", "true", "false"):
        raise TamperedAnswer(f"{value!r} is neither true nor false")
    return None if not value else value == "true"


def fields(item: TrueFalseItem, answer: bool, order: Sequence[int]) -> Fields:
    return {"answer": ["true" if answer else "false"]}


def describe(item: TrueFalseItem, answer: bool) -> str:
    return "True" if answer else "False"


def describe_key(item: TrueFalseItem) -> str:
    return describe(item, item.answer)


def score(item: TrueFalseItem, response: Any) -> Score:
    """1 if right; the feedback written for the answer given."""
    if not isinstance(response, bool):
        raise ValueError(f"expected true or false (bool), not {type(response).__name__}")
    right = response == item.answer
    return Score(float(right), right, [item.feedback_true if response else item.feedback_false])


def sample(rng: random.Random, item: TrueFalseItem, order: Sequence[int], right: bool) -> Fields:
    return fields(item, item.answer == right, order)


ITEM_TYPE = ItemType(
    model=TrueFalseItem,
    read=read,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
)
