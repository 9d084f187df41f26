"""The item types of a bank (docs/content/items.md): one model per `type`, each with its rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field, Strict, StrictBool, field_validator, model_validator

from trainer.competencies.schema import Key, Level, Text
from trainer.content.validation import ContentModel

Status = Literal["draft", "live", "retired"]
ItemType = Literal[
    "single",
    "multiple",
    "true_false",
    "ordering",
    "matching",
    "numeric",
    "sjt",
    "short_text",
    "essay",
]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]  # a YAML number, never a string


def _count(things: Sequence, low: int, high: int, noun: str) -> None:
    if not low <= len(things) <= high:
        raise ValueError(f"needs {low}-{high} {noun}, not {len(things)}")


def _distinct(values: Sequence[str], noun: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{noun} {value!r} appears twice")
        seen.add(value)


class ItemBase(ContentModel):
    key: Key
    type: ItemType  # each type narrows it to its own name
    level: Level
    competencies: list[Key] = Field(min_length=1)  # read_item_bank fills in the bank's
    status: Status = "live"
    stem: Text
    explanation: Text
    source: str = ""

    @field_validator("competencies")
    @classmethod
    def _each_competency_once(cls, competencies: list[str]) -> list[str]:
        _distinct(competencies, "competency")
        return competencies


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
        _count(options, 3, 5, "options")
        keys = sum(option.correct for option in options)
        if keys != 1:
            raise ValueError(f"exactly one option must have correct: true, not {keys}")
        return options


class MultipleItem(ItemBase):
    type: Literal["multiple"]
    options: list[Option]

    @field_validator("options")
    @classmethod
    def _several_keys(cls, options: list[Option]) -> list[Option]:
        _count(options, 4, 6, "options")
        keys = sum(option.correct for option in options)
        if keys < 2:
            raise ValueError(f"two or more options must have correct: true, not {keys}")
        if keys == len(options):
            raise ValueError("at least one option must be wrong, or choosing all scores full marks")
        return options


class TrueFalseItem(ItemBase):
    type: Literal["true_false"]
    answer: StrictBool
    feedback_true: Text
    feedback_false: Text


class Entry(ContentModel):
    text: Text
    feedback: Text


class OrderingItem(ItemBase):
    type: Literal["ordering"]
    sequence: list[Entry]  # in the right order

    @field_validator("sequence")
    @classmethod
    def _three_to_six(cls, sequence: list[Entry]) -> list[Entry]:
        _count(sequence, 3, 6, "entries")
        _distinct([entry.text for entry in sequence], "entry")
        return sequence


class Pair(ContentModel):
    prompt: Text
    match: Text
    feedback: Text


class MatchingItem(ItemBase):
    type: Literal["matching"]
    pairs: list[Pair]

    @field_validator("pairs")
    @classmethod
    def _three_to_six(cls, pairs: list[Pair]) -> list[Pair]:
        _count(pairs, 3, 6, "pairs")
        _distinct([pair.prompt for pair in pairs], "prompt")
        _distinct([pair.match for pair in pairs], "match")
        return pairs


class CommonError(ContentModel):
    value: Number
    feedback: Text


class NumericItem(ItemBase):
    type: Literal["numeric"]
    answer: Number
    tolerance: Annotated[Number, Field(ge=0)]
    unit: str = ""
    feedback_correct: Text
    common_errors: list[CommonError] = []

    @model_validator(mode="after")
    def _errors_outside_tolerance(self) -> NumericItem:
        for error in self.common_errors:
            if within(error.value, self.answer, self.tolerance):
                raise ValueError(
                    f"common error {error.value:g} is within the tolerance of the answer, "
                    "so it would be scored right"
                )
        return self


def within(value: float, target: float, tolerance: float) -> bool:
    """Whether `value` is `target` give or take `tolerance`, forgiving float rounding."""
    return abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target))


class SjtResponse(ContentModel):
    text: Text
    effectiveness: Level
    reason: Text


class SjtItem(ItemBase):
    type: Literal["sjt"]
    responses: list[SjtResponse]

    @field_validator("responses")
    @classmethod
    def _four(cls, responses: list[SjtResponse]) -> list[SjtResponse]:
        if len(responses) != 4:
            raise ValueError(f"needs exactly 4 responses, not {len(responses)}")
        return responses


class ShortTextItem(ItemBase):
    type: Literal["short_text"]
    accepted: list[Text] = Field(min_length=1)
    feedback_correct: Text
    feedback_incorrect: Text


class EssayItem(ItemBase):
    type: Literal["essay"]
    guidance: Text
    look_fors: list[Text] = Field(min_length=1)


ITEM_MODELS: dict[str, type[ItemBase]] = {
    "single": SingleItem,
    "multiple": MultipleItem,
    "true_false": TrueFalseItem,
    "ordering": OrderingItem,
    "matching": MatchingItem,
    "numeric": NumericItem,
    "sjt": SjtItem,
    "short_text": ShortTextItem,
    "essay": EssayItem,
}

Item = Annotated[
    SingleItem
    | MultipleItem
    | TrueFalseItem
    | OrderingItem
    | MatchingItem
    | NumericItem
    | SjtItem
    | ShortTextItem
    | EssayItem,
    Field(discriminator="type"),
]
