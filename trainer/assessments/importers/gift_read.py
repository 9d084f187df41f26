"""Read Moodle's GIFT text format (docs.moodle.org/en/GIFT_format) into our items.

Pure: text in, item dicts of our bank shape and problems out. A question is cut into title, stem
and answer block here; gift_answers.py maps the answer block to an item type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from trainer.assessments.importers.gift_answers import answers
from trainer.assessments.importers.gift_syntax import (
    CATEGORY,
    ESCAPED,
    HIDE,
    Block,
    Fault,
    as_plain_text,
    clean,
    plain,
    text_format,
)
from trainer.assessments.importers.xml_source import Keys
from trainer.assessments.items import ITEM_MODELS
from trainer.content.problems import Problem


@dataclass
class _File:
    """What every question of one GIFT file shares."""

    source: str
    competency: str
    level: int
    category: str = ""
    keys: Keys = field(default_factory=Keys)


def read_gift(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read a GIFT file's bytes, which must be UTF-8, as `parse_gift` reads its text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [Problem(source, line, "not UTF-8 text; save the file as UTF-8")]
    return parse_gift(text, source, competency, level)


def parse_gift(
    text: str, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read GIFT into item dicts of our bank shape, and every problem with its line. The
    questions that read well come back too, so a preview shows each one; the store imports
    nothing while any problem remains."""
    file = _File(source, competency, level)
    items: list[dict[str, Any]] = []
    problems: list[Problem] = []
    description: tuple[str, int] | None = None
    for block in _blocks(text):
        block = _take_category(block, file)
        if not block.text.strip():
            continue
        try:
            if _is_description(block):  # Moodle's description: text with no answer block
                description = (_description(block), block.lines[0])
                continue
            item = _item(block, file)
        except Fault as fault:
            problems.append(Problem(source, fault.line, fault.message))
            continue
        if description:  # shown before the question it introduces
            item["stem"] = f"{description[0]}\n\n{item['stem']}"
            description = None
        faults = _validate(item, source, block.lines[0])
        problems += faults
        if not faults:
            items.append(item)
    if description:
        problems.append(Problem(source, description[1], _LAST_DESCRIPTION))
    return items, problems  # the store imports nothing while there is any problem


_LAST_DESCRIPTION = (
    "a description (text with no answer block) is shown before the next question, "
    "and none follows it"
)


def _is_description(block: Block) -> bool:
    return "{" not in block.text and "}" not in block.text


def _description(block: Block) -> str:
    text = block.text
    if text.lstrip().startswith("::"):
        end = text.find("::", text.index("::") + 2)
        if end < 0:
            raise Fault(block.lines[0], "the title has no closing ::")
        text = text[end + 2 :]
    return plain(text)


def _blocks(text: str) -> Iterator[Block]:
    """Cut at blank lines and drop // comment lines, which is how GIFT delimits questions."""
    rows: list[tuple[int, str]] = []
    for number, raw in enumerate([*text.removeprefix("\ufeff").splitlines(), ""], start=1):
        if raw.strip() and not raw.lstrip().startswith("//"):
            rows.append((number, ESCAPED.sub(lambda m: HIDE[m[1]], raw)))
        elif not raw.strip() and rows:
            yield Block("\n".join(row for _, row in rows), tuple(n for n, _ in rows))
            rows = []


def _take_category(block: Block, file: _File) -> Block:
    """Note a $CATEGORY: line for the questions that follow, and return the rest of the block."""
    first, _, rest = block.text.partition("\n")
    if not first.strip().startswith("$CATEGORY:"):
        return block
    file.category = clean(first.strip().removeprefix("$CATEGORY:"))
    return Block(rest, block.lines[1:])


def _item(block: Block, file: _File) -> dict[str, Any]:
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


def _question(block: Block) -> tuple[str, dict[str, Any]]:
    """Split a question into title, stem and answer block, since each has its own syntax."""
    text, start, title = block.text, 0, ""
    if text.lstrip().startswith("::"):
        begin = text.index("::")
        end = text.find("::", begin + 2)
        if end < 0:
            raise Fault(block.lines[0], "the title has no closing ::")
        title, start = clean(text[begin + 2 : end]), end + 2
    opening, closing = _braces(block, start)
    after = text[closing + 1 :]
    if "{" in after or "}" in after:
        at = closing + 1 + min(i for i in (after.find("{"), after.find("}")) if i >= 0)
        raise Fault(block.line(at), "a question has one answer block; escape a brace as \\{")
    stem = text[start:opening]
    if clean(after):  # GIFT's missing-word form: the blank is where the answers were
        stem = f"{stem.rstrip()} _____ {after.lstrip()}"
    fields = {"stem": stem, **answers(block, opening + 1, closing)}
    fields = as_plain_text(fields, text_format(stem))
    if not fields["stem"]:
        raise Fault(block.lines[0], "the question has no text before its answer block")
    return title, fields


def _braces(block: Block, start: int) -> tuple[int, int]:
    """Find the answer block's braces, refusing questions without one or with a broken one."""
    text = block.text
    opening, closing = text.find("{", start), text.find("}", start)
    if 0 <= closing < opening or (opening < 0 <= closing):
        raise Fault(block.line(closing), "closing brace } without an opening {")
    if closing < 0:
        raise Fault(block.line(opening), "missing closing brace } for the answer block")
    inner = text.find("{", opening + 1, closing)
    if inner >= 0:
        raise Fault(block.line(inner), "a { inside an answer block; escape it as \\{")
    return opening, closing


def _key(title: str, stem: str, taken: Keys) -> str:
    """A readable key from the title, or the stem's first words, unique within the file."""
    base = _slug(title) or _slug(" ".join(stem.split()[:6])) or "question"
    return taken.claim((base if base.startswith("gift-") else f"gift-{base}")[:70].rstrip("-"))


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
