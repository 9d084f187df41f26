"""The YAML shape of a pack's own files (pack.yaml, scale.yaml) and the field types all share.

They live here, below every feature, so the pack reader needs no feature to read a pack's
header and every feature's schema can use the same keys, levels and texts.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, model_validator

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
