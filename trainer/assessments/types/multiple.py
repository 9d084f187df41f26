"""Multiple choice: 4-6 options, two or more of them keys, at least one not.

The answer is the chosen options' indices: a set, or a list or tuple without repeats.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import field_validator

from trainer.assessments.types.answers import indices, shown_at
from trainer.assessments.types.base import Fields, ItemBase, ItemType, Posted, Score, count
from trainer.assessments.types.single import Option, describe_key, options, picked, weighted


class MultipleItem(ItemBase):
    type: Literal["multiple"]
    options: list[Option]
    all_or_nothing: bool = False  # full marks for exactly the keys, else none (QTI match_correct)

    @field_validator("options")
    @classmethod
    def _several_keys(cls, options: list[Option]) -> list[Option]:
        count(options, 4, 6, "options")
        keys = sum(option.correct for option in options)
        if keys < 2:
            raise ValueError(f"two or more options must have correct: true, not {keys}")
        if keys == len(options):
            raise ValueError("at least one option must be wrong, or choosing all scores full marks")
        weighted(options, keys_at_least=0.0)
        if options[0].weight is not None:
            total = sum(option.weight for option in options if option.weight > 0)
            if total < 0.995:  # above 1 is a cap: full marks before every key (QTI upperBound)
                raise ValueError(f"the positive weights add up to {total:.4g}, less than 1")
        return options


def read(item: MultipleItem, order: Sequence[int], posted: Posted) -> list[int] | None:
    chosen = picked(order, posted)
    return sorted(set(chosen)) if chosen else None


def fields(item: MultipleItem, answer: list[int], order: Sequence[int]) -> Fields:
    where = shown_at(order)
    return {"answer": [str(where[i]) for i in answer]}


def describe(item: MultipleItem, answer: list[int]) -> str:
    return "; ".join(item.options[i].text for i in answer)


def score(item: MultipleItem, response: Any) -> Score:
    """(right - wrong picks) / keys, or with weights the chosen options' weights added up, as
    Moodle does; between 0 and 1. Feedback on each option picked or missed."""
    if isinstance(response, set | frozenset):
        response = sorted(response, key=str)
    chosen = set(indices(response, len(item.options), "option"))
    keys = {i for i, option in enumerate(item.options) if option.correct}
    feedback = [option.feedback for i, option in enumerate(item.options) if i in chosen | keys]
    if item.all_or_nothing:
        points = float(chosen == keys)
    elif item.options[0].weight is not None:
        points = sum(item.options[i].weight for i in chosen)
    else:
        points = (len(chosen & keys) - len(chosen - keys)) / len(keys)
    return Score(min(1.0, max(0.0, points)), chosen == keys, feedback)


def sample(rng: random.Random, item: MultipleItem, order: Sequence[int], right: bool) -> Fields:
    """All the keys, or for a wrong answer one key swapped for a distractor."""
    keys = [i for i, option in enumerate(item.options) if option.correct]
    wrong = [i for i, option in enumerate(item.options) if not option.correct]
    chosen = keys if right else [*keys[:-1], rng.choice(wrong)]
    return fields(item, chosen, order)


ITEM_TYPE = ItemType(
    model=MultipleItem,
    read=read,
    fields=fields,
    describe=describe,
    describe_key=describe_key,
    score=score,
    sample=sample,
    choices=options,
)
