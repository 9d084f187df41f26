"""Write items as Moodle's GIFT text format, for other tools; the reader reads it back."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from trainer.assessments.importers.gift_syntax import (
    CATEGORY,
    NO_EXPLANATION,
    NO_FEEDBACK,
    number_text,
)


def export_gift(items: list) -> str:
    """Write items (models or dicts) as GIFT; types GIFT cannot express are named and skipped."""
    chunks: list[str] = []
    category = ""
    for item in items:
        data = item.model_dump() if isinstance(item, BaseModel) else dict(item)
        write = WRITERS.get(data["type"])
        if write is None:
            chunks.append(f"// skipped: {data['key']} ({data['type']})")
            continue
        source = data.get("source") or ""
        if source.startswith(CATEGORY) and source != CATEGORY + category:
            category = source.removeprefix(CATEGORY)
            chunks.append(f"$CATEGORY: {category}")
        chunks.append(_write_question(data, write(data)))
    return "\n\n".join(chunks) + "\n" if chunks else ""


def _write_question(data: dict[str, Any], lines: list[str]) -> str:
    """Title, stem and the answer block, one answer a line so the file reads well in a diff."""
    explanation = data.get("explanation", "")
    if explanation and explanation != NO_EXPLANATION:
        lines = [*lines, f"####{_escape(explanation)}"]
    block = "{" + "".join(f"\n\t{line}" for line in lines) + ("\n}" if lines else "}")
    return f"::{data['key']}:: {_escape(data['stem'])} {block}"


def _write_options(data: dict[str, Any]) -> list[str]:
    """Single: = the key, ~ the rest (with their weights, if any); multiple: each option's
    weight, or equal shares of 100% and the same penalty, which is our rule written Moodle's way."""
    options = data["options"]
    if data["type"] == "single":
        marks = ["=" if o["correct"] else _weight("~", o.get("weight") or 0) for o in options]
    elif options[0].get("weight") is not None:
        marks = [_weight("~", o["weight"]) for o in options]
    else:
        share = 1 / sum(o["correct"] for o in options)
        marks = [_weight("~", share if o["correct"] else -share) for o in options]
    return [
        f"{mark}{_escape(o['text'])}{_feedback(o['feedback'])}"
        for mark, o in zip(marks, options, strict=True)
    ]


def _weight(mark: str, fraction: float) -> str:
    """`~`, or `~%50%` for a share of the marks other than none."""
    return f"{mark}%{number_text(round(fraction * 100, 5))}%" if fraction else mark


def _write_true_false(data: dict[str, Any]) -> list[str]:
    """{TRUE#wrong#right}: GIFT gives the feedback for a wrong answer first."""
    answer = data["answer"]
    feedbacks = (data["feedback_false"], data["feedback_true"])[:: 1 if answer else -1]
    wrong, right = (_feedback(text) for text in feedbacks)
    feedback = f"{wrong or '#'}{right}" if right else wrong
    return [("TRUE" if answer else "FALSE") + feedback]


def _write_short_text(data: dict[str, Any]) -> list[str]:
    """Each accepted answer at full credit, partial ones at their share; a 0% `*` answer
    carries the incorrect feedback."""
    lines = [f"={_escape(text)}{_feedback(data['feedback_correct'])}" for text in data["accepted"]]
    for partial in data.get("partial") or []:
        share = _weight("=", partial["credit"]) if partial["credit"] else "=%0%"
        lines.append(f"{share}{_escape(partial['text'])}{_feedback(partial['feedback'])}")
    if data["feedback_incorrect"] != NO_FEEDBACK:
        lines.append(f"=%0%*{_feedback(data['feedback_incorrect'])}")
    return lines


def _write_matching(data: dict[str, Any]) -> list[str]:
    """GIFT pairs take no feedback (Moodle would read it as match text), so it is left out;
    an extra wrong match is a pair with no prompt."""
    pairs = [f"={_escape(p['prompt'])} -> {_escape(p['match'])}" for p in data["pairs"]]
    return [*pairs, *(f"= -> {_escape(text)}" for text in data.get("distractors") or [])]


def _write_numeric(data: dict[str, Any]) -> list[str]:
    """value:tolerance at full credit; each common error at its credit, within its tolerance;
    the feedback for any other answer as `~#...`."""
    tolerance = data["tolerance"]
    right = f"{number_text(data['answer'])}:{number_text(tolerance)}"
    right += _feedback(data["feedback_correct"])
    errors = data.get("common_errors") or []
    other = data.get("feedback_incorrect") or ""
    if not errors and not other:
        return [f"#{right}"]
    wrong = [
        f"=%{number_text(round((e.get('credit') or 0) * 100, 5))}%{number_text(e['value'])}:"
        f"{number_text(tolerance if e.get('tolerance') is None else e['tolerance'])}"
        f"{_feedback(e['feedback'])}"
        for e in errors
    ]
    return ["#", f"={right}", *wrong, *([f"~{_feedback(other)}"] if other else [])]


def _write_essay(data: dict[str, Any]) -> list[str]:
    """{} is the whole of a GIFT essay; guidance and look-fors have no place in it."""
    return []


WRITERS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "single": _write_options,
    "multiple": _write_options,
    "true_false": _write_true_false,
    "short_text": _write_short_text,
    "matching": _write_matching,
    "numeric": _write_numeric,
    "essay": _write_essay,
}


def _feedback(text: str) -> str:
    """`#feedback`, or nothing for the placeholder an import put there."""
    return "" if not text or text == NO_FEEDBACK else f"#{_escape(text)}"


def _escape(text: str) -> str:
    """Backslash GIFT's special characters and line breaks, so text survives as text."""
    return re.sub(r"([\\~=#{}:])", r"\\\1", text).replace("\n", "\\n")
