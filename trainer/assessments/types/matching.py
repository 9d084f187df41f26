"""Matching: 3-6 prompts, each with its match, and optional extra wrong matches (`distractors`,
as Moodle's matching questions have); the matches are shown shuffled.

The answer is {prompt index: match index}, where match j is the match of `pairs[j]`, or for j
past the pairs an extra wrong match; a prompt left out is unanswered, and so wrong.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import field_validator, model_validator

from trainer.assessments.types.answers import index, one, placed, position, shown_at
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


class Pair(ContentModel):
    prompt: Text
    match: Text
    feedback: Text


class MatchingItem(ItemBase):
    type: Literal["matching"]
    pairs: list[Pair]
    distractors: list[Text] = []

    @model_validator(mode="after")
    def _distractors_are_new_matches(self) -> MatchingItem:
        count(self.distractors, 0, 4, "extra wrong matches")
        distinct([pair.match for pair in self.pairs] + self.distractors, "match")
        return self

    @field_validator("pairs")
    @classmethod
    def _three_to_six(cls, pairs: list[Pair]) -> list[Pair]:
        count(pairs, 3, 6, "pairs")
        distinct([pair.prompt for pair in pairs], "prompt")
        distinct([pair.match for pair in pairs], "match")
        return pairs


def pairs(item: MatchingItem) -> list[Pair]:
    """What the page shows, shuffled: every match, the extra wrong ones included."""
    extra = [Pair(prompt="-", match=text, feedback="-") for text in item.distractors]
    return [*item.pairs, *extra]


def read(item: MatchingItem, order: Sequence[int], posted: Posted) -> dict[int, int] | None:
    """A shown match per prompt (`match-N`, prompts in YAML order); blanks left out."""
    size = len(order)
    values = [one(posted, f"match-{i}") for i in range(len(item.pairs))]
    if not any(values):
        return None
    return {i: order[position(v, size)] for i, v in enumerate(values) if v}


def fields(item: MatchingItem, answer: dict, order: Sequence[int]) -> Fields:
    where = shown_at(order)
    return {f"match-{int(i)}": [str(where[j])] for i, j in answer.items()}


def from_json(item: MatchingItem, stored: Any) -> Any:
    """JSON turned the prompt keys into strings."""
    if isinstance(stored, dict):
        return {int(prompt): match for prompt, match in stored.items()}
    return stored


def describe(item: MatchingItem, answer: dict) -> str:
    chosen, shown = sorted(answer.items()), pairs(item)
    return "; ".join(f"{item.pairs[int(p)].prompt} → {shown[m].match}" for p, m in chosen)


def describe_key(item: MatchingItem) -> str:
    return "; ".join(f"{pair.prompt} → {pair.match}" for pair in item.pairs)


def score(item: MatchingItem, response: Any) -> Score:
    """The share of prompts matched right; feedback on each pair missed."""
    if not isinstance(response, dict):
        raise ValueError(f"expected {{prompt index: match index}}, not {type(response).__name__}")
    size, matches = len(item.pairs), len(item.pairs) + len(item.distractors)
    chosen = {index(p, size, "prompt"): index(m, matches, "match") for p, m in response.items()}
    missed = [i for i in range(size) if chosen.get(i) != i]
    feedback = [item.pairs[i].feedback for i in missed]
    return Score((size - len(missed)) / size, not missed, feedback)


def sample(rng: random.Random, item: MatchingItem, order: Sequence[int], right: bool) -> Fields:
    where, matches = shown_at(order), placed(rng, len(item.pairs), right)
    return {f"match-{i}": [str(where[matches[i]])] for i in range(len(matches))}


ITEM_TYPE = ItemType(
    model=MatchingItem,
    read=read,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
    choices=pairs,
    from_json=from_json,
    always_shuffled=True,
)
