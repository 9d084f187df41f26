"""Single choice: 3-5 options, exactly one the key.

The answer is the chosen option's index (int), counted from 0 in the YAML's order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, field_validator

from trainer.assessments.types.answers import index, position, shown_at
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Posted, Score, count
from trainer.content.schema import Text
from trainer.content.validation import ContentModel

Credit = Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)]


class Option(ContentModel):
    """`weight`, when a file sets it (imports from Moodle do), is the share of the marks this
    option earns or costs; without it the key earns the marks and the rest nothing."""

    text: Text
    correct: StrictBool = False
    feedback: Text
    weight: Credit | None = None


def weighted(options: Sequence[Option], keys_at_least: float) -> None:
    """Weights are all set or none; a key has a positive weight, a distractor none."""
    weights = [option.weight for option in options]
    if all(w is None for w in weights):
        return
    if any(w is None for w in weights):
        raise ValueError("give every option a weight, or none")
    for option in options:
        if option.correct != (option.weight > 0 and option.weight >= keys_at_least):
            raise ValueError(
                f"option {option.text!r}: correct: {str(option.correct).lower()} does not "
                f"agree with its weight {option.weight:g}"
            )


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
        weighted(options, keys_at_least=1.0)  # the key earns full marks; others may earn part
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
    """1 if the key is chosen, or the chosen option's weight (never below 0); its feedback."""
    option = item.options[index(response, len(item.options), "option")]
    points = float(option.correct) if option.weight is None else max(0.0, option.weight)
    return Score(points, option.correct, [option.feedback])


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
