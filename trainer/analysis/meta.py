"""What analysis needs from an item's content: level, status, and its options as (text, keyed)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.analysis.report import ItemMeta
from trainer.assessments.items import ItemBase


def options_of(item: ItemBase) -> tuple[tuple[str, bool], ...]:
    """The options a distractor analysis counts, for the types whose answer picks options."""
    if item.type in ("single", "multiple"):
        return tuple((option.text, option.correct) for option in item.options)
    if item.type == "true_false":
        return (("True", item.answer), ("False", not item.answer))
    return ()


def picked(item: ItemBase, answer: Any) -> list[int] | None:
    """The option indices an answer chose (None for no answer or a type without options)."""
    if answer is None:
        return None
    if item.type == "single" and isinstance(answer, int):
        return [answer]
    if item.type == "multiple" and isinstance(answer, list | tuple):
        return [i for i in answer if isinstance(i, int)]
    if item.type == "true_false" and isinstance(answer, bool):
        return [0 if answer else 1]
    return None


def item_meta(item: ItemBase, picks: np.ndarray | None = None) -> ItemMeta:
    """The item's meta; `picks` from `distractors.picks_from` when it has options."""
    options = options_of(item)
    return ItemMeta(
        level=item.level,
        status=item.status,
        type=item.type,
        stem=item.stem,
        options=options,
        picks=picks if options else None,
    )
