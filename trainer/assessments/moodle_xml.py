"""Import a Moodle XML question export as item dicts in our bank's YAML shape (items.md).

The mapping (Moodle XML format, docs.moodle.org/en/Moodle_XML_format):

* ``multichoice`` with ``<single>true`` -> ``single`` (the 100% answer is the key);
  ``<single>false`` -> ``multiple`` (every answer with a positive fraction is a key).
* ``truefalse`` -> ``true_false``; ``shortanswer`` -> ``short_text`` (the 100% answers, and the
  ``*`` answer's feedback as ``feedback_incorrect``); ``matching`` -> ``matching``;
  ``numerical`` -> ``numeric`` (the 100% answer and its tolerance; other answers become
  ``common_errors``); ``essay`` -> ``essay`` (``graderinfo`` as the look-for).
* ``category`` sets the ``source`` of the questions after it; ``description`` and every other
  type are problems naming the question's line.

Text is HTML stripped to plain text. A field our items need but Moodle lacks gets a placeholder
saying so, and items come back as ``draft`` so an author reviews them before they go live.
Anything dropped on the way (partial credit, wildcards, distractors) is a problem, never silent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree as ET
from xml.parsers import expat

from trainer.content.problems import Problem

KEY_LENGTH = 80  # the `Key` pattern's max_length
BREAKS = {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "hr"}
BREAKS |= {"pre", "h1", "h2", "h3", "h4", "h5", "h6"}
HIDDEN = ("script", "style")  # code, not words
PLAIN_FORMATS = ("plain_text", "markdown")
SINGLE = {"true": True, "1": True, "false": False, "0": False}


class XmlError(ValueError):
    """XML that cannot be read, with the line the parser stopped at."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _clark(name: str) -> str:
    """Expat's `uri}local` as ElementTree's `{uri}local`."""
    return "{" + name if "}" in name else name


def read_xml(data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse XML keeping each element's start line, which ElementTree alone forgets."""
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def start(name: str, attrs: dict[str, str]) -> None:
        element = builder.start(_clark(name), {_clark(k): v for k, v in attrs.items()})
        lines[element] = parser.CurrentLineNumber

    def refuse_entities(*_: object) -> None:
        # Entity declarations are how XML bombs work; exports never need them.
        raise XmlError(parser.CurrentLineNumber, "entity declarations are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_clark(name))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = refuse_entities
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(exc.lineno, expat.ErrorString(exc.code)) from None
    return builder.close(), lines


class _PlainText(HTMLParser):
    """Collects the text of an HTML fragment; block tags become spaces so words stay apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities unescaped in the text
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        self.parts.append(" " if tag in BREAKS else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        self.parts.append(" " if tag in BREAKS else "")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of an HTML fragment on one line, since items hold plain text."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def unique_key(prefix: str, name: str, taken: set[str]) -> str:
    """`prefix` + a slug of `name` that fits our key pattern and no other item has."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "item"
    base = f"{prefix}{slug}"[: KEY_LENGTH - 4].rstrip("-")
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def _text(element: ET.Element | None) -> str:
    """The plain text of a Moodle text field (`<x format=".."><text>..</text></x>`)."""
    if element is None:
        return ""
    raw = element.findtext("text") or ""
    if element.get("format") in PLAIN_FORMATS:
        return " ".join(raw.split())
    return plain_text(raw)


def _placeholder(what: str) -> str:
    """Text for a field Moodle lacks: says so, so authors see what to write before going live."""
    return f"No {what} in the Moodle file."


@dataclass(frozen=True)
class _Answer:
    element: ET.Element
    fraction: float
    text: str
    feedback: str


@dataclass
class _Question:
    """One `<question>` being mapped, and where to report what cannot be."""

    element: ET.Element
    file: str
    lines: dict[ET.Element, int]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, at: ET.Element | None = None) -> None:
        """Report `message` at `at` (default: the question), naming question and element."""
        at = self.element if at is None else at
        where = f'<question type="{at.get("type")}">' if at is self.element else f"<{at.tag}>"
        name = _text(self.element.find("name"))
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
            feedback = _text(element.find("feedback"))
            answers.append(_Answer(element, fraction, _text(element), feedback))
        return answers


def _option(answer: _Answer, correct: bool) -> dict[str, Any]:
    """An option as our banks write it: `correct` only on the keys."""
    option: dict[str, Any] = {"text": answer.text}
    if correct:
        option["correct"] = True
    option["feedback"] = answer.feedback or _placeholder("feedback")
    return option


def _multichoice(q: _Question) -> dict[str, Any] | None:
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


def _truefalse(q: _Question) -> dict[str, Any] | None:
    """`true_false`, its feedback taken from the answer the taker would pick."""
    answers = {answer.text.lower(): answer for answer in q.answers()}
    right = [text for text, answer in answers.items() if answer.fraction >= 100]
    if set(answers) != {"true", "false"} or len(right) != 1:
        q.problem("needs a 'true' and a 'false' answer, one of them with fraction 100")
        return None
    return {
        "type": "true_false",
        "answer": right[0] == "true",
        "feedback_true": answers["true"].feedback or _placeholder("feedback"),
        "feedback_false": answers["false"].feedback or _placeholder("feedback"),
    }


def _shortanswer(q: _Question) -> dict[str, Any] | None:
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
        "feedback_correct": right or _placeholder("feedback"),
        "feedback_incorrect": otherwise or _placeholder("feedback for wrong answers"),
    }


def _matching(q: _Question) -> dict[str, Any] | None:
    """`matching`; Moodle's extra wrong matches (no prompt) have no place in ours."""
    pairs = []
    for sub in q.element.findall("subquestion"):
        prompt, match = _text(sub), _text(sub.find("answer"))
        if not prompt:
            q.problem(f"extra wrong match {match!r} has no place in our items; dropped", sub)
            continue
        pairs.append({"prompt": prompt, "match": match, "feedback": _placeholder("feedback")})
    return {"type": "matching", "pairs": pairs}


def _number(q: _Question, element: ET.Element, raw: str | None, what: str) -> float | None:
    """A finite number, or None after reporting it: our numeric fields refuse text and NaN."""
    try:
        value = float((raw or "").strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        q.problem(f"{what} {raw!r} is not a number", element)
        return None
    return value


def _unit(q: _Question) -> str:
    """The unit with multiplier 1; Moodle's converted units have no place in our items."""
    kept = ""
    for unit in q.element.findall("units/unit"):
        name = (unit.findtext("unit_name") or "").strip()
        if not kept and _number(q, unit, unit.findtext("multiplier") or "1", "multiplier") == 1:
            kept = name
        else:
            q.problem(f"unit {name!r} is not the one base unit; dropped", unit)
    return kept


def _numerical(q: _Question) -> dict[str, Any] | None:
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
            feedback = answer.feedback or _placeholder("feedback")
            errors.append({"value": wrong, "feedback": feedback})
    fields = {"type": "numeric", "answer": value, "tolerance": abs(tolerance)}
    if unit := _unit(q):
        fields["unit"] = unit
    fields["feedback_correct"] = key.feedback or _placeholder("feedback")
    return {**fields, "common_errors": errors} if errors else fields


def _essay(q: _Question) -> dict[str, Any] | None:
    """`essay`: Moodle's information for graders is what a manager looks for."""
    grader_info = _text(q.element.find("graderinfo"))
    return {
        "type": "essay",
        "guidance": _placeholder("guidance for the taker"),
        "look_fors": [grader_info or _placeholder("information for graders")],
    }


MAPPERS: dict[str, Callable[[_Question], dict[str, Any] | None]] = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "matching": _matching,
    "numerical": _numerical,
    "essay": _essay,
}


def _category(question: ET.Element) -> str:
    """The category path without Moodle's `$course$`-style context and its `top` root."""
    parts = [part.strip() for part in (question.findtext("category/text") or "").split("/")]
    parts = [part for part in parts if part and not re.fullmatch(r"\$\w+\$", part)]
    return "/".join(parts[1:] if parts[:1] == ["top"] else parts)


@dataclass
class _Bank:
    """What the item fields share: the caller's competency and level, keys, the category."""

    competency: str
    level: int
    taken: set[str] = field(default_factory=set)
    category: str = ""

    def item(self, q: _Question, fields: dict[str, Any]) -> dict[str, Any]:
        """The item dict in the field order of our YAML banks."""
        name = _text(q.element.find("name"))
        item = {
            "key": unique_key("mxml-", name, self.taken),
            "type": fields.pop("type"),
            "level": self.level,
            "competencies": [self.competency],
            "status": "draft",  # placeholders must not reach learners unreviewed
            "stem": _text(q.element.find("questiontext")),
            **fields,
            "explanation": _text(q.element.find("generalfeedback"))
            or _placeholder("general feedback"),
        }
        return {**item, "source": self.category} if self.category else item


def _read(question: _Question, bank: _Bank) -> dict[str, Any] | None:
    """The item of one `<question>`, or None with the reason among its problems."""
    kind = question.element.get("type", "")
    if kind == "category":
        bank.category = _category(question.element)
        return None
    if kind == "description":
        question.problem("description questions are not items; skipped")
        return None
    if kind not in MAPPERS:
        question.problem("has no matching item type; skipped")
        return None
    if question.element.find(".//file") is not None:
        question.problem("embedded files (images) are not imported")
    fields = MAPPERS[kind](question)
    return None if fields is None else bank.item(question, fields)


def parse_moodle_xml(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Item dicts (ready to validate and dump as YAML) from a Moodle XML export, and problems."""
    try:
        root, lines = read_xml(data)
    except XmlError as exc:
        return [], [Problem(source, exc.line, f"not well-formed XML: {exc.message}")]
    if root.tag != "quiz":
        return [], [Problem(source, lines.get(root), f"<{root.tag}> is not a Moodle <quiz>")]
    items, problems, bank = [], [], _Bank(competency, level)
    for element in root:
        if element.tag != "question":
            problems.append(Problem(source, lines.get(element), f"<{element.tag}> ignored"))
            continue
        question = _Question(element, source, lines, problems)
        if (item := _read(question, bank)) is not None:
            items.append(item)
    return items, problems
