"""How a QTI item scores, read the way QTI response processing scores it.

Two standard templates matter: `match_correct` (full marks for the correct response, nothing
else) and `map_response` (the sum of the mapped values of what was given, each answer counted
once, `defaultValue` for answers the map does not list, then clamped to `lowerBound` and
`upperBound`). Our items score between 0 and 1, so mapped values become weights of the best
score; what cannot be scored the same way (a score below 0, a floor above 0) is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from trainer.assessments.importers.qti_elements import (
    ItemFile,
    attr_of,
    children_of,
    first_of,
    kind_of,
)

TEMPLATES = ("match_correct", "map_response", "map_response_point")


class Unscorable(ValueError):
    """The item's scoring has no faithful equivalent in our items; the message says which part."""

    def __init__(self, message: str, at: ET.Element | None = None):
        super().__init__(message)
        self.message, self.at = message, at


def processing(item: ItemFile) -> str:
    """`match_correct` or `map_response`: the template, or what custom processing does."""
    rules = first_of(item.root, "responseprocessing")
    if rules is None:
        return "match_correct"  # no processing: the correct response is all the file says
    template = attr_of(rules, "template").rstrip("/").rsplit("/", 1)[-1].removesuffix(".xml")
    if template:
        if template not in TEMPLATES:
            raise Unscorable(f"response processing template {template!r} is not supported", rules)
        return "map_response" if template.startswith("map_response") else "match_correct"
    kinds = {kind_of(element) for element in rules.iter()}
    return "map_response" if "mapresponse" in kinds else "match_correct"


@dataclass(frozen=True)
class Mapping:
    """A response declaration's `mapping`: values by key, the default, the bounds."""

    values: dict[str, float]
    default: float
    lower: float | None
    upper: float | None
    case_sensitive: bool

    def value(self, key: str) -> float:
        return self.values.get(key, self.default)

    def floored(self) -> bool:
        """Whether QTI's score can never go below 0, as ours cannot."""
        return self.lower is not None and self.lower >= 0


def mapping_of(declaration: ET.Element) -> Mapping:
    """The declaration's mapping; a value that is no number is refused with its element."""
    element = first_of(declaration, "mapping")
    if element is None:
        raise Unscorable("map_response without a mapping", declaration)
    values, sensitive = {}, False
    for entry in children_of(element, "mapentry"):
        values[attr_of(entry, "mapkey").strip()] = _number(entry, "mappedvalue")
        sensitive |= attr_of(entry, "casesensitive", "false").strip().lower() == "true"
    lower = _number(element, "lowerbound") if attr_of(element, "lowerbound") else None
    upper = _number(element, "upperbound") if attr_of(element, "upperbound") else None
    default = _number(element, "defaultvalue") if attr_of(element, "defaultvalue") else 0.0
    if lower is not None and lower > 0:
        raise Unscorable(f"lowerBound {lower:g}: our items have no floor above 0", element)
    return Mapping(values, default, lower, upper, sensitive)


def _number(element: ET.Element, name: str) -> float:
    raw = attr_of(element, name)
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise Unscorable(f"{name} {raw!r} is not a number", element)
    return value


def choice_weights(mapping: Mapping, choices: list[str], several: bool) -> list[float]:
    """Each choice's share of the best score: what `map_response` gives, scaled to 0-1.

    One choice: its value, clamped to the bounds. Several: the sum of the chosen values, clamped;
    the best score is the sum of the positive values, or `upperBound` if lower.
    """
    values = [mapping.value(choice) for choice in choices]
    if several:
        best = sum(v for v in values if v > 0)
        negative = any(v < 0 for v in values)
    else:
        values = [_clamped(v, mapping) for v in values]
        best, negative = max(values), min(values) < 0
    if mapping.upper is not None:
        best = min(best, mapping.upper)
    if best <= 0:
        raise Unscorable("no response scores above 0 under the mapping")
    if negative and not mapping.floored():
        raise Unscorable(
            "the mapping can score below 0 (no lowerBound of 0); our items never do, "
            "so a taker's total would differ"
        )
    return [round(v / best, 7) for v in values]


def _clamped(value: float, mapping: Mapping) -> float:
    if mapping.lower is not None:
        value = max(value, mapping.lower)
    if mapping.upper is not None:
        value = min(value, mapping.upper)
    return value
