"""Moodle's GIFT text format (docs.moodle.org/en/GIFT_format): read into our items, write back.

Pure: text in, item dicts of our bank shape and problems out, and items back to text. Escaped
characters are hidden behind private-use placeholders first, so the syntax can be cut on the bare
ones, and restored in every text that reaches an item.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from trainer.assessments.items import ITEM_MODELS
from trainer.content.problems import Problem

NO_FEEDBACK = "No feedback in the GIFT source."
NO_EXPLANATION = "No general feedback in the GIFT source."
NO_GUIDANCE = "No guidance in the GIFT source."
NO_LOOK_FORS = "No look-fors in the GIFT source."
CATEGORY = "GIFT category: "

HIDE = {c: chr(0xE000 + i) for i, c in enumerate("\\~=#{}:n")}
SHOW = str.maketrans({v: ("\n" if k == "n" else k) for k, v in HIDE.items()})
ESCAPED = re.compile(r"\\([\\~=#{}:n])")
FORMAT = re.compile(r"^\s*\[(?:html|markdown|plain|moodle)\]")
WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
TRUE_FALSE = re.compile(r"(T|TRUE|F|FALSE)\s*(?:#|$)", re.IGNORECASE)
NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
RANGE = re.compile(rf"({NUMBER})\s*\.\.\s*({NUMBER})")
POINT = re.compile(rf"({NUMBER})(?:\s*:\s*({NUMBER}))?")


class _Fault(Exception):
    """A question that cannot become an item; stops that question only."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass(frozen=True)
class _Block:
    """One question's text, escapes hidden, with the source line of each of its lines."""

    text: str
    lines: tuple[int, ...]

    def line(self, at: int) -> int:
        """The source line of character `at`, so faults inside a question point at their line."""
        return self.lines[min(self.text.count("\n", 0, at), len(self.lines) - 1)]


@dataclass
class _File:
    """What every question of one GIFT file shares."""

    source: str
    competency: str
    level: int
    category: str = ""
    keys: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Answer:
    mark: str  # "=" or "~"
    weight: float  # percent of the marks
    text: str
    feedback: str
    line: int


def parse_gift(
    text: str, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read GIFT into item dicts of our bank shape; with any problem, no items are returned."""
    file = _File(source, competency, level)
    items: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for block in _blocks(text):
        block = _take_category(block, file)
        if not block.text.strip():
            continue
        try:
            item = _item(block, file)
        except _Fault as fault:
            problems.append(Problem(source, fault.line, fault.message))
            continue
        problems += _validate(item, source, block.lines[0])
        items.append(item)
    return ([] if problems else items), problems


def _blocks(text: str) -> Iterator[_Block]:
    """Cut at blank lines and drop // comment lines, which is how GIFT delimits questions."""
    rows: list[tuple[int, str]] = []
    for number, raw in enumerate([*text.removeprefix("\ufeff").splitlines(), ""], start=1):
        if raw.strip() and not raw.lstrip().startswith("//"):
            rows.append((number, ESCAPED.sub(lambda m: HIDE[m[1]], raw)))
        elif not raw.strip() and rows:
            yield _Block("\n".join(row for _, row in rows), tuple(n for n, _ in rows))
            rows = []


def _take_category(block: _Block, file: _File) -> _Block:
    """Note a $CATEGORY: line for the questions that follow, and return the rest of the block."""
    first, _, rest = block.text.partition("\n")
    if not first.strip().startswith("$CATEGORY:"):
        return block
    file.category = _clean(first.strip().removeprefix("$CATEGORY:"))
    return _Block(rest, block.lines[1:])


def _item(block: _Block, file: _File) -> dict[str, Any]:
    """Build one item dict, with the fields GIFT has no place for filled from the file."""
    title, fields = _question(block)
    item = {
        "key": _key(title, fields["stem"], file.keys),
        "type": fields.pop("type"),
        "level": file.level,
        "competencies": [file.competency],
        "status": "draft",  # placeholders stand in for feedback; an author reviews before live
        **fields,
    }
    if file.category:
        item["source"] = CATEGORY + file.category
    return item


def _question(block: _Block) -> tuple[str, dict[str, Any]]:
    """Split a question into title, stem and answer block, since each has its own syntax."""
    text, start, title = block.text, 0, ""
    if text.lstrip().startswith("::"):
        begin = text.index("::")
        end = text.find("::", begin + 2)
        if end < 0:
            raise _Fault(block.lines[0], "the title has no closing ::")
        title, start = _clean(text[begin + 2 : end]), end + 2
    opening, closing = _braces(block, start)
    after = text[closing + 1 :]
    if "{" in after or "}" in after:
        at = closing + 1 + min(i for i in (after.find("{"), after.find("}")) if i >= 0)
        raise _Fault(block.line(at), "a question has one answer block; escape a brace as \\{")
    stem = _clean(text[start:opening])
    if _clean(after):  # GIFT's missing-word form: the blank is where the answers were
        stem = f"{stem} _____ {_clean(after)}".strip()
    if not stem:
        raise _Fault(block.lines[0], "the question has no text before its answer block")
    return title, {"stem": stem, **_answers(block, opening + 1, closing)}


def _braces(block: _Block, start: int) -> tuple[int, int]:
    """Find the answer block's braces, refusing questions without one or with a broken one."""
    text = block.text
    opening, closing = text.find("{", start), text.find("}", start)
    if 0 <= closing < opening or (opening < 0 <= closing):
        raise _Fault(block.line(closing), "closing brace } without an opening {")
    if opening < 0:
        raise _Fault(
            block.lines[0],
            "a description-only question (text with no answer block) is not supported",
        )
    if closing < 0:
        raise _Fault(block.line(opening), "missing closing brace } for the answer block")
    inner = text.find("{", opening + 1, closing)
    if inner >= 0:
        raise _Fault(block.line(inner), "a { inside an answer block; escape it as \\{")
    return opening, closing


def _answers(block: _Block, begin: int, end: int) -> dict[str, Any]:
    """Tell the question type from the answer block's shape, as GIFT does."""
    body, _, general = block.text[begin:end].partition("####")
    fields: dict[str, Any] = {"explanation": _clean(general) or NO_EXPLANATION}
    stripped = body.strip()
    if not stripped:
        return {"type": "essay", "guidance": NO_GUIDANCE, "look_fors": [NO_LOOK_FORS], **fields}
    at = begin + body.index(stripped[0])
    if stripped.startswith("#"):
        return {**_numeric(block, at + 1, body[body.index("#") + 1 :]), **fields}
    if TRUE_FALSE.match(stripped):
        return {**_true_false(block, at, stripped), **fields}
    return {**_choices(block, begin, body), **fields}


def _split(block: _Block, begin: int, body: str) -> list[_Answer]:
    """Cut an answer block at each bare = or ~, since every answer starts with one."""
    marks = [match.start() for match in re.finditer(r"[=~]", body)]
    lead = body[: marks[0]] if marks else body
    if lead.strip():
        at = begin + lead.index(lead.strip()[0])
        raise _Fault(
            block.line(at),
            f"unknown syntax in the answer block: {_clean(lead)!r}; "
            "answers start with = or ~, or the block is {T}, {F}, {#number} or {}",
        )
    ends = [*marks[1:], len(body)]
    return [_answer(block, begin + a, body[a:b]) for a, b in zip(marks, ends, strict=True)]


def _answer(block: _Block, at: int, chunk: str) -> _Answer:
    """Read one answer: its mark, optional %weight%, text and #feedback."""
    line, mark, rest = block.line(at), chunk[0], chunk[1:]
    weight = 100.0 if mark == "=" else 0.0
    match = WEIGHT.match(rest)
    if match:
        weight, rest = float(match[1]), rest[match.end() :]
    elif rest.lstrip().startswith("%"):
        raise _Fault(line, "a weight is written %50%, a number between -100 and 100")
    if not -100 <= weight <= 100:
        raise _Fault(line, f"weight {_number(weight)}% is outside -100 to 100")
    text, _, feedback = rest.partition("#")
    if "#" in feedback:
        raise _Fault(line, "an answer has one #feedback; escape a literal # as \\#")
    if not _clean(text):
        raise _Fault(line, "an answer has no text")
    return _Answer(mark, weight, _clean(text), _clean(feedback), line)


def _choices(block: _Block, begin: int, body: str) -> dict[str, Any]:
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
        raise _Fault(line, "no correct answer: mark one with = or give it a positive %weight%")
    options = [
        {"text": a.text, "correct": a.weight > 0, "feedback": a.feedback or NO_FEEDBACK}
        for a in answers
    ]
    weights = [a.weight for a in keys]
    if weights == [100.0]:
        return {"type": "single", "options": options}
    if len(keys) > 1 and max(weights) - min(weights) <= 0.01 and abs(sum(weights) - 100) <= 0.01:
        return {"type": "multiple", "options": options}
    shown = ", ".join(f"{_number(w)}%" for w in weights)
    raise _Fault(
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
        raise _Fault(line, "no correct answer: mark at least one answer with =")
    if odd:
        raise _Fault(
            odd[0].line,
            f"{_number(odd[0].weight)}% for {odd[0].text!r} does not fit a short_text item, "
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
            raise _Fault(a.line, "a matching question has only =prompt -> match answers")
        if not prompt or not match:
            raise _Fault(a.line, "a pair with no prompt or no match does not fit our items")
        pairs.append({"prompt": prompt, "match": match, "feedback": a.feedback or NO_FEEDBACK})
    return {"type": "matching", "pairs": pairs}


def _true_false(block: _Block, at: int, body: str) -> dict[str, Any]:
    """{T#wrong#right}: the first feedback is for a wrong answer, the second for a right one."""
    word, *feedback = body.split("#")
    if len(feedback) > 2:
        raise _Fault(block.line(at), "a true/false answer takes at most #wrong#right feedback")
    wrong, right = [_clean(text) or NO_FEEDBACK for text in [*feedback, "", ""][:2]]
    answer = word.strip().upper().startswith("T")
    return {
        "type": "true_false",
        "answer": answer,
        "feedback_true": right if answer else wrong,
        "feedback_false": wrong if answer else right,
    }


def _numeric(block: _Block, begin: int, body: str) -> dict[str, Any]:
    """One full-credit answer with its tolerance; partial and zero answers are common errors."""
    if not body.strip():
        raise _Fault(block.line(begin), "a numeric answer block has no number")
    plain = not body.lstrip().startswith(("=", "~"))
    answers = _split(block, begin - 1, "=" + body) if plain else _split(block, begin, body)
    values = [(a, *_value(a)) for a in answers]
    full = [value for value in values if value[0].weight == 100]
    if not full:
        raise _Fault(answers[0].line, "no correct answer: give one numeric answer = or =%100%")
    if len(full) > 1:
        raise _Fault(full[1][0].line, "our numeric items have one full-credit answer, not two")
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
            raise _Fault(answer.line, f"the range {answer.text} runs backwards")
        return (low + high) / 2, (high - low) / 2
    if match := POINT.fullmatch(answer.text):
        tolerance = float(match[2] or 0)
        if tolerance < 0:
            raise _Fault(answer.line, f"the tolerance in {answer.text} is negative")
        return float(match[1]), tolerance
    raise _Fault(answer.line, f"{answer.text!r} is not a number, number:tolerance or low..high")


def _clean(text: str) -> str:
    """Strip a [format] marker and line breaks of the source, then restore escaped characters."""
    text = re.sub(r"\s*\n\s*", " ", FORMAT.sub("", text)).strip()
    return text.translate(SHOW)


def _key(title: str, stem: str, taken: set[str]) -> str:
    """A readable key from the title, or the stem's first words, unique within the file."""
    base = _slug(title) or _slug(" ".join(stem.split()[:6])) or "question"
    base = (base if base.startswith("gift-") else f"gift-{base}")[:70].rstrip("-")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, the shape of our keys."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _validate(item: dict[str, Any], file: str, line: int) -> list[Problem]:
    """Check the item against our model here, so a fault names the GIFT line, not a YAML path."""
    try:
        ITEM_MODELS[item["type"]].model_validate(item)
    except ValidationError as exc:
        return [
            Problem(file, line, f"{item['type']} item: {_describe(error)}")
            for error in exc.errors()
        ]
    return []


def _describe(error: Any) -> str:
    """A pydantic error as `field: message`, the way our content problems read."""
    where = ".".join(str(part) for part in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


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
    """Single: = the key, ~ the rest; multiple: equal shares of 100% and the same penalty."""
    if data["type"] == "single":
        marks = {True: "=", False: "~"}
    else:
        share = _number(round(100 / sum(o["correct"] for o in data["options"]), 5))
        marks = {True: f"~%{share}%", False: f"~%-{share}%"}
    return [
        f"{marks[o['correct']]}{_escape(o['text'])}{_feedback(o['feedback'])}"
        for o in data["options"]
    ]


def _write_true_false(data: dict[str, Any]) -> list[str]:
    """{TRUE#wrong#right}: GIFT gives the feedback for a wrong answer first."""
    answer = data["answer"]
    feedbacks = (data["feedback_false"], data["feedback_true"])[:: 1 if answer else -1]
    wrong, right = (_feedback(text) for text in feedbacks)
    feedback = f"{wrong or '#'}{right}" if right else wrong
    return [("TRUE" if answer else "FALSE") + feedback]


def _write_short_text(data: dict[str, Any]) -> list[str]:
    """Each accepted answer at full credit; a 0% `*` answer carries the incorrect feedback."""
    lines = [f"={_escape(text)}{_feedback(data['feedback_correct'])}" for text in data["accepted"]]
    if data["feedback_incorrect"] != NO_FEEDBACK:
        lines.append(f"=%0%*{_feedback(data['feedback_incorrect'])}")
    return lines


def _write_matching(data: dict[str, Any]) -> list[str]:
    """GIFT pairs take no feedback (Moodle would read it as match text), so it is left out."""
    return [f"={_escape(p['prompt'])} -> {_escape(p['match'])}" for p in data["pairs"]]


def _write_numeric(data: dict[str, Any]) -> list[str]:
    """value:tolerance at full credit; each common error an exact answer at 0%."""
    right = f"{_number(data['answer'])}:{_number(data['tolerance'])}"
    right += _feedback(data["feedback_correct"])
    errors = data.get("common_errors") or []
    if not errors:
        return [f"#{right}"]
    wrong = [f"=%0%{_number(e['value'])}:0{_feedback(e['feedback'])}" for e in errors]
    return ["#", f"={right}", *wrong]


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


def _number(value: float) -> str:
    """Shortest exact form of a number: 3 not 3.0."""
    text = repr(float(value))
    return text.removesuffix(".0")
