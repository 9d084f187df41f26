"""QTI interactions as our item types, one mapper an interaction (the mapping: qti.py).

Each mapper takes the item, its interaction and response declaration and returns the item's
type-specific fields, or raises `Unscorable` naming the construct it cannot keep faithfully.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from trainer.assessments.importers.qti_elements import (
    ItemFile,
    attr_of,
    children_of,
    first_of,
    kind_of,
    placeholder,
    plain,
)
from trainer.assessments.importers.qti_scoring import (
    Unscorable,
    choice_weights,
    mapping_of,
    processing,
)


def _values(declaration: ET.Element) -> list[str]:
    """The correct response's values, in order."""
    correct = first_of(declaration, "correctresponse")
    return [(value.text or "").strip() for value in children_of(correct, "value")]


def _choices(interaction: ET.Element, kind: str = "simplechoice") -> dict[str, ET.Element]:
    """The choices by identifier, in document order (delivery shuffles, not the file)."""
    return {attr_of(c, "identifier"): c for c in children_of(interaction, kind)}


def _choice(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict:
    """`single` or `multiple` as `maxChoices` says, scored as the response processing does."""
    return _options(
        item, _choices(interaction), declaration, attr_of(interaction, "maxchoices", "1")
    )


def _inline(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict:
    """An inline choice is a single choice whose stem shows the blank it fills."""
    return _options(item, _choices(interaction, "inlinechoice"), declaration, "1")


def _options(item: ItemFile, choices: dict, declaration: ET.Element, max_choices: str) -> dict:
    several = max_choices.strip() != "1"
    ids = list(choices)
    if processing(item) == "map_response":
        weights = choice_weights(mapping_of(declaration), ids, several)
        keys = {i for i, w in zip(ids, weights, strict=True) if (w > 0 if several else w >= 1)}
    else:
        keys, weights = set(_values(declaration)), None
        if not keys or not keys <= set(choices):
            raise Unscorable("correctResponse must name one or more of the choices", declaration)
    options = []
    for n, (identifier, choice) in enumerate(choices.items()):
        option: dict[str, Any] = {"text": plain(choice)}
        if identifier in keys:
            option["correct"] = True
        option["feedback"] = item.feedback(choice)
        if weights is not None and _weighted(weights, keys, ids, several):
            option["weight"] = weights[n]
        options.append(option)
    if not several or len(keys) == 1:
        return {"type": "single", "options": options}
    # match_correct gives marks only for the whole set of keys, not a share for each
    return {"type": "multiple", "options": options, **({} if weights else {"all_or_nothing": True})}


def _weighted(weights: list[float], keys: set[str], ids: list[str], several: bool) -> bool:
    """Whether the weights differ from our own rule, so they must be kept."""
    if not several:
        return any(w not in (0, 1) for w in weights)
    share = 1 / len(keys)
    expected = [share if i in keys else -share for i in ids]
    return any(abs(w - e) > 1e-6 for w, e in zip(weights, expected, strict=True))


def _order(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict:
    """`ordering` in the correct response's order; every choice must have its place."""
    if processing(item) != "match_correct":
        raise Unscorable("an order scored by a mapping has no equivalent here", declaration)
    order, choices = _values(declaration), _choices(interaction)
    if sorted(order) != sorted(choices):
        raise Unscorable("correctResponse must put every choice in order, once", declaration)
    sequence = [{"text": plain(choices[i]), "feedback": item.feedback(choices[i])} for i in order]
    return {"type": "ordering", "sequence": sequence}


def _match(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict:
    """`matching`: each source of the first set paired with one target of the second; the
    targets no pair uses are extra wrong matches."""
    sets = children_of(interaction, "simplematchset")
    if len(sets) != 2:
        raise Unscorable("a matchInteraction needs two simpleMatchSets", interaction)
    sources, targets = (_choices(s, "simpleassociablechoice") for s in sets)
    pairs = dict(value.split(maxsplit=1) for value in _values(declaration) if " " in value)
    if processing(item) == "map_response":
        mapping = mapping_of(declaration)
        values = {v for k, v in mapping.values.items() if k.split()[:1] and k.split()[0] in sources}
        if len(values) > 1 or mapping.default > 0:
            raise Unscorable("pairs mapped to different values: our matching weighs each alike")
        pairs = dict(key.split(maxsplit=1) for key, v in mapping.values.items() if v > 0)
    if sorted(pairs) != sorted(sources) or not set(pairs.values()) <= set(targets):
        raise Unscorable("the correct pairs must give every source one target", declaration)
    if len(set(pairs.values())) != len(pairs):
        raise Unscorable("two sources share a target: our matching pairs each with its own")
    fields: dict[str, Any] = {"type": "matching"}
    fields["pairs"] = [
        {
            "prompt": plain(sources[s]),
            "match": plain(targets[t]),
            "feedback": placeholder("feedback"),
        }
        for s, t in pairs.items()
    ]
    if extra := [plain(c) for t, c in targets.items() if t not in pairs.values()]:
        fields["distractors"] = extra
    return fields


def _essay(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict:
    """`essay`: a manager rates it; QTI has no look-fors, so a placeholder says so."""
    return {
        "type": "essay",
        "guidance": placeholder("guidance for the taker"),
        "look_fors": [placeholder("look-fors for the rater")],
    }


def _tolerance(item: ItemFile, answer: float) -> float:
    """The tolerance of an `equal` comparison in the response processing; 0 without one."""
    rules = first_of(item.root, "responseprocessing")
    inside = rules.iter() if rules is not None else ()
    for equal in (element for element in inside if kind_of(element) == "equal"):
        mode, raw = attr_of(equal, "tolerancemode", "exact"), attr_of(equal, "tolerance", "0")
        try:
            bounds = {abs(float(bound)) for bound in raw.split()}
        except ValueError:
            bounds = set()
        if mode == "exact":
            return 0.0
        if mode not in ("absolute", "relative") or len(bounds) != 1:
            raise Unscorable(f"toleranceMode {mode!r}, tolerance {raw!r}: not one tolerance", equal)
        (bound,) = bounds
        return bound if mode == "absolute" else abs(answer) * bound / 100
    return 0.0


def _numeric(item: ItemFile, declaration: ET.Element, accepted: list[str]) -> dict:
    """`numeric` needs exactly one right value; QTI may list several."""
    try:
        values = sorted({float(value) for value in accepted})
    except ValueError:
        values = []
    if len(values) != 1 or not math.isfinite(values[0]):
        raise Unscorable(f"needs exactly one numeric answer, not {accepted}", declaration)
    return {
        "type": "numeric",
        "answer": values[0],
        "tolerance": _tolerance(item, values[0]),
        "feedback_correct": placeholder("feedback"),
    }


def _text_entry(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict:
    """`short_text` (or `numeric` for a number): under match_correct the correct response is
    accepted; under map_response the best-valued map keys are, the others earn their share."""
    partial: list[dict[str, Any]] = []
    if processing(item) == "map_response":
        mapping = mapping_of(declaration)
        if mapping.case_sensitive:
            raise Unscorable("case-sensitive map entries: our short answers ignore case")
        if mapping.default > 0:
            raise Unscorable(f"defaultValue {mapping.default:g} gives marks for any answer")
        keys = list(mapping.values)
        weights = choice_weights(mapping, keys, several=False)
        accepted = [k for k, w in zip(keys, weights, strict=True) if w >= 1]
        partial = [
            {"text": k, "credit": w, "feedback": placeholder("feedback")}
            for k, w in zip(keys, weights, strict=True)
            if 0 < w < 1
        ]
    else:
        accepted = list(dict.fromkeys(_values(declaration)))
    base_type = attr_of(declaration, "basetype")
    if base_type in ("float", "integer"):
        if partial:
            raise Unscorable("numeric answers mapped to partial values are not supported")
        return _numeric(item, declaration, accepted)
    if base_type != "string" or not accepted:
        raise Unscorable(f"baseType {base_type!r} with answers {accepted}: not a text answer")
    fields = {
        "type": "short_text",
        "accepted": accepted,
        "feedback_correct": placeholder("feedback"),
        "feedback_incorrect": placeholder("feedback for wrong answers"),
    }
    return {**fields, "partial": partial} if partial else fields


MAPPERS: dict[str, Callable[[ItemFile, ET.Element, ET.Element], dict]] = {
    "choiceinteraction": _choice,
    "orderinteraction": _order,
    "textentryinteraction": _text_entry,
    "inlinechoiceinteraction": _inline,
    "matchinteraction": _match,
    "extendedtextinteraction": _essay,
}
