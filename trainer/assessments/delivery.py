"""Delivering a form: which items an attempt gets, in which order, and reading posted answers.

Everything here is reproducible from the attempt's seed and never needs the answer key to draw a
page: the page shows items through `order`, the display order of an item's choices, and a posted
answer is mapped back through it to the YAML indices that `scoring.score` expects.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.assessments.draws import candidates
from trainer.assessments.items import ItemBase
from trainer.assessments.schema import Form

MAX_TEXT = 5000
# Certainty-based marking, as Moodle's CBM: marks for right and wrong at certainty 1, 2, 3.
CBM_RIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
CBM_WRONG = {1: 0.0, 2: -2.0, 3: -6.0}
CERTAINTY_LABELS = {1: "Not sure", 2: "Fairly sure", 3: "Very sure"}
_NUMBER_NOISE = re.compile(r"[\s,$€£%]")


class TamperedAnswer(ValueError):
    """A post no page of ours could have produced: an unknown field value or index."""


class UnclearAnswer(ValueError):
    """A post a person could make by mistake; the message says what to fix."""


@dataclass(frozen=True)
class Planned:
    section: str
    key: str
    order: tuple[int, ...]  # display position -> index in the item's YAML list


def choices_of(item: ItemBase) -> list:
    """The list an item shows in `order`: options, entries, matches or responses."""
    for field in ("options", "sequence", "pairs", "responses"):
        if hasattr(item, field):
            return getattr(item, field)
    return []


def display_order(item: ItemBase, rng: random.Random, shuffle_options: bool) -> tuple[int, ...]:
    size = len(choices_of(item))
    order = list(range(size))
    always = item.type in ("ordering", "matching")  # shown in key order, they answer themselves
    if size > 1 and (always or shuffle_options):
        while True:
            rng.shuffle(order)
            if not always or order != sorted(order):
                break
    return tuple(order)


def assemble(form: Form, items: Mapping[str, ItemBase], seed: int) -> list[Planned]:
    """The attempt's items: fixed ones, then each draw's picks, shuffled within each section."""
    rng = random.Random(seed)
    fixed = frozenset(form.fixed_items())
    taken: set[str] = set()
    pool = sorted(items.values(), key=lambda item: item.key)
    plan: list[Planned] = []
    for section in form.sections:
        if section.items:
            keys = list(section.items)
        else:
            options = candidates(section.draw, pool, fixed | taken)
            keys = [item.key for item in rng.sample(options, section.draw.count)]
        if form.shuffle_items:
            rng.shuffle(keys)
        taken.update(keys)
        plan += [
            Planned(section.title, key, display_order(items[key], rng, form.shuffle_options))
            for key in keys
        ]
    return plan


def _one(posted: Mapping[str, Sequence[str]], name: str) -> str:
    values = posted.get(name) or []
    return values[0].strip() if values else ""


def _position(value: str, size: int) -> int:
    if not value.isdigit() or int(value) >= size:
        raise TamperedAnswer(f"{value!r} is not one of the {size} choices shown")
    return int(value)


def read_answer(item: ItemBase, order: Sequence[int], posted: Mapping[str, Sequence[str]]) -> Any:
    """The posted answer in `scoring.score`'s shape, or None when the item was left blank."""
    kind = item.type
    if kind in ("single", "multiple"):
        picked = [order[_position(v, len(order))] for v in posted.get("answer") or [] if v]
        if not picked:
            return None
        return picked[0] if kind == "single" else sorted(set(picked))
    if kind == "true_false":
        value = _one(posted, "answer")
        if value not in ("", "true", "false"):
            raise TamperedAnswer(f"{value!r} is neither true nor false")
        return None if not value else value == "true"
    if kind == "numeric":
        value = _NUMBER_NOISE.sub("", _one(posted, "answer"))
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            raise UnclearAnswer("Write the answer as a number, such as 1250 or 12.5.") from None
    if kind in ("short_text", "essay"):
        text = _one(posted, "answer")
        if len(text) > MAX_TEXT:
            raise UnclearAnswer(f"Keep the answer under {MAX_TEXT} characters.")
        return text or None
    return _read_ranked(kind, order, posted)


def _read_ranked(kind: str, order: Sequence[int], posted: Mapping[str, Sequence[str]]) -> Any:
    """Ordering (a position per entry), matching (a match per prompt), SJT (a rating each)."""
    size = len(order)
    prefix, top = {"ordering": ("rank", size), "matching": ("match", size), "sjt": ("rating", 4)}[
        kind
    ]
    values = [_one(posted, f"{prefix}-{i}") for i in range(size)]
    if not any(values):
        return None
    if kind == "matching":
        return {i: order[_position(v, size)] for i, v in enumerate(values) if v}
    numbers = []
    for value in values:
        if value and (not value.isdigit() or not 1 <= int(value) <= top):
            raise TamperedAnswer(f"{value!r} is not a choice between 1 and {top}")
        numbers.append(int(value) if value else None)
    if None in numbers:
        raise UnclearAnswer("Give every entry a value before moving on.")
    if kind == "sjt":
        ratings = [0] * size
        for shown, rating in enumerate(numbers):
            ratings[order[shown]] = rating
        return ratings
    if len(set(numbers)) != size:
        raise UnclearAnswer("Give each entry a different position.")
    return [order[shown] for shown in sorted(range(size), key=lambda i: numbers[i])]


def read_certainty(posted: Mapping[str, Sequence[str]]) -> int | None:
    value = _one(posted, "certainty")
    if not value:
        return None
    if value not in ("1", "2", "3"):
        raise TamperedAnswer(f"{value!r} is not a certainty of 1, 2 or 3")
    return int(value)


def cbm_mark(points: float, certainty: int | None) -> float:
    """A right answer earns more the surer the taker was; a confident wrong one costs most."""
    level = certainty or 1
    return points * CBM_RIGHT[level] + (1 - points) * CBM_WRONG[level]


def displayed(answer: Any, item: ItemBase, order: Sequence[int]) -> dict[str, Any]:
    """A saved answer as the page's fields: display positions, so the form shows it again."""
    if answer is None:
        return {}
    where = {index: shown for shown, index in enumerate(order)}
    kind = item.type
    if kind == "single":
        return {"answer": [str(where[answer])]}
    if kind == "multiple":
        return {"answer": [str(where[i]) for i in answer]}
    if kind == "true_false":
        return {"answer": ["true" if answer else "false"]}
    if kind in ("numeric", "short_text", "essay"):
        return {"answer": [f"{answer:g}" if kind == "numeric" else answer]}
    if kind == "matching":
        return {f"match-{int(i)}": [str(where[j])] for i, j in answer.items()}
    if kind == "sjt":
        return {f"rating-{where[i]}": [str(r)] for i, r in enumerate(answer)}
    return {f"rank-{where[index]}": [str(rank + 1)] for rank, index in enumerate(answer)}


def from_json(item: ItemBase, stored: Any) -> Any:
    """A saved answer as `score` wants it: JSON turned matching's prompt keys into strings."""
    if item.type == "matching" and isinstance(stored, dict):
        return {int(prompt): match for prompt, match in stored.items()}
    return stored


def describe(item: ItemBase, answer: Any) -> str:
    """An answer in words, for the result page."""
    if answer is None:
        return "No answer"
    kind = item.type
    if kind == "single":
        return item.options[answer].text
    if kind == "multiple":
        return "; ".join(item.options[i].text for i in answer)
    if kind == "true_false":
        return "True" if answer else "False"
    if kind == "numeric":
        return f"{answer:g} {item.unit}".strip()
    if kind == "ordering":
        return " → ".join(item.sequence[i].text for i in answer)
    if kind == "matching":
        pairs = item.pairs
        return "; ".join(
            f"{pairs[int(p)].prompt} → {pairs[m].match}" for p, m in sorted(answer.items())
        )
    if kind == "sjt":
        rated = zip(item.responses, answer, strict=True)
        return "; ".join(f"{response.text} — rated {rating}" for response, rating in rated)
    return str(answer)


def describe_key(item: ItemBase) -> str:
    """The right answer in words, shown only once an answer is final."""
    kind = item.type
    if kind in ("single", "multiple"):
        return "; ".join(option.text for option in item.options if option.correct)
    if kind == "true_false":
        return "True" if item.answer else "False"
    if kind == "numeric":
        return f"{item.answer:g} {item.unit} (± {item.tolerance:g})".strip()
    if kind == "ordering":
        return " → ".join(entry.text for entry in item.sequence)
    if kind == "matching":
        return "; ".join(f"{pair.prompt} → {pair.match}" for pair in item.pairs)
    if kind == "sjt":
        return "; ".join(f"{r.text} — {r.effectiveness}" for r in item.responses)
    if kind == "short_text":
        return " or ".join(item.accepted)
    return "Rated by a manager on the rubric"
