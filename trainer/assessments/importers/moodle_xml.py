"""Import a Moodle XML question export as item dicts in our bank's YAML shape (items.md).

The mapping (Moodle XML format, docs.moodle.org/en/Moodle_XML_format):

* ``multichoice`` with ``<single>true`` -> ``single`` (the 100% answer is the key);
  ``<single>false`` -> ``multiple`` (every answer with a positive fraction is a key).
* ``truefalse`` -> ``true_false``; ``shortanswer`` -> ``short_text`` (the 100% answers, and the
  ``*`` answer's feedback as ``feedback_incorrect``); ``matching`` -> ``matching``;
  ``numerical`` -> ``numeric`` (the 100% answer and its tolerance; other answers become
  ``common_errors``); ``essay`` -> ``essay`` (``graderinfo`` as the look-for).
* ``category`` sets the ``source`` of the questions after it; a ``description`` is shown before
  the next question; every other type is a problem naming the question's line.

Text is HTML stripped to plain text. A field our items need but Moodle lacks gets a placeholder
saying so, and items come back as ``draft`` so an author reviews them before they go live.
Grades are Moodle's: fractions outside Moodle's list, positive shares that do not add up to
100%, or anything our items cannot grade the same way is a problem, never a silent change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from pydantic import ValidationError

from trainer.assessments.importers.moodle_files import figures
from trainer.assessments.importers.moodle_questions import (
    MAPPERS,
    Question,
    field_text,
    placeholder,
)
from trainer.assessments.importers.xml_source import Keys, XmlError, read_xml, unique_key
from trainer.assessments.items import ITEM_MODELS
from trainer.content.problems import Problem


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
    taken: Keys = field(default_factory=Keys)
    category: str = ""
    description: tuple[str, ET.Element] | None = None  # shown before the next question

    def item(self, q: Question, fields: dict[str, Any]) -> dict[str, Any]:
        """The item dict in the field order of our YAML banks."""
        name = field_text(q.element.find("name"))
        item = {
            "key": unique_key("mxml-", name, self.taken),
            "type": fields.pop("type"),
            "level": self.level,
            "competencies": [self.competency],
            "status": "draft",  # placeholders must not reach learners unreviewed
            "stem": field_text(q.element.find("questiontext")),
            **fields,
            "explanation": _explanation(q),
        }
        if self.description:
            item["stem"] = f"{self.description[0]}\n\n{item['stem']}"
            self.description = None
        return {**item, "source": self.category} if self.category else item


COMBINED = (
    ("correctfeedback", "When right"),
    ("partiallycorrectfeedback", "When partly right"),
    ("incorrectfeedback", "When wrong"),
)


def _explanation(q: Question) -> str:
    """The general feedback, then Moodle's feedback for right, partly right and wrong answers
    (our items show one explanation once the answer is final, so each keeps its label)."""
    parts = [field_text(q.element.find("generalfeedback"))]
    parts += [
        f"{label}: {text}" for tag, label in COMBINED if (text := field_text(q.element.find(tag)))
    ]
    return "\n\n".join(part for part in parts if part) or placeholder("general feedback")


def _read(question: Question, bank: _Bank) -> dict[str, Any] | None:
    """The item of one `<question>`, or None with the reason among its problems."""
    kind = question.element.get("type", "")
    if kind == "category":
        bank.category = _category(question.element)
        return None
    if kind == "description":
        bank.description = (field_text(question.element.find("questiontext")), question.element)
        return None
    if kind not in MAPPERS:
        question.problem("has no matching item type; skipped")
        return None
    try:
        pictures, assets = figures(question.element.find("questiontext"))
    except ValueError as refusal:
        question.problem(f"{refusal}; not imported")
        return None
    fields = MAPPERS[kind](question)
    if fields is None:
        return None
    item = bank.item(question, fields)
    if pictures:
        item["figures"] = pictures
    try:  # checked here, so a fault names the question's line, not a YAML path
        ITEM_MODELS[item["type"]].model_validate(item)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            question.problem(f"as a {item['type']} item, {where}: {message}")
        return None
    return {**item, "_assets": assets} if assets else item


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
        question = Question(element, source, lines, problems)
        if (item := _read(question, bank)) is not None:
            items.append(item)
    if bank.description:
        message = '<question type="description"> is shown before the next question; none follows'
        problems.append(Problem(source, lines.get(bank.description[1]), message))
    return items, problems
