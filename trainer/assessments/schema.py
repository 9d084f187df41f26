"""The YAML shape of item banks and forms (docs/content/items.md), `read_item_bank`, `read_form`.

Each item and each section is validated on its own, so one broken item does not hide the
problems of the others; references to the rest of the pack are read even when fields fail.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, model_validator

from trainer.assessments.checks import (
    check_calls,
    check_draws,
    check_exposure,
    check_fixed,
    check_header,
    problem_at,
    unknown_competency,
)
from trainer.assessments.draws import Draw
from trainer.assessments.items import ITEM_MODELS, Item
from trainer.assessments.types.base import ItemBase
from trainer.content.problems import Problem
from trainer.content.schema import Key, Text
from trainer.content.source import Document, Location
from trainer.content.validation import ContentModel, PackKeys, validate

__all__ = ["Draw", "Form", "ItemBank", "Section", "read_form", "read_item_bank"]
TOP_NOT_MAPPING = "expected a mapping of fields at the top"


class ItemBankHeader(ContentModel):
    """The bank's own fields; items are only checked to be mappings here."""

    competency: Key
    items: list[dict[str, Any]] = Field(min_length=1)


class ItemBank(ItemBankHeader):
    items: list[Item] = Field(min_length=1)  # type: ignore[assignment]


class Section(ContentModel):
    title: Text
    items: list[Key] | None = Field(None, min_length=1)
    draw: Draw | None = None

    @model_validator(mode="after")
    def _items_or_draw(self) -> Section:
        if (self.items is None) == (self.draw is None):
            raise ValueError("a section has either fixed items or a draw, not both or neither")
        return self


class FormHeader(ContentModel):
    """The form's own fields; sections are only checked to be mappings here."""

    key: Key
    title: Text
    mode: Literal["practice", "assessment", "screening"]
    description: Text
    profile: Key | None = None
    time_limit_minutes: Annotated[int, Field(gt=0)] | None = None
    attempts_allowed: Annotated[int, Field(ge=1)] | None = None
    review_after: date | None = None  # keys shown to takers from this day (disclosure.py)
    one_per_page: StrictBool = True
    certainty_based: StrictBool = False
    shuffle_items: StrictBool = True
    shuffle_options: StrictBool = True
    calls: list[Key] = []  # role-play calls the form includes, by scenario key
    sections: list[dict[str, Any]] = Field(min_length=1)


class Form(FormHeader):
    sections: list[Section] = Field(min_length=1)  # type: ignore[assignment]

    def fixed_items(self) -> list[str]:
        """The keys of the fixed items, in order."""
        return [key for section in self.sections for key in section.items or ()]


def _read_item(
    doc: Document, i: int, raw: dict[str, Any], competency: Any
) -> tuple[ItemBase | None, list[Problem]]:
    at: Location = ("items", i)
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in ITEM_MODELS:
        message = (
            "Field required"
            if "type" not in raw
            else f"unknown type {kind!r}; use one of {', '.join(ITEM_MODELS)}"
        )
        return None, [problem_at(doc, (*at, "type"), message)]
    if "competencies" not in raw and isinstance(competency, str):
        # The same document with the bank's default filled in, so lines still point at the file.
        items = list(doc.data["items"])
        items[i] = {**raw, "competencies": [competency]}
        doc = Document(doc.file, {**doc.data, "items": items}, doc.lines)
    return validate(ITEM_MODELS[kind], doc, at)


def read_item_bank(doc: Document, keys: PackKeys) -> tuple[list[ItemBase], list[Problem]]:
    """Validate a bank's items one by one; return the valid ones and every problem found."""
    if not isinstance(doc.data, dict):
        return [], [doc.problem((), TOP_NOT_MAPPING)]
    _, problems = validate(ItemBankHeader, doc)
    competency = doc.data.get("competency")
    problems += unknown_competency(doc, ("competency",), competency, keys)
    raw_items = doc.data.get("items")
    items: list[ItemBase] = []
    first: dict[str, int] = {}
    for i, raw in enumerate(raw_items if isinstance(raw_items, list) else ()):
        if not isinstance(raw, dict):
            continue  # the header reports it
        key, twice = raw.get("key"), False
        if isinstance(key, str) and key in first:
            message = f"{key!r} is already the key of items.{first[key]}"
            problems.append(problem_at(doc, ("items", i, "key"), message))
            twice = True
        elif isinstance(key, str):
            first[key] = i
        named = raw.get("competencies")
        for j, name in enumerate(named if isinstance(named, list) else ()):
            problems += unknown_competency(doc, ("items", i, "competencies", j), name, keys)
        item, item_problems = _read_item(doc, i, raw, competency)
        problems += item_problems
        if item is not None and not twice:
            items.append(item)
    return items, problems


def read_form(
    doc: Document,
    keys: PackKeys,
    items: dict[str, ItemBase],
    calls: frozenset[str] | None = None,
) -> tuple[Form | None, list[Problem]]:
    """Validate a form, its fixed items, its draws and its calls against the pack's records.

    `calls` holds the scenario keys a form may name; None skips that check.
    """
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), TOP_NOT_MAPPING)]
    _, problems = validate(FormHeader, doc)
    problems += check_header(doc, keys)
    raw_sections = doc.data.get("sections")
    sections: dict[int, Section] = {}
    for i, raw in enumerate(raw_sections if isinstance(raw_sections, list) else ()):
        if isinstance(raw, dict):
            section, section_problems = validate(Section, doc, ("sections", i))
            problems += section_problems
            if section is not None:
                sections[i] = section
    problems += check_fixed(doc, sections, items)
    problems += check_draws(doc, sections, keys, items)
    if calls is not None:
        problems += check_calls(doc, calls)
    if not problems:  # a pool too small for one attempt is reported once, above
        problems += check_exposure(doc, sections, items)
    if problems:
        return None, problems
    return validate(Form, doc)
