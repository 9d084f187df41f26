"""The YAML shape of competencies and role profiles (docs/content/pack.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from trainer.content.schema import Key, Level, Text
from trainer.content.validation import ContentModel

__all__ = ["CompetencyDef", "ProfileDef", "Requirement"]


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
    # The posting's own words this requirement comes from, shown on the profile page.
    quote: str = ""

    @field_validator("quote")
    @classmethod
    def _a_sentence_from_the_posting(cls, quote: str) -> str:
        quote = " ".join(quote.split())
        if not quote:
            return quote
        if not 12 <= len(quote) <= 400:
            raise ValueError(f"a quote is 12-400 characters of the posting, not {len(quote)}")
        if quote[0] in "\"'“" or quote.lower().endswith((".txt", ".html", ".pdf")):
            raise ValueError("a quote is the posting's sentence itself, without quotation marks")
        return quote


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
