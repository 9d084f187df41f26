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


# Moodle's grades (question_bank::fraction_options_full), in percent: any other is refused.
GRADES = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667)
GRADES += (14.28571, 12.5, 11.11111, 10, 5, 0)
GRADES += tuple(-grade for grade in GRADES if grade)


def _graded(q: Question, answers: list[_Answer]) -> bool:
    """Whether every fraction is one of Moodle's grades; reports the first that is not."""
    for answer in answers:
        if not any(abs(answer.fraction - grade) < 1e-4 for grade in GRADES):
            q.problem(f"fraction {answer.fraction:g} is not one of Moodle's grades", answer.element)
            return False
    return True


def _option(answer: _Answer, correct: bool, weight: float | None = None) -> dict[str, Any]:
    """An option as our banks write it: `correct` only on the keys, a weight where one counts."""
    option: dict[str, Any] = {"text": answer.text}
    if correct:
        option["correct"] = True
    option["feedback"] = answer.feedback or placeholder("feedback")
    if weight is not None:
        option["weight"] = round(weight / 100, 7)
    return option


def _multichoice(q: Question) -> dict[str, Any] | None:
    """`single` or `multiple`, as Moodle's `<single>` says, graded with Moodle's fractions."""
    single_element = q.element.find("single")
    raw = (single_element.text or "").strip().lower() if single_element is not None else "true"
    if raw not in SINGLE:
        q.problem(f"{raw!r} is not true or false", single_element)
        return None
    answers = q.answers()
    if not _graded(q, answers):
        return None
    if SINGLE[raw]:
        full = [a for a in answers if a.fraction >= 100 - 1e-4]
        if len(full) != 1:
            q.problem(f"{len(full)} answers at 100%; our single choice has one key")
            return None
        weighted = any(a.fraction and a not in full for a in answers)
        options = [_option(a, a in full, a.fraction if weighted else None) for a in answers]
        return {"type": "single", "options": options}
    total = sum(a.fraction for a in answers if a.fraction > 0)
    if abs(total - 100) > 0.01:
        q.problem(f"the positive grades add up to {total:g}%, not 100% (Moodle refuses this)")
        return None
    keys = sum(a.fraction > 0 for a in answers)
    share = 100 / keys if keys else 0
    default = all(abs(a.fraction - (share if a.fraction > 0 else -share)) < 0.01 for a in answers)
    weight = (lambda a: None) if default else (lambda a: a.fraction)
    return {"type": "multiple", "options": [_option(a, a.fraction > 0, weight(a)) for a in answers]}


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
    """`short_text`: 100% answers accepted, partial ones at their share, `*` as Moodle's
    wildcard; the lone `*` answer's feedback is the feedback for anything else."""
    usecase = q.element.find("usecase")
    if usecase is not None and (usecase.text or "").strip() == "1":
        q.problem("1: Moodle matched case, our short text items ignore it", usecase)
        return None
    answers = q.answers()
    if not _graded(q, answers):
        return None
    accepted, partial, otherwise = [], [], ""
    for answer in answers:
        if answer.text == "*" and answer.fraction == 0:
            otherwise = answer.feedback
        elif answer.fraction >= 100 - 1e-4:
            accepted.append(answer)
        elif answer.fraction >= 0:
            credit = round(answer.fraction / 100, 7)
            feedback = answer.feedback or placeholder("feedback")
            partial.append({"text": answer.text, "credit": credit, "feedback": feedback})
        else:
            q.problem(f"answer {answer.text!r} at {answer.fraction:g}%: below 0", answer.element)
            return None
    right = next((answer.feedback for answer in accepted if answer.feedback), "")
    fields = {
        "type": "short_text",
        "accepted": [answer.text for answer in accepted],
        "feedback_correct": right or placeholder("feedback"),
        "feedback_incorrect": otherwise or placeholder("feedback for wrong answers"),
    }
    return {**fields, "partial": partial} if partial else fields


def _matching(q: Question) -> dict[str, Any] | None:
    """`matching`; a subquestion with no text is one of Moodle's extra wrong matches."""
    pairs, extra = [], []
    for sub in q.element.findall("subquestion"):
        prompt, match = field_text(sub), field_text(sub.find("answer"))
        if not prompt:
            extra.append(match)
            continue
        pairs.append({"prompt": prompt, "match": match, "feedback": placeholder("feedback")})
    return {"type": "matching", "pairs": pairs, **({"distractors": extra} if extra else {})}


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
    errors, otherwise = [], ""
    for answer in (a for a in answers if a is not key):
        if answer.text == "*":
            otherwise = answer.feedback
        elif (error := _error(q, answer, abs(tolerance))) is not None:
            errors.append(error)
    fields = {"type": "numeric", "answer": value, "tolerance": abs(tolerance)}
    if unit := _unit(q):
        fields["unit"] = unit
    fields["feedback_correct"] = key.feedback or placeholder("feedback")
    if otherwise:
        fields["feedback_incorrect"] = otherwise
    return {**fields, "common_errors": errors} if errors else fields


def _error(q: Question, answer: _Answer, key_tolerance: float) -> dict[str, Any] | None:
    """A partial-credit or wrong answer, within its own tolerance, as Moodle grades it."""
    value = _number(q, answer.element, answer.text, "answer")
    raw = answer.element.findtext("tolerance") or "0"
    tolerance = _number(q, answer.element, raw, "tolerance")
    if value is None or tolerance is None:
        return None
    if not 0 <= answer.fraction < 100:
        q.problem(f"answer {answer.text!r} at {answer.fraction:g}%: 0-100% only", answer.element)
        return None
    error: dict[str, Any] = {"value": value, "feedback": answer.feedback or placeholder("feedback")}
    if answer.fraction:
        error["credit"] = round(answer.fraction / 100, 7)
    if abs(tolerance) != key_tolerance:
        error["tolerance"] = abs(tolerance)
    return error


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
