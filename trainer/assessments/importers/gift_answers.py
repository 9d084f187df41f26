"""GIFT answer blocks as our item types, told apart the way Moodle's GIFT reader does.

`{}` is an essay and `{#...}` numeric; a block with a `~` is multiple choice (single if it also
has an `=`, multiple-answer if not); `=` answers with `->` are matching; `{T}`/`{F}` true/false;
anything else is short answer, `{One}` included. Weights are honoured as Moodle grades them; a
construct our items cannot hold exactly is a `Fault`, never a silent change of key or weight.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.assessments.importers.gift_numeric import numeric
from trainer.assessments.importers.gift_syntax import (
    NO_EXPLANATION,
    NO_FEEDBACK,
    NO_GUIDANCE,
    NO_LOOK_FORS,
    Answer,
    Block,
    Fault,
    clean,
    has_texts,
    number_text,
    split,
)

TRUE_FALSE = re.compile(r"(T|TRUE|F|FALSE)\s*(?:#|$)", re.IGNORECASE)


def answers(block: Block, begin: int, end: int) -> dict[str, Any]:
    """Tell the question type from the answer block's shape, in Moodle's order."""
    body, _, general = block.text[begin:end].partition("####")
    fields: dict[str, Any] = {"explanation": clean(general) or NO_EXPLANATION}
    stripped = body.strip()
    if not stripped:
        return {"type": "essay", "guidance": NO_GUIDANCE, "look_fors": [NO_LOOK_FORS], **fields}
    at = begin + body.index(stripped[0])
    if stripped.startswith("#"):
        return {**numeric(block, at + 1, body[body.index("#") + 1 :]), **fields}
    if "~" in body:
        return {**_options(block, split(block, begin, body), "=" in body), **fields}
    if "=" in body and "->" in body:
        return {**_matching(split(block, begin, body)), **fields}
    if TRUE_FALSE.match(stripped):
        return {**_true_false(block, at, stripped), **fields}
    return {**_short_text(split(block, begin, body), block.line(at)), **fields}


def _options(block: Block, answers: list[Answer], single: bool) -> dict[str, Any]:
    """Moodle: with an `=` the taker picks one option and earns its weight; without, they pick
    several and earn the sum of their weights, between 0 and 100%."""
    has_texts(answers)
    line = answers[0].line
    if not any(a.weight > 0 for a in answers):
        raise Fault(line, "no correct answer: mark one with = or give it a positive %weight%")
    if single:
        full = [a for a in answers if a.weight == 100]
        if len(full) != 1:
            raise Fault(line, f"{len(full)} answers earn 100%; our single choice has one key")
        options = [_option(a, a.weight == 100) for a in answers]
        if any(a.weight != 0 for a in answers if a.weight != 100):
            for option, a in zip(options, answers, strict=True):
                option["weight"] = a.weight / 100
        return {"type": "single", "options": options}
    keys = [a for a in answers if a.weight > 0]
    total = sum(a.weight for a in keys)
    if abs(total - 100) > 0.01:
        raise Fault(
            line, f"the positive weights add up to {number_text(round(total, 5))}%, not 100%"
        )
    if len(keys) == 1:
        raise Fault(
            line,
            "a multiple-answer question (no =) with one correct option: write the key with = "
            "for single choice, or give two or more options a share of 100%",
        )
    options = [_option(a, a.weight > 0) for a in answers]
    share = 100 / len(keys)
    default = all(abs(a.weight - (share if a.weight > 0 else -share)) <= 0.01 for a in answers)
    if not default:  # our own rule is (right - wrong) / keys: the same as ±share for each
        for option, a in zip(options, answers, strict=True):
            option["weight"] = round(a.weight / 100, 7)
    return {"type": "multiple", "options": options}


def _option(a: Answer, correct: bool) -> dict[str, Any]:
    return {"text": a.text, "correct": correct, "feedback": a.feedback or NO_FEEDBACK}


def _short_text(answers: list[Answer], line: int) -> dict[str, Any]:
    """100% answers are accepted, partial ones earn their share; a 0% `*` answer carries the
    feedback for the rest. `*` in an answer stands for anything, as in Moodle."""
    accepted = [a for a in answers if a.weight == 100]
    others = [a for a in answers if a.weight == 0 and a.text == "*"]
    partial = [a for a in answers if a not in accepted and a not in others]
    if not accepted:
        raise Fault(line, "no correct answer: mark at least one answer with =")
    has_texts(answers)
    for a in partial:
        if a.weight < 0:
            raise Fault(
                a.line, f"{number_text(a.weight)}% for {a.text!r}: a short answer earns 0-100%"
            )
    item = {
        "type": "short_text",
        "accepted": [a.text for a in accepted],
        "feedback_correct": " ".join(dict.fromkeys(a.feedback for a in accepted if a.feedback))
        or NO_FEEDBACK,
        "feedback_incorrect": (others[0].feedback if others else "") or NO_FEEDBACK,
    }
    if partial:
        item["partial"] = [
            {"text": a.text, "credit": a.weight / 100, "feedback": a.feedback or NO_FEEDBACK}
            for a in partial
        ]
    return item


def _matching(answers: list[Answer]) -> dict[str, Any]:
    """`=prompt -> match` pairs; `= -> match` with no prompt is an extra wrong match."""
    pairs, extra = [], []
    for a in answers:
        prompt, arrow, match = (part.strip() for part in a.text.partition("->"))
        if a.mark != "=" or not arrow or a.weight != 100:
            raise Fault(a.line, "a matching question has only =prompt -> match answers")
        if not match:
            raise Fault(a.line, "a pair with no match")
        if prompt:
            pairs.append({"prompt": prompt, "match": match, "feedback": a.feedback or NO_FEEDBACK})
        else:
            extra.append(match)
    return {"type": "matching", "pairs": pairs, **({"distractors": extra} if extra else {})}


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
