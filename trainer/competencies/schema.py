"""The YAML shape of the scale, competencies and role profiles (docs/content/pack.md)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from trainer.content.validation import ContentModel

KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
Key = Annotated[str, Field(pattern=KEY.pattern, max_length=80)]
Level = Annotated[int, Field(ge=1, le=4)]
Text = Annotated[str, Field(min_length=1)]


class PackInfo(ContentModel):
    key: Key
    title: Text
    version: str = ""


class ScaleLevel(ContentModel):
    level: Level
    name: Text
    summary: Text


class Scale(ContentModel):
    levels: list[ScaleLevel]

    @model_validator(mode="after")
    def _four_levels(self) -> Scale:
        if sorted(level.level for level in self.levels) != [1, 2, 3, 4]:
            raise ValueError("the scale needs exactly the levels 1, 2, 3 and 4")
        return self


class CompetencyDef(ContentModel):
    key: Key
    name: Text
    category: Text
    description: Text
    source: str = ""
    levels: dict[Level, list[Text]]

    @field_validator("levels")
    @classmethod
    def _every_level_has_indicators(cls, levels: dict[int, list[str]]) -> dict[int, list[str]]:
        missing = [str(level) for level in (1, 2, 3, 4) if not levels.get(level)]
        if missing:
            raise ValueError(f"indicators are missing for level {', '.join(missing)}")
        return levels


class Requirement(ContentModel):
    competency: Key
    level: Level
    weight: Annotated[int, Field(ge=1, le=5)] = 1


class ProfileDef(ContentModel):
    key: Key
    title: Text
    employer: str = ""
    location: str = ""
    posting: str = ""
    summary: Text
    readiness_threshold: Annotated[int, Field(ge=1, le=100)] = 70
    requirements: list[Requirement] = Field(min_length=1)

    @field_validator("requirements")
    @classmethod
    def _each_competency_once(cls, requirements: list[Requirement]) -> list[Requirement]:
        seen: set[str] = set()
        for requirement in requirements:
            if requirement.competency in seen:
                raise ValueError(f"{requirement.competency} is required twice")
            seen.add(requirement.competency)
        return requirements
