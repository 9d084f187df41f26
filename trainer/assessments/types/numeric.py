"""Numeric: a number, right within a tolerance, with feedback for the usual mistakes.

The answer is the number (int or float).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, Strict, model_validator

from trainer.assessments.types.answers import UnclearAnswer, one
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Posted, Score
from trainer.content.schema import Text
from trainer.content.validation import ContentModel
from trainer.inputs import parse_number

Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]  # a YAML number, never a string
_NUMBER_NOISE = re.compile(r"[\s,$€£%]")


def within(value: float, target: float, tolerance: float) -> bool:
    """Whether `value` is `target` give or take `tolerance`, forgiving float rounding."""
    return abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target))


class CommonError(ContentModel):
    """A usual mistake: its feedback, and the part of the marks it still earns (Moodle's
    partial-credit answers), within its own tolerance or the item's."""

    value: Number
    feedback: Text
    credit: Annotated[Number, Field(ge=0, lt=1)] = 0.0
    tolerance: Annotated[Number, Field(ge=0)] | None = None


class NumericItem(ItemBase):
    type: Literal["numeric"]
    answer: Number
    tolerance: Annotated[Number, Field(ge=0)]
    unit: str = ""
    feedback_correct: Text
    common_errors: list[CommonError] = []
    feedback_incorrect: str = ""  # for any other answer

    @model_validator(mode="after")
    def _errors_outside_tolerance(self) -> NumericItem:
        for error in self.common_errors:
            reach = _tolerance(self, error)
            inside = abs(error.value - self.answer) + reach <= self.tolerance + 1e-9
            if within(error.value, self.answer, self.tolerance) and (
                error.tolerance is None or inside
            ):
                raise ValueError(
                    f"common error {error.value:g} is within the tolerance of the answer, "
                    "so it would be scored right"
                )
        return self


def read(item: NumericItem, order: Sequence[int], posted: Posted) -> float | None:
    """A number as people type it: spaces, thousands commas, currency and % ignored."""
    value = _NUMBER_NOISE.sub("", one(posted, "answer"))
    if not value:
        return None
    try:
        return parse_number(value)
    except ValueError:
        raise UnclearAnswer("Write the answer as a number, such as 1250 or 12.5.") from None


def fields(item: NumericItem, answer: float, order: Sequence[int]) -> Fields:
    return {"answer": [f"{answer:g}"]}


def describe(item: NumericItem, answer: float) -> str:
    return f"{answer:g} {item.unit}".strip()


def describe_key(item: NumericItem) -> str:
    return f"{item.answer:g} {item.unit} (± {item.tolerance:g})".strip()


def score(item: NumericItem, response: Any) -> Score:
    """1 within the tolerance; otherwise the credit and feedback of the nearest common error it
    matches, or the feedback for any other answer."""
    if isinstance(response, bool) or not isinstance(response, int | float):
        raise ValueError(f"expected a number, not {type(response).__name__}")
    if not math.isfinite(response):
        raise ValueError(f"expected a finite number, not {response}")
    if within(response, item.answer, item.tolerance):
        return Score(1.0, True, [item.feedback_correct])
    errors = [e for e in item.common_errors if within(response, e.value, _tolerance(item, e))]
    nearest = sorted(errors, key=lambda error: abs(response - error.value))[:1]
    if not nearest:
        return Score(0.0, False, [item.feedback_incorrect] if item.feedback_incorrect else [])
    return Score(nearest[0].credit, False, [nearest[0].feedback])


def _tolerance(item: NumericItem, error: CommonError) -> float:
    return item.tolerance if error.tolerance is None else error.tolerance


def sample(rng: random.Random, item: NumericItem, order: Sequence[int], right: bool) -> Fields:
    """The answer, or one of the common errors (a slip past the tolerance if none is listed)."""
    slips = [e.value for e in item.common_errors] or [item.answer + 2 * item.tolerance + 1]
    return {"answer": [f"{item.answer if right else rng.choice(slips):.12g}"]}


ITEM_TYPE = ItemType(
    model=NumericItem,
    read=read,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
)
