"""The assessments' content kinds: item banks and forms (docs/content/items.md)."""

from __future__ import annotations

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from trainer.assessments.items import Item, ItemBase
from trainer.assessments.schema import Form, read_form, read_item_bank
from trainer.content.kinds import ContentKind, Records
from trainer.content.models import ContentVersion
from trainer.content.parsed import cached, parsed
from trainer.content.problems import Problem
from trainer.content.source import Document
from trainer.content.validation import PackKeys


def read_items(
    doc: Document, keys: PackKeys, records: Records
) -> tuple[list[ItemBase], list[Problem]]:
    return read_item_bank(doc, keys)


def read_forms(doc: Document, keys: PackKeys, records: Records) -> tuple[list[Form], list[Problem]]:
    """A form file holds one form; its items and calls must be among those read before it."""
    calls = frozenset(records.get("scenario", {}))
    form, problems = read_form(doc, keys, dict(records.get("item", {})), calls)
    return ([form] if form is not None else []), problems


def item_exercises(item: ItemBase) -> list[str]:
    return list(item.competencies)


def form_exercises(form: Form) -> list[str]:
    """The competencies a form's draws pick for; fixed items are named, not ruled by one."""
    return list(dict.fromkeys(s.draw.competency for s in form.sections if s.draw is not None))


_ITEM = TypeAdapter(Item)


def item_of(version: ContentVersion) -> ItemBase:
    """The validated item of a stored version, parsed once per distinct content."""
    return parsed(version, _ITEM.validate_python)


def item_by_hash(session: Session, version_id: int, content_hash: str) -> ItemBase:
    """The item of a version known by id and content hash: its body is read only if unparsed."""
    item = cached("item", content_hash)
    return item if item is not None else item_of(session.get(ContentVersion, version_id))


def form_of(version: ContentVersion) -> Form:
    """The validated form of a stored version, parsed once per distinct content."""
    return parsed(version, Form.model_validate)


ITEM = ContentKind("item", "items", read_items, exercises=item_exercises)
FORM = ContentKind("form", "forms", read_forms, exercises=form_exercises)
