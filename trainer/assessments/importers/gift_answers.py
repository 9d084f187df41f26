"""GIFT answer blocks as our item types: the block's shape tells the type, as GIFT does.

`{}` is an essay, `{T}` true/false, `{#...}` numeric; answers marked = and ~ are matching, short
text, or single or multiple choice by their marks and weights. What does not fit is a `Fault`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from trainer.assessments.importers.gift_syntax import (
    NO_EXPLANATION,
    NO_FEEDBACK,
    NO_GUIDANCE,
    NO_LOOK_FORS,
    Block,
    Fault,
    clean,
    number_text,
)

WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
TRUE_FALSE = re.compile(r"(T|TRUE|F|FALSE)\s*(?:#|$)", re.IGNORECASE)
NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
RANGE = re.compile(rf"({NUMBER})\s*\.\.\s*({NUMBER})")
POINT = re.compile(rf"({NUMBER})(?:\s*:\s*({NUMBER}))?")


@dataclass(frozen=True)
class _Answer:
    mark: str  # "=" or "~"
    weight: float  # percent of the marks
    text: str
    feedback: str
    line: int


def answers(block: Block, begin: int, end: int) -> dict[str, Any]:
    """Tell the question type from the answer block's shape, as GIFT does."""
    body, _, general = block.text[begin:end].partition("####")
    fields: dict[str, Any] = {"explanation": clean(general) or NO_EXPLANATION}
    stripped = body.strip()
    if not stripped:
        return {"type": "essay", "guidance": NO_GUIDANCE, "look_fors": [NO_LOOK_FORS], **fields}
    at = begin + body.index(stripped[0])
    if stripped.startswith("#"):
        return {**_numeric(block, at + 1, body[body.index("#") + 1 :]), **fields}
    if TRUE_FALSE.match(stripped):
        return {**_true_false(block, at, stripped), **fields}
    return {**_choices(block, begin, body), **fields}


def _split(block: Block, begin: int, body: str) -> list[_Answer]:
    """Cut an answer block at each bare = or ~, since every answer starts with one."""
    marks = [match.start() for match in re.finditer(r"[=~]", body)]
    lead = body[: marks[0]] if marks else body
    if lead.strip():
        at = begin + lead.index(lead.strip()[0])
        raise Fault(
            block.line(at),
            f"unknown syntax in the answer block: {clean(lead)!r}; "
            "answers start with = or ~, or the block is {T}, {F}, {#number} or {}",
        )
    ends = [*marks[1:], len(body)]
    return [_answer(block, begin + a, body[a:b]) for a, b in zip(marks, ends, strict=True)]


def _answer(block: Block, at: int, chunk: str) -> _Answer:
    """Read one answer: its mark, optional %weight%, text and #feedback."""
    line, mark, rest = block.line(at), chunk[0], chunk[1:]
    weight = 100.0 if mark == "=" else 0.0
    match = WEIGHT.match(rest)
    if match:
        weight, rest = float(match[1]), rest[match.end() :]
    elif rest.lstrip().startswith("%"):
        raise Fault(line, "a weight is written %50%, a number between -100 and 100")
    if not -100 <= weight <= 100:
        raise Fault(line, f"weight {number_text(weight)}% is outside -100 to 100")
    text, _, feedback = rest.partition("#")
    if "#" in feedback:
        raise Fault(line, "an answer has one #feedback; escape a literal # as \\#")
    if not clean(text):
        raise Fault(line, "an answer has no text")
    return _Answer(mark, weight, clean(text), clean(feedback), line)


def _choices(block: Block, begin: int, body: str) -> dict[str, Any]:
    """Answers marked = and ~: matching, short answer, or single or multiple choice."""
    answers = _split(block, begin, body)
    line = block.line(begin)
    if all(a.mark == "=" for a in answers) and any("->" in a.text for a in answers):
        return _matching(answers)
    if all(a.mark == "=" for a in answers):
        return _short_text(answers, line)
    return _options(answers, line)


def _options(answers: list[_Answer], line: int) -> dict[str, Any]:
    """Single if one answer earns 100%, multiple if equal shares sum to 100%; else refuse."""
    keys = [a for a in answers if a.weight > 0]
    if not keys:
        raise Fault(line, "no correct answer: mark one with = or give it a positive %weight%")
    options = [
        {"text": a.text, "correct": a.weight > 0, "feedback": a.feedback or NO_FEEDBACK}
        for a in answers
    ]
    weights = [a.weight for a in keys]
    if weights == [100.0]:
        return {"type": "single", "options": options}
    if len(keys) > 1 and max(weights) - min(weights) <= 0.01 and abs(sum(weights) - 100) <= 0.01:
        return {"type": "multiple", "options": options}
    shown = ", ".join(f"{number_text(w)}%" for w in weights)
    raise Fault(
        line,
        f"partial weights ({shown}) do not fit our items: a single item has one 100% answer, "
        "a multiple item shares 100% equally among its correct options",
    )


def _short_text(answers: list[_Answer], line: int) -> dict[str, Any]:
    """Full-credit answers are accepted; a 0% `*` answer carries the feedback for the rest."""
    accepted = [a for a in answers if a.weight == 100]
    others = [a for a in answers if a.weight == 0 and a.text == "*"]
    odd = [a for a in answers if a not in accepted and a not in others]
    if not accepted:
        raise Fault(line, "no correct answer: mark at least one answer with =")
    if odd:
        raise Fault(
            odd[0].line,
            f"{number_text(odd[0].weight)}% for {odd[0].text!r} does not fit a short_text item, "
            "which accepts an answer fully or not at all",
        )
    return {
        "type": "short_text",
        "accepted": [a.text for a in accepted],
        "feedback_correct": " ".join(dict.fromkeys(a.feedback for a in accepted if a.feedback))
        or NO_FEEDBACK,
        "feedback_incorrect": (others[0].feedback if others else "") or NO_FEEDBACK,
    }


def _matching(answers: list[_Answer]) -> dict[str, Any]:
    """Every answer a `=prompt -> match` pair; a pair without a prompt is a distractor we lack."""
    pairs = []
    for a in answers:
        prompt, arrow, match = (part.strip() for part in a.text.partition("->"))
        if not arrow or a.weight != 100:
            raise Fault(a.line, "a matching question has only =prompt -> match answers")
        if not prompt or not match:
            raise Fault(a.line, "a pair with no prompt or no match does not fit our items")
        pairs.append({"prompt": prompt, "match": match, "feedback": a.feedback or NO_FEEDBACK})
    return {"type": "matching", "pairs": pairs}


def _true_false(block: Block, at: int, body: str) -> dict[str, Any]:
    """{T#wrong#right}: the first feedback is for a wrong answer, the second for a right one."""
    word, *feedback = body.split("#")
    if len(feedback) > 2:
        raise Fault(block.line(at), "a true/false answer takes at most #wrong#right feedback")
    wrong, right = [clean(text) or NO_FEEDBACK for text in [*feedback, "", ""][:2]]
    answer = word.strip().upper().startswith("T")
    return {
        "type": "true_false",
        "answer": answer,
        "feedback_true": right if answer else wrong,
        "feedback_false": wrong if answer else right,
    }


def _numeric(block: Block, begin: int, body: str) -> dict[str, Any]:
    """One full-credit answer with its tolerance; partial and zero answers are common errors."""
    if not body.strip():
        raise Fault(block.line(begin), "a numeric answer block has no number")
    plain = not body.lstrip().startswith(("=", "~"))
    answers = _split(block, begin - 1, "=" + body) if plain else _split(block, begin, body)
    values = [(a, *_value(a)) for a in answers]
    full = [value for value in values if value[0].weight == 100]
    if not full:
        raise Fault(answers[0].line, "no correct answer: give one numeric answer = or =%100%")
    if len(full) > 1:
        raise Fault(full[1][0].line, "our numeric items have one full-credit answer, not two")
    key, answer, tolerance = full[0]
    errors = [{"value": v, "feedback": a.feedback or NO_FEEDBACK} for a, v, _ in values if a != key]
    item = {"type": "numeric", "answer": answer, "tolerance": tolerance}
    item["feedback_correct"] = key.feedback or NO_FEEDBACK
    return {**item, "common_errors": errors} if errors else item


def _value(answer: _Answer) -> tuple[float, float]:
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
