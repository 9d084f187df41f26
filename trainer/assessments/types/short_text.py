"""Short answer: a word or phrase, right if it matches an accepted answer.

The answer is the text (str).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field

from trainer.assessments.types.answers import read_text, text
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Score
from trainer.content.schema import Text
from trainer.content.validation import ContentModel


class PartialAnswer(ContentModel):
    """An answer that earns part of the marks (Moodle's short answers with a grade below 100%)."""

    text: Text
    credit: Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]  # 0: feedback only
    feedback: Text


class ShortTextItem(ItemBase):
    """An accepted answer may hold `*`, which stands for any run of characters, as in Moodle."""

    type: Literal["short_text"]
    accepted: list[Text] = Field(min_length=1)
    feedback_correct: Text
    feedback_incorrect: Text
    partial: list[PartialAnswer] = []


def normalise(words: str) -> str:
    """Text as short answers compare it: case and runs of spacing ignored."""
    return " ".join(words.split()).casefold()


def matches(pattern: str, answer: str) -> bool:
    """`answer` is `pattern` ignoring case and spacing, with `*` standing for anything."""
    pattern, answer = normalise(pattern), normalise(answer)
    if "*" not in pattern:
        return pattern == answer
    parts = (re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(".*".join(parts), answer, re.DOTALL) is not None


def fields(item: Any, answer: str, order: Sequence[int]) -> Fields:
    """The text as written; essays show theirs the same way."""
    return {"answer": [answer]}


def describe(item: Any, answer: str) -> str:
    return str(answer)


def describe_key(item: ShortTextItem) -> str:
    return " or ".join(item.accepted)


def score(item: ShortTextItem, response: Any) -> Score:
    """1 if it matches an accepted answer, ignoring case and spacing; else a partial answer's
    credit and feedback."""
    written = text(response)
    if any(matches(answer, written) for answer in item.accepted):
        return Score(1.0, True, [item.feedback_correct])
    for partial in item.partial:
        if matches(partial.text, written):
            return Score(partial.credit, False, [partial.feedback])
    return Score(0.0, False, [item.feedback_incorrect])


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
