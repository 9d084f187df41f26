"""Which items a form's draw may pick, and whether every draw of a form can be filled at once.

A draw picks live items of its competency, level range and (optionally) type, never an item the
form already holds as a fixed item and never the same item twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Annotated

from pydantic import Field, model_validator

from trainer.assessments.items import TypeName
from trainer.assessments.types.base import ItemBase
from trainer.content.schema import Key, Level
from trainer.content.validation import ContentModel

# Above this many draws a form is checked draw by draw and as a whole, not every group of draws.
MAX_GROUPED = 10


class Draw(ContentModel):
    """`count` items picked at random at delivery, from those the rule matches."""

    count: Annotated[int, Field(ge=1)]
    competency: Key
    min_level: Level = 1
    max_level: Level = 4
    type: TypeName | None = None

    @model_validator(mode="after")
    def _levels_in_order(self) -> Draw:
        if self.min_level > self.max_level:
            raise ValueError(f"min_level {self.min_level} is above max_level {self.max_level}")
        return self


def can_draw(draw: Draw, item: ItemBase) -> bool:
    """Whether `draw` may pick `item` (before excluding the form's fixed items)."""
    return (
        item.status == "live"
        and draw.competency in item.competencies
        and draw.min_level <= item.level <= draw.max_level
        and draw.type in (None, item.type)
    )


def candidates(
    draw: Draw, items: Iterable[ItemBase], exclude: frozenset[str] = frozenset()
) -> list[ItemBase]:
    """The items `draw` may pick, in pack order, leaving out the keys in `exclude`."""
    return [item for item in items if item.key not in exclude and can_draw(draw, item)]


def shortfalls(
    draws: Sequence[Draw], items: Sequence[ItemBase], exclude: frozenset[str] = frozenset()
) -> list[tuple[tuple[int, ...], int, int]]:
    """(draw positions, items wanted, items available) for each group of draws that cannot be
    filled; a group is left out when a smaller group inside it already fails.

    Every draw can be filled without repeats exactly when no group of draws wants more items
    than match at least one of them (Hall's marriage theorem).
    """
    pools = [{item.key for item in candidates(draw, items, exclude)} for draw in draws]
    sizes = range(1, len(draws) + 1) if len(draws) <= MAX_GROUPED else (1, len(draws))
    found: list[tuple[tuple[int, ...], int, int]] = []
    for size in sizes:
        for group in combinations(range(len(draws)), size):
            if any(set(smaller) <= set(group) for smaller, _, _ in found):
                continue
            wanted = sum(draws[i].count for i in group)
            available = len(set().union(*(pools[i] for i in group)))
            if wanted > available:
                found.append((group, wanted, available))
    return found
