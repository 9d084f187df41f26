"""Any item of a bank (docs/content/items.md): the union of the registered types' models.

Each model lives with its type's functions in `types/`; this module only gathers them, so an
item validates against the model its `type` names and an unknown type is a content error.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from trainer.assessments.types import ITEM_TYPES
from trainer.assessments.types.base import ItemBase

ITEM_MODELS: dict[str, type[ItemBase]] = {name: kind.model for name, kind in ITEM_TYPES.items()}

TypeName = Literal[tuple(ITEM_TYPES)]  # type: ignore[valid-type]
Item = Annotated[Union[tuple(ITEM_MODELS.values())], Field(discriminator="type")]  # noqa: UP007
