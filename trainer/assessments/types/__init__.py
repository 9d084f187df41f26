"""The item types, one module each: its model and its bundle of functions (base.ItemType).

Adding a type is a new module here, one line below and one partial template
(docs/content/item-types.md). The order below is the order error messages list the types in.
"""

from __future__ import annotations

from trainer.assessments.types import (
    essay,
    matching,
    multiple,
    numeric,
    ordering,
    short_text,
    single,
    sjt,
    true_false,
)
from trainer.assessments.types.base import ItemBase, ItemType

ITEM_TYPES: dict[str, ItemType] = {
    kind.name: kind
    for kind in (
        single.ITEM_TYPE,
        multiple.ITEM_TYPE,
        true_false.ITEM_TYPE,
        ordering.ITEM_TYPE,
        matching.ITEM_TYPE,
        numeric.ITEM_TYPE,
        sjt.ITEM_TYPE,
        short_text.ITEM_TYPE,
        essay.ITEM_TYPE,
    )
}


def type_of(item: ItemBase) -> ItemType:
    """The registered type of a validated item."""
    return ITEM_TYPES[item.type]
