"""GIFT numeric answers (`{#...}`) as our numeric items, graded as Moodle grades them.

One answer earns 100% within its tolerance; the others earn their weight within theirs (partial
credit) and carry their feedback; `~#feedback` with no number is the feedback for any other
answer. What our items cannot hold exactly is a `Fault`.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.assessments.importers.gift_syntax import (
    NO_FEEDBACK,
    Answer,
    Block,
    Fault,
    number_text,
    split,
)

NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
RANGE = re.compile(rf"({NUMBER})\s*\.\.\s*({NUMBER})")
POINT = re.compile(rf"({NUMBER})(?:\s*:\s*({NUMBER}))?")


def numeric(block: Block, begin: int, body: str) -> dict[str, Any]:
    """The full-credit answer with its tolerance; partial and zero answers as common errors."""
    if not body.strip():
        raise Fault(block.line(begin), "a numeric answer block has no number")
    plain = not body.lstrip().startswith(("=", "~"))
    answers = split(block, begin - 1, "=" + body) if plain else split(block, begin, body)
    other = [a for a in answers if a.mark == "~" and not a.text]
    if len(other) > 1:
        raise Fault(other[1].line, "one ~#feedback for any other answer, not two")
    values = [(a, *_value(a)) for a in answers if a not in other]
    full = [value for value in values if value[0].weight == 100]
    if not full:
        raise Fault(answers[0].line, "no correct answer: give one numeric answer = or =%100%")
    if len(full) > 1:
        raise Fault(full[1][0].line, "our numeric items have one full-credit answer, not two")
    key, answer, tolerance = full[0]
    errors = [_error(a, v, t, tolerance) for a, v, t in values if a is not key]
    item: dict[str, Any] = {"type": "numeric", "answer": answer, "tolerance": tolerance}
    item["feedback_correct"] = key.feedback or NO_FEEDBACK
    if other and other[0].feedback:
        item["feedback_incorrect"] = other[0].feedback
    return {**item, "common_errors": errors} if errors else item


def _error(a: Answer, value: float, tolerance: float, key_tolerance: float) -> dict[str, Any]:
    """A partial or wrong answer; its tolerance kept where it differs from the key's."""
    if a.weight < 0:
        raise Fault(a.line, f"{number_text(a.weight)}%: a numeric answer earns 0-100%")
    error: dict[str, Any] = {"value": value, "feedback": a.feedback or NO_FEEDBACK}
    if a.weight:
        error["credit"] = a.weight / 100
    if tolerance != key_tolerance:
        error["tolerance"] = tolerance
    return error


def _value(answer: Answer) -> tuple[float, float]:
    """(value, tolerance) from `3.14:0.01`, `3`, or `1..5` as its midpoint and half-width."""
    if match := RANGE.fullmatch(answer.text):
        low, high = float(match[1]), float(match[2])
        if high < low:
            raise Fault(answer.line, f"the range {answer.text} runs backwards")
        return (low + high) / 2, (high - low) / 2
    if match := POINT.fullmatch(answer.text):
        tolerance = float(match[2] or 0)
        if tolerance < 0:
            raise Fault(answer.line, f"the tolerance in {answer.text} is negative")
        return float(match[1]), tolerance
    raise Fault(answer.line, f"{answer.text!r} is not a number, number:tolerance or low..high")
