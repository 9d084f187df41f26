"""A content kind: one row of the table that says how a pack's folder becomes stored content.

Each feature defines its kinds beside its schema and `trainer/kinds.py` lists them in load
order, so content/ reads, checks and stores packs without importing any feature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from trainer.content.problems import Problem
from trainer.content.source import Document
from trainer.content.validation import PackKeys, validate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trainer.content.models import ContentVersion

Records = Mapping[str, Mapping[str, Any]]  # kind name -> key -> validated record, read so far
Reader = Callable[[Document, PackKeys, Records], tuple[list[Any], list[Problem]]]
OnLoad = Callable[["Session", Any, "ContentVersion", int], None]


def exercises_nothing(model: Any) -> list[str]:
    """For kinds that define or require competencies rather than give evidence for them."""
    return []


@dataclass(frozen=True)
class ContentKind:
    """How records of one kind are read, which competencies each exercises, what loading does.

    `on_load(session, record, version, position)` keeps a feature's own tables in step with the
    stored version. `one_per_file` kinds keep one record per file named by its key; references
    to them count every file, valid or not, so a broken file is reported once, in that file.
    """

    name: str
    folder: str
    read: Reader
    exercises: Callable[[Any], list[str]] = exercises_nothing
    on_load: OnLoad | None = None
    one_per_file: bool = False


def read_one(model: type[BaseModel]) -> Reader:
    """A reader for files that each hold exactly one record of `model`."""

    def read(doc: Document, keys: PackKeys, records: Records) -> tuple[list[Any], list[Problem]]:
        record, problems = validate(model, doc)
        return ([record] if record is not None else []), problems

    return read
