"""What every item type is: the fields all items share, and the bundle of functions a type
provides (docs/content/item-types.md)."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, StringConstraints, field_validator

from trainer.content.schema import Key, Level, Text
from trainer.content.validation import ContentModel

Status = Literal["draft", "live", "retired"]
Posted = Mapping[str, Sequence[str]]  # a form post: field name -> its values
Fields = dict[str, list[str]]  # an answer as the page's fields, in display positions


def count(things: Sequence, low: int, high: int, noun: str) -> None:
    if not low <= len(things) <= high:
        raise ValueError(f"needs {low}-{high} {noun}, not {len(things)}")


def distinct(values: Sequence[str], noun: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{noun} {value!r} appears twice")
        seen.add(value)


class Figure(ContentModel):
    """A picture shown under the stem: a stored asset (content/assets.py) and its words."""

    asset: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    alt: str = ""


class ItemBase(ContentModel):
    key: Key
    type: str  # each type narrows it to a Literal of its own name
    level: Level
    competencies: list[Key] = Field(min_length=1)  # read_item_bank fills in the bank's
    status: Status = "live"
    stem: Text
    explanation: Text
    source: str = ""
    figures: list[Figure] = []  # from imports; a pack's YAML cannot carry the pictures

    @field_validator("competencies")
    @classmethod
    def _each_competency_once(cls, competencies: list[str]) -> list[str]:
        distinct(competencies, "competency")
        return competencies


@dataclass(frozen=True)
class Score:
    """Points from 0 to 1, whether the response was right, and the feedback to show."""

    points: float
    correct: bool | None  # None while an essay waits for a manager's rating
    feedback: list[str] = field(default_factory=list)


def no_choices(item: Any) -> list:
    return []


def as_stored(item: Any, stored: Any) -> Any:
    return stored


@dataclass(frozen=True)
class ItemType:
    """One item type: its model and the small functions delivery, scoring and the demo call.

    An answer is in the shape `score` takes (each type module's docstring says which); posted
    and shown fields use display positions, mapped through the attempt's `order` so the page
    never needs the key.
    """

    model: type[ItemBase]
    read: Callable[[Any, Sequence[int], Posted], Any]  # posted fields -> answer; None if blank
    fields: Callable[[Any, Any, Sequence[int]], Fields]  # a saved answer -> the page's fields
    describe: Callable[[Any, Any], str]  # an answer in words, for results
    describe_key: Callable[[Any], str]  # the right answer in words, once an answer is final
    score: Callable[[Any, Any], Score]
    sample: Callable[[random.Random, Any, Sequence[int], bool], Fields]  # a demo post
    choices: Callable[[Any], list] = no_choices  # what the page shows in `order`
    from_json: Callable[[Any, Any], Any] = as_stored  # a JSON-stored answer in `score`'s shape
    always_shuffled: bool = False  # shown in key order, the item would answer itself
    manager_rated: bool = False  # rated later on the rubric: no certainty, no instant check

    @property
    def name(self) -> str:
        """The `type:` of the YAML, taken from the model so it is written once."""
        return get_args(self.model.model_fields["type"].annotation)[0]

    @property
    def template(self) -> str:
        """The partial that draws the item's answer fields."""
        return f"assessments/items/_{self.name}.html"
