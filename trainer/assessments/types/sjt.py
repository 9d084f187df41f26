"""Situational judgement: four responses to a situation, each rated 1-4 for effectiveness.

The answer is the taker's rating of each response, in the order of `responses` (4 ints). It is
scored by how well the ratings order the responses as the key does, beyond chance (Somers' D,
clipped at 0): rating everything the same, at random or by a cue unrelated to the key earns
nothing on average. docs/content/item-types.md works the numbers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations
from typing import Any, Literal

from pydantic import field_validator

from trainer.assessments.types.answers import ranks, shown_at
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Posted, Score
from trainer.content.schema import Level, Text
from trainer.content.validation import ContentModel


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
        if len({r.effectiveness for r in responses}) < 2:
            raise ValueError("needs responses of different effectiveness to rank")
        return responses


def responses(item: SjtItem) -> list[SjtResponse]:
    return item.responses


def read(item: SjtItem, order: Sequence[int], posted: Posted) -> list[int] | None:
    """A rating 1-4 per shown response (`rating-N`), put back in YAML order."""
    numbers = ranks(posted, "rating", len(order), 4)
    if numbers is None:
        return None
    ratings = [0] * len(order)
    for shown, rating in enumerate(numbers):
        ratings[order[shown]] = rating
    return ratings


def fields(item: SjtItem, answer: list[int], order: Sequence[int]) -> Fields:
    where = shown_at(order)
    return {f"rating-{where[i]}": [str(r)] for i, r in enumerate(answer)}


def describe(item: SjtItem, answer: list[int]) -> str:
    rated = zip(item.responses, answer, strict=True)
    return "; ".join(f"{response.text} — rated {rating}" for response, rating in rated)


def describe_key(item: SjtItem) -> str:
    return "; ".join(f"{r.text} — {r.effectiveness}" for r in item.responses)


def concordance(ratings: Sequence[int], key: Sequence[int]) -> float:
    """Somers' D of `ratings` given `key`: over the pairs the key ranks apart, the share the
    ratings put in the same order minus the share they put in the opposite order (-1..1).

    A tie in the ratings counts neither way, so flat ratings give exactly 0 and random ones 0 on
    average; pairs the key ties are left out. The key always ranks at least one pair apart.
    """
    agree = disagree = ranked = 0
    for i, j in combinations(range(len(key)), 2):
        if key[i] == key[j]:
            continue
        ranked += 1
        order = (ratings[i] - ratings[j]) * (key[i] - key[j])
        agree, disagree = agree + (order > 0), disagree + (order < 0)
    return (agree - disagree) / ranked


def score(item: SjtItem, response: Any) -> Score:
    """Agreement with the key's ranking beyond chance, 0..1; the reason of each rating off it."""
    if not isinstance(response, list | tuple) or len(response) != len(item.responses):
        raise ValueError(f"expected a list of {len(item.responses)} ratings")
    for rating in response:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 4:
            raise ValueError(f"a rating is a whole number from 1 to 4, not {rating!r}")
    key = [r.effectiveness for r in item.responses]
    points = max(0.0, concordance(response, key))
    feedback = [
        r.reason
        for rating, r in zip(response, item.responses, strict=True)
        if rating != r.effectiveness
    ]
    return Score(points, points == 1.0, feedback)  # right: every pair in the key's order


def sample(rng: random.Random, item: SjtItem, order: Sequence[int], right: bool) -> Fields:
    ratings = [r.effectiveness for r in item.responses]
    if not right:  # two responses of different worth judged the other way round
        i, j = rng.choice(
            [(i, j) for i, j in combinations(range(4), 2) if ratings[i] != ratings[j]]
        )
        ratings[i], ratings[j] = ratings[j], ratings[i]
    return fields(item, ratings, order)


ITEM_TYPE = ItemType(
    model=SjtItem,
    read=read,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
    choices=responses,
)
