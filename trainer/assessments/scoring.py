"""Score one response to one item, per the scoring column of docs/content/items.md.

A response's shape depends on the item's type. Indices count from 0 in the order of the YAML,
whatever order delivery showed things in:

- single: the chosen option's index (int)
- multiple: the chosen options' indices (a set; a list or tuple without repeats is read too)
- true_false: the answer (bool)
- ordering: indices into `sequence`, in the order the taker put the entries (each index once)
- matching: {prompt index: match index}, where match j is the match of `pairs[j]`; a prompt
  left out is unanswered, and so wrong
- numeric: the number (int or float)
- sjt: the taker's rating 1-4 of each response, in the order of `responses` (4 ints)
- short_text, essay: the text (str)

A response of the wrong shape raises ValueError naming what is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trainer.assessments.items import (
    EssayItem,
    ItemBase,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    ShortTextItem,
    SingleItem,
    SjtItem,
    TrueFalseItem,
    within,
)


@dataclass(frozen=True)
class Score:
    """Points from 0 to 1, whether the response was right, and the feedback to show."""

    points: float
    correct: bool | None  # None while an essay waits for a manager's rating
    feedback: list[str] = field(default_factory=list)


def _index(value: Any, size: int, noun: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{noun} must be an index (int), not {type(value).__name__}")
    if not 0 <= value < size:
        raise ValueError(f"{noun} {value} does not exist; there are {size}, counted from 0")
    return value


def _indices(values: Any, size: int, noun: str) -> list[int]:
    """Indices from a list or tuple, each at most once."""
    if not isinstance(values, list | tuple):
        raise ValueError(f"expected a list of {noun} indices, not {type(values).__name__}")
    indices = [_index(value, size, noun) for value in values]
    repeated = sorted({i for i in indices if indices.count(i) > 1})
    if repeated:
        raise ValueError(f"{noun} {repeated[0]} is given more than once")
    return indices


def score_single(item: SingleItem, response: Any) -> Score:
    """1 if the key is chosen; the chosen option's feedback."""
    option = item.options[_index(response, len(item.options), "option")]
    return Score(float(option.correct), option.correct, [option.feedback])


def score_multiple(item: MultipleItem, response: Any) -> Score:
    """(right - wrong picks) / keys, floored at 0; feedback on each option picked or missed."""
    if isinstance(response, set | frozenset):
        response = sorted(response, key=str)
    chosen = set(_indices(response, len(item.options), "option"))
    keys = {i for i, option in enumerate(item.options) if option.correct}
    right, wrong = len(chosen & keys), len(chosen - keys)
    feedback = [option.feedback for i, option in enumerate(item.options) if i in chosen | keys]
    return Score(max(0.0, (right - wrong) / len(keys)), chosen == keys, feedback)


def score_true_false(item: TrueFalseItem, response: Any) -> Score:
    """1 if right; the feedback written for the answer given."""
    if not isinstance(response, bool):
        raise ValueError(f"expected true or false (bool), not {type(response).__name__}")
    right = response == item.answer
    return Score(float(right), right, [item.feedback_true if response else item.feedback_false])


def score_ordering(item: OrderingItem, response: Any) -> Score:
    """The share of neighbouring pairs that are neighbours, in order, in the key; feedback on
    each entry out of place."""
    order = _indices(response, len(item.sequence), "entry")
    if len(order) != len(item.sequence):
        raise ValueError(f"expected all {len(item.sequence)} entries in order, not {len(order)}")
    # Counting pairs that are merely in ascending order would give a random guess half marks.
    followed = sum(after == before + 1 for before, after in zip(order, order[1:], strict=False))
    misplaced = sorted(index for position, index in enumerate(order) if index != position)
    feedback = [item.sequence[i].feedback for i in misplaced]
    return Score(followed / (len(order) - 1), not misplaced, feedback)


def score_matching(item: MatchingItem, response: Any) -> Score:
    """The share of prompts matched right; feedback on each pair missed."""
    if not isinstance(response, dict):
        raise ValueError(f"expected {{prompt index: match index}}, not {type(response).__name__}")
    size = len(item.pairs)
    chosen = {_index(p, size, "prompt"): _index(m, size, "match") for p, m in response.items()}
    missed = [i for i in range(size) if chosen.get(i) != i]
    feedback = [item.pairs[i].feedback for i in missed]
    return Score((size - len(missed)) / size, not missed, feedback)


def score_numeric(item: NumericItem, response: Any) -> Score:
    """1 within the tolerance; otherwise the feedback of the nearest common error it matches."""
    if isinstance(response, bool) or not isinstance(response, int | float):
        raise ValueError(f"expected a number, not {type(response).__name__}")
    if not math.isfinite(response):
        raise ValueError(f"expected a finite number, not {response}")
    if within(response, item.answer, item.tolerance):
        return Score(1.0, True, [item.feedback_correct])
    errors = [e for e in item.common_errors if within(response, e.value, item.tolerance)]
    nearest = sorted(errors, key=lambda error: abs(response - error.value))[:1]
    return Score(0.0, False, [error.feedback for error in nearest])


def score_sjt(item: SjtItem, response: Any) -> Score:
    """1 - mean distance / 3 between the ratings and the key; the reason of each rating off it."""
    if not isinstance(response, list | tuple) or len(response) != len(item.responses):
        raise ValueError(f"expected a list of {len(item.responses)} ratings")
    for rating in response:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 4:
            raise ValueError(f"a rating is a whole number from 1 to 4, not {rating!r}")
    pairs = list(zip(response, item.responses, strict=True))
    distance = sum(abs(rating - key.effectiveness) for rating, key in pairs) / len(pairs)
    feedback = [key.reason for rating, key in pairs if rating != key.effectiveness]
    return Score(1 - distance / 3, distance == 0, feedback)


def _text(response: Any) -> str:
    if not isinstance(response, str):
        raise ValueError(f"expected text, not {type(response).__name__}")
    return response


def normalise(text: str) -> str:
    """Text as short answers compare it: case and runs of spacing ignored."""
    return " ".join(text.split()).casefold()


def score_short_text(item: ShortTextItem, response: Any) -> Score:
    """1 if it matches an accepted answer, ignoring case and spacing."""
    right = normalise(_text(response)) in {normalise(answer) for answer in item.accepted}
    return Score(float(right), right, [item.feedback_correct if right else item.feedback_incorrect])


def score_essay(item: EssayItem, response: Any) -> Score:
    """Nothing yet: a manager rates the essay later on the competency rubric."""
    _text(response)
    return Score(0.0, None, [])


SCORERS: dict[str, Callable[[Any, Any], Score]] = {
    "single": score_single,
    "multiple": score_multiple,
    "true_false": score_true_false,
    "ordering": score_ordering,
    "matching": score_matching,
    "numeric": score_numeric,
    "sjt": score_sjt,
    "short_text": score_short_text,
    "essay": score_essay,
}


def score(item: ItemBase, response: Any) -> Score:
    """Score `response` (shaped as the module docstring says) to `item`."""
    return SCORERS[item.type](item, response)
