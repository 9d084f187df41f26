"""What reading and writing GIFT share: placeholders, escapes and the shape of a question.

Escaped characters are hidden behind private-use placeholders first, so the syntax can be cut on
the bare ones, and restored in every text that reaches an item. Placeholders stand in for what
GIFT has no place for; the writer leaves them out again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from trainer.assessments.importers.xml_source import plain_text

NO_FEEDBACK = "No feedback in the GIFT source."
NO_EXPLANATION = "No general feedback in the GIFT source."
NO_GUIDANCE = "No guidance in the GIFT source."
NO_LOOK_FORS = "No look-fors in the GIFT source."
CATEGORY = "GIFT category: "

HIDE = {c: chr(0xE000 + i) for i, c in enumerate("\\~=#{}:n")}
SHOW = str.maketrans({v: ("\n" if k == "n" else k) for k, v in HIDE.items()})
ESCAPED = re.compile(r"\\([\\~=#{}:n])")
WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")  # only % number %: anything else is text
FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
LINE_BREAK = re.compile(r"\s*\n\s*")
MARKDOWN = [  # what plain text of Markdown drops: emphasis, code marks, headings; links keep both
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r"\1 (\2)"),
    (re.compile(r"(\*\*|__|`)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](\S(?:.*?\S)?)[*_](?![\w*])"), r"\1"),
    (re.compile(r"^#{1,6}\s+"), ""),
]


class Fault(Exception):
    """A question that cannot become an item; stops that question only."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass(frozen=True)
class Block:
    """One question's text, escapes hidden, with the source line of each of its lines."""

    text: str
    lines: tuple[int, ...]

    def line(self, at: int) -> int:
        """The source line of character `at`, so faults inside a question point at their line."""
        return self.lines[min(self.text.count("\n", 0, at), len(self.lines) - 1)]


def text_format(text: str) -> str:
    """The question's [format] marker; its answers and feedback are written in the same one."""
    match = FORMAT.match(text)
    return match[1] if match else "moodle"


def plain(text: str, form: str = "") -> str:
    """Text of any GIFT format as the plain text our items hold: HTML tags and Markdown marks
    dropped, entities read, so a learner never sees `<p>` or `**`."""
    form = form or text_format(text)
    text = clean(text)
    if form == "html" or (form == "moodle" and re.search(r"</?[a-zA-Z][^>]*>", text)):
        return plain_text(text)
    if form == "markdown":
        for pattern, replacement in MARKDOWN:
            text = pattern.sub(replacement, text)
    return text


def as_plain_text(fields: Any, form: str) -> Any:
    """Every text of a question's fields in plain text, read in the question's format."""
    if isinstance(fields, str):
        return plain(fields, form)
    if isinstance(fields, list):
        return [as_plain_text(value, form) for value in fields]
    if isinstance(fields, dict):
        return {k: v if k in _NOT_TEXT else as_plain_text(v, form) for k, v in fields.items()}
    return fields


_NOT_TEXT = {"type"}


def clean(text: str) -> str:
    """Strip a [format] marker and line breaks of the source, then restore escaped characters."""
    text = LINE_BREAK.sub(" ", FORMAT.sub("", text)).strip()
    return text.translate(SHOW)


def number_text(value: float) -> str:
    """Shortest exact form of a number: 3 not 3.0."""
    text = repr(float(value))
    return text.removesuffix(".0")


@dataclass(frozen=True)
class Answer:
    mark: str  # "=", "~", or "" for the short form `{One}`
    weight: float  # percent of the marks
    text: str
    feedback: str
    line: int


def split(block: Block, begin: int, body: str) -> list[Answer]:
    """Cut an answer block at each bare = or ~; text before the first is a short-form answer."""
    marks = [match.start() for match in re.finditer(r"[=~]", body)]
    lead = body[: marks[0]] if marks else body
    if lead.strip():
        if marks:
            at = begin + lead.index(lead.strip()[0])
            raise Fault(
                block.line(at),
                f"text before the first answer: {clean(lead)!r}; each answer starts with = or ~",
            )
        return [answer(block, begin, "=" + body, short_form=True)]
    ends = [*marks[1:], len(body)]
    return [answer(block, begin + a, body[a:b]) for a, b in zip(marks, ends, strict=True)]


def answer(block: Block, at: int, chunk: str, short_form: bool = False) -> Answer:
    """Read one answer: its mark, optional %weight%, text and #feedback."""
    line, mark, rest = block.line(at), chunk[0], chunk[1:]
    weight = 100.0 if mark == "=" else 0.0
    if match := WEIGHT.match(rest):
        weight, rest = float(match[1]), rest[match.end() :]
    if not -100 <= weight <= 100:
        raise Fault(line, f"weight {number_text(weight)}% is outside -100 to 100")
    text, _, feedback = rest.partition("#")
    if "#" in feedback:
        raise Fault(line, "an answer has one #feedback; escape a literal # as \\#")
    return Answer("" if short_form else mark, weight, clean(text), clean(feedback), line)


def has_texts(answers: list[Answer]) -> None:
    for a in answers:
        if not a.text:
            raise Fault(a.line, "an answer has no text")
