"""Moodle XML question types as our item types, one mapper a type (the mapping: moodle_xml.py).

Each mapper reads one `<question>` and returns the item's type-specific fields, or None after
reporting why the question cannot become an item; what it drops on the way is reported too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from trainer.assessments.importers.xml_source import plain_text
from trainer.content.problems import Problem

PLAIN_FORMATS = ("plain_text", "markdown")
SINGLE = {"true": True, "1": True, "false": False, "0": False}


def field_text(element: ET.Element | None) -> str:
    """The plain text of a Moodle text field (`<x format=".."><text>..</text></x>`)."""
    if element is None:
        return ""
    raw = element.findtext("text") or ""
    if element.get("format") in PLAIN_FORMATS:
        return " ".join(raw.split())
    return plain_text(raw)


def placeholder(what: str) -> str:
    """Text for a field Moodle lacks: says so, so authors see what to write before going live."""
    return f"No {what} in the Moodle file."


@dataclass(frozen=True)
class _Answer:
    element: ET.Element
    fraction: float
    text: str
    feedback: str


@dataclass
class Question:
    """One `<question>` being mapped, and where to report what cannot be."""

    element: ET.Element
    file: str
    lines: dict[ET.Element, int]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, at: ET.Element | None = None) -> None:
        """Report `message` at `at` (default: the question), naming question and element."""
        at = self.element if at is None else at
        where = f'<question type="{at.get("type")}">' if at is self.element else f"<{at.tag}>"
        name = field_text(self.element.find("name"))
        prefix = f"question {name!r}: " if name else ""
        self.problems.append(Problem(self.file, self.lines.get(at), f"{prefix}{where} {message}"))

    def answers(self) -> list[_Answer]:
        """The answers with a readable fraction; the others are reported and dropped."""
        answers = []
        for element in self.element.findall("answer"):
            raw = element.get("fraction", "0")
            try:
                fraction = float(raw)
            except ValueError:
                fraction = math.nan
            if not math.isfinite(fraction):
                self.problem(f"fraction {raw!r} is not a number; answer dropped", element)
                continue
            feedback = field_text(element.find("feedback"))
            answers.append(_Answer(element, fraction, field_text(element), feedback))
        return answers


def _option(answer: _Answer, correct: bool) -> dict[str, Any]:
    """An option as our banks write it: `correct` only on the keys."""
    option: dict[str, Any] = {"text": answer.text}
    if correct:
        option["correct"] = True
    option["feedback"] = answer.feedback or placeholder("feedback")
    return option


def _multichoice(q: Question) -> dict[str, Any] | None:
    """`single` or `multiple`, as Moodle's `<single>` says; partial credit does not survive."""
    single_element = q.element.find("single")
    raw = (single_element.text or "").strip().lower() if single_element is not None else "true"
    if raw not in SINGLE:
        q.problem(f"{raw!r} is not true or false", single_element)
        return None
    answers = q.answers()
    if not SINGLE[raw]:
        return {"type": "multiple", "options": [_option(a, a.fraction > 0) for a in answers]}
    for answer in answers:
        if 0 < answer.fraction < 100:
            q.problem(f"partial credit {answer.fraction:g}% becomes a wrong option", answer.element)
    return {"type": "single", "options": [_option(a, a.fraction >= 100) for a in answers]}


def _truefalse(q: Question) -> dict[str, Any] | None:
    """`true_false`, its feedback taken from the answer the taker would pick."""
    answers = {answer.text.lower(): answer for answer in q.answers()}
    right = [text for text, answer in answers.items() if answer.fraction >= 100]
    if set(answers) != {"true", "false"} or len(right) != 1:
        q.problem("needs a 'true' and a 'false' answer, one of them with fraction 100")
        return None
    return {
        "type": "true_false",
        "answer": right[0] == "true",
        "feedback_true": answers["true"].feedback or placeholder("feedback"),
        "feedback_false": answers["false"].feedback or placeholder("feedback"),
    }


def _shortanswer(q: Question) -> dict[str, Any] | None:
    """`short_text` from the 100% answers; Moodle's wildcards and partial credit are reported."""
    usecase = q.element.find("usecase")
    if usecase is not None and (usecase.text or "").strip() == "1":
        q.problem("1: Moodle matched case, our short text items ignore it", usecase)
    accepted, otherwise = [], ""
    for answer in q.answers():
        if answer.text == "*":
            otherwise = answer.feedback
        elif "*" in answer.text:
            message = f"wildcard answer {answer.text!r} cannot be matched exactly; dropped"
            q.problem(message, answer.element)
        elif answer.fraction >= 100:
            accepted.append(answer)
        else:
            message = f"answer {answer.text!r} at {answer.fraction:g}% has no place here; dropped"
            q.problem(message, answer.element)
    right = next((answer.feedback for answer in accepted if answer.feedback), "")
    return {
        "type": "short_text",
        "accepted": [answer.text for answer in accepted],
        "feedback_correct": right or placeholder("feedback"),
        "feedback_incorrect": otherwise or placeholder("feedback for wrong answers"),
    }


def _matching(q: Question) -> dict[str, Any] | None:
    """`matching`; Moodle's extra wrong matches (no prompt) have no place in ours."""
    pairs = []
    for sub in q.element.findall("subquestion"):
        prompt, match = field_text(sub), field_text(sub.find("answer"))
        if not prompt:
            q.problem(f"extra wrong match {match!r} has no place in our items; dropped", sub)
            continue
        pairs.append({"prompt": prompt, "match": match, "feedback": placeholder("feedback")})
    return {"type": "matching", "pairs": pairs}


def _number(q: Question, element: ET.Element, raw: str | None, what: str) -> float | None:
    """A finite number, or None after reporting it: our numeric fields refuse text and NaN."""
    try:
        value = float((raw or "").strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        q.problem(f"{what} {raw!r} is not a number", element)
        return None
    return value


def _unit(q: Question) -> str:
    """The unit with multiplier 1; Moodle's converted units have no place in our items."""
    kept = ""
    for unit in q.element.findall("units/unit"):
        name = (unit.findtext("unit_name") or "").strip()
        if not kept and _number(q, unit, unit.findtext("multiplier") or "1", "multiplier") == 1:
            kept = name
        else:
            q.problem(f"unit {name!r} is not the one base unit; dropped", unit)
    return kept


def _numerical(q: Question) -> dict[str, Any] | None:
    """`numeric`: one 100% answer with its tolerance; the other answers are common errors."""
    answers = q.answers()
    right = [a for a in answers if a.fraction >= 100]
    if len(right) != 1:
        q.problem(f"needs one answer with fraction 100, not {len(right)}")
        return None
    key = right[0]
    value = _number(q, key.element, key.text, "answer")
    tolerance = _number(q, key.element, key.element.findtext("tolerance") or "0", "tolerance")
    if value is None or tolerance is None:
        return None
    errors = []
    for answer in (a for a in answers if a is not key):
        if answer.text == "*":
            q.problem("feedback for any other answer has no place here; dropped", answer.element)
        elif (wrong := _number(q, answer.element, answer.text, "answer")) is not None:
            feedback = answer.feedback or placeholder("feedback")
            errors.append({"value": wrong, "feedback": feedback})
    fields = {"type": "numeric", "answer": value, "tolerance": abs(tolerance)}
    if unit := _unit(q):
        fields["unit"] = unit
    fields["feedback_correct"] = key.feedback or placeholder("feedback")
    return {**fields, "common_errors": errors} if errors else fields


def _essay(q: Question) -> dict[str, Any] | None:
    """`essay`: Moodle's information for graders is what a manager looks for."""
    grader_info = field_text(q.element.find("graderinfo"))
    return {
        "type": "essay",
        "guidance": placeholder("guidance for the taker"),
        "look_fors": [grader_info or placeholder("information for graders")],
    }


MAPPERS: dict[str, Callable[[Question], dict[str, Any] | None]] = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "matching": _matching,
    "numerical": _numerical,
    "essay": _essay,
}
