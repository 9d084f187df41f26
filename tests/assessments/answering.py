"""Fields a taker would post to answer an item rightly (or wrongly), through its display order."""

from __future__ import annotations

from trainer.assessments.items import ItemBase


def right_fields(item: ItemBase, order: list[int]) -> dict[str, list[str]]:
    """The posted fields of the strongest answer, as display positions."""
    where = {index: shown for shown, index in enumerate(order)}
    kind = item.type
    if kind in ("single", "multiple"):
        return {"answer": [str(where[i]) for i, o in enumerate(item.options) if o.correct]}
    if kind == "true_false":
        return {"answer": ["true" if item.answer else "false"]}
    if kind == "numeric":
        return {"answer": [f"{item.answer:g}"]}
    if kind == "short_text":
        return {"answer": [item.accepted[0]]}
    if kind == "essay":
        return {"answer": ["I would ask open questions and summarise the value."]}
    if kind == "ordering":
        return {f"rank-{where[i]}": [str(i + 1)] for i in range(len(item.sequence))}
    if kind == "matching":
        return {f"match-{i}": [str(where[i])] for i in range(len(item.pairs))}
    return {f"rating-{where[i]}": [str(r.effectiveness)] for i, r in enumerate(item.responses)}


def wrong_fields(item: ItemBase, order: list[int]) -> dict[str, list[str]]:
    """A plausible wrong answer: a distractor, the other truth value, a number far off."""
    where = {index: shown for shown, index in enumerate(order)}
    kind = item.type
    if kind == "single":
        distractor = next(i for i, option in enumerate(item.options) if not option.correct)
        return {"answer": [str(where[distractor])]}
    if kind == "true_false":
        return {"answer": ["false" if item.answer else "true"]}
    if kind == "numeric":
        return {"answer": [f"{item.answer + 10 * item.tolerance + 1000:g}"]}
    if kind in ("short_text", "essay"):
        return {"answer": ["no idea"]}
    return right_fields(item, order)
