"""Turn pydantic validation errors into problems that name file and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from trainer.content.problems import Problem
from trainer.content.source import Document, Location

ModelT = TypeVar("ModelT", bound=BaseModel)


class ContentModel(BaseModel):
    """Base for content schemas: unknown fields are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


@dataclass(frozen=True)
class PackKeys:
    """What a pack defines, for checking the references between its files."""

    levels: frozenset[int] = frozenset({1, 2, 3, 4})
    competencies: frozenset[str] = frozenset()
    profiles: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()


def _describe(error: dict) -> str:
    field = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function-"))
    message = error["msg"].removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def validate(
    model: type[ModelT], doc: Document, at: Location = ()
) -> tuple[ModelT | None, list[Problem]]:
    """Validate the value at `at` (default: the whole document) against `model`."""
    try:
        return model.model_validate(doc.at(at)), []
    except ValidationError as exc:
        problems = [
            doc.problem((*at, *error["loc"]), _describe({**error, "loc": (*at, *error["loc"])}))
            for error in exc.errors()
        ]
        return None, problems
