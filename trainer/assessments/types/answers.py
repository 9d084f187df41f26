"""Reading answers: posted fields (display positions) and the response shapes `score` accepts."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from trainer.assessments.types.base import Posted
from trainer.inputs import parse_index

MAX_TEXT = 5000


class TamperedAnswer(ValueError):
    """A post no page of ours could have produced: an unknown field value or index."""


class UnclearAnswer(ValueError):
    """A post a person could make by mistake; the message says what to fix."""


def one(posted: Posted, name: str) -> str:
    values = posted.get(name) or []
    return values[0].strip() if values else ""


def position(value: str, size: int) -> int:
    try:
        return parse_index(value, size - 1)
    except ValueError:
        raise TamperedAnswer(f"{value[:20]!r} is not one of the {size} choices shown") from None


def shown_at(order: Sequence[int]) -> dict[int, int]:
    """Where each YAML index was shown: the inverse of `order`."""
    return {index: shown for shown, index in enumerate(order)}


def _rank(value: str, top: int) -> int:
    try:
        number = parse_index(value, top)
    except ValueError:
        number = 0
    if number < 1:
        raise TamperedAnswer(f"{value[:20]!r} is not a choice between 1 and {top}")
    return number


def ranks(posted: Posted, prefix: str, size: int, top: int) -> list[int] | None:
    """A number 1..`top` for each shown row (`prefix-0`, ...); None when all are blank."""
    values = [one(posted, f"{prefix}-{i}") for i in range(size)]
    if not any(values):
        return None
    numbers = [_rank(value, top) for value in values if value]
    if len(numbers) < len(values):
        raise UnclearAnswer("Give every entry a value before moving on.")
    return numbers


def read_text(item: Any, order: Sequence[int], posted: Posted) -> str | None:
    """Free text, trimmed; short answers and essays alike."""
    text = one(posted, "answer")
    if len(text) > MAX_TEXT:
        raise UnclearAnswer(f"Keep the answer under {MAX_TEXT} characters.")
    return text or None


def index(value: Any, size: int, noun: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{noun} must be an index (int), not {type(value).__name__}")
    if not 0 <= value < size:
        raise ValueError(f"{noun} {value} does not exist; there are {size}, counted from 0")
    return value


def indices(values: Any, size: int, noun: str) -> list[int]:
    """Indices from a list or tuple, each at most once."""
    if not isinstance(values, list | tuple):
        raise ValueError(f"expected a list of {noun} indices, not {type(values).__name__}")
    found = [index(value, size, noun) for value in values]
    repeated = sorted({i for i in found if found.count(i) > 1})
    if repeated:
        raise ValueError(f"{noun} {repeated[0]} is given more than once")
    return found


def text(response: Any) -> str:
    if not isinstance(response, str):
        raise ValueError(f"expected text, not {type(response).__name__}")
    return response


def placed(rng: random.Random, size: int, right: bool) -> list[int]:
    """The key's order, or for a plausibly wrong demo answer two neighbours swapped."""
    order = list(range(size))
    if not right:
        i = rng.randrange(size - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
    return order
