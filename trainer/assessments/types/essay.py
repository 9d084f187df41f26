"""Essay: a written answer that a manager rates later on the competency rubric.

The answer is the text (str). Submitting queues it for review (`attempts.submit`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from trainer.assessments.types.answers import read_text, text
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Score
from trainer.assessments.types.short_text import describe, fields
from trainer.content.schema import Text


class EssayItem(ItemBase):
    type: Literal["essay"]
    guidance: Text
    look_fors: list[Text] = Field(min_length=1)


def describe_key(item: EssayItem) -> str:
    return "Rated by a manager on the rubric"


def score(item: EssayItem, response: Any) -> Score:
    """Nothing yet: a manager rates the essay later on the competency rubric."""
    text(response)
    return Score(0.0, None, [])


def sample(rng: random.Random, item: EssayItem, order: Sequence[int], right: bool) -> Fields:
    """Every look-for, or a non-answer."""
    return fields(item, " ".join(item.look_fors) if right else "It depends on the customer.", order)


ITEM_TYPE = ItemType(
    model=EssayItem,
    read=read_text,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
    manager_rated=True,
)
