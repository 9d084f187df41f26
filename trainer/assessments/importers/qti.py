"""Import IMS QTI 2.1 and 3.0 assessment items as item dicts.

The mapping (QTI 2.1 and 3.0 ASI information models; QTI 3.0 renamed `choiceInteraction` to
`qti-choice-interaction` and `maxChoices` to `max-choices`, so names are compared with the
`qti-` prefix, hyphens and case taken away):

* ``choiceInteraction``: ``maxChoices`` 1 -> ``single``, else ``multiple``; the keys are the
  ``correctResponse`` values. ``orderInteraction`` -> ``ordering`` in ``correctResponse`` order.
* ``textEntryInteraction`` -> ``short_text`` accepting the ``correctResponse`` values and every
  ``mapEntry`` with a positive ``mappedValue``; with ``baseType`` float or integer -> ``numeric``,
  tolerance 0 unless the response processing compares with ``equal toleranceMode=...``.
* Feedback inside a choice, or a ``modalFeedback``/``feedbackInline`` whose identifier is the
  choice's, is the option's feedback; other feedback and other interactions are problems.

As for Moodle files, missing fields get placeholders and items come back as ``draft``. Reading
the file is qti_elements.py; a zip content package of items is qti_package.py.
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
    read_item_file,
)
from trainer.assessments.importers.xml_source import unique_key
from trainer.content.problems import Problem


def _values(declaration: ET.Element) -> list[str]:
    """The correct response's values, in order."""
    correct = first_of(declaration, "correctresponse")
    return [(value.text or "").strip() for value in children_of(correct, "value")]


def _mapped(item: ItemFile, declaration: ET.Element) -> list[str]:
    """The map keys that score above zero: QTI's way of accepting several answers."""
    keys = []
    for entry in children_of(first_of(declaration, "mapping"), "mapentry"):
        raw = attr_of(entry, "mappedvalue")
        try:
            positive = float(raw) > 0
        except ValueError:
            item.problem(f"mappedValue {raw!r} is not a number; entry dropped", entry)
            continue
        if positive:
            keys.append(attr_of(entry, "mapkey").strip())
    return keys


def _choices(interaction: ET.Element) -> dict[str, ET.Element]:
    """The choices by identifier, in document order (delivery shuffles, not the file)."""
    return {attr_of(c, "identifier"): c for c in children_of(interaction, "simplechoice")}


def _choice(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict | None:
    """`single` or `multiple` as `maxChoices` says; the key only from `correctResponse`."""
    keys, choices = set(_values(declaration)), _choices(interaction)
    if not keys or not keys <= set(choices):
        item.problem("correctResponse must name one or more of the choices", declaration)
        return None
    max_choices = attr_of(interaction, "maxchoices", "1").strip()
    options = []
    for identifier, choice in choices.items():
        option: dict[str, Any] = {"text": plain(choice)}
        if identifier in keys:
            option["correct"] = True
        options.append({**option, "feedback": item.feedback(choice)})
    return {"type": "single" if max_choices == "1" else "multiple", "options": options}


def _order(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict | None:
    """`ordering` in the correct response's order; every choice must have its place."""
    order, choices = _values(declaration), _choices(interaction)
    if sorted(order) != sorted(choices):
        item.problem("correctResponse must put every choice in order, once", declaration)
        return None
    sequence = [{"text": plain(choices[i]), "feedback": item.feedback(choices[i])} for i in order]
    return {"type": "ordering", "sequence": sequence}


def _tolerance(item: ItemFile, answer: float) -> float | None:
    """The tolerance of an `equal` comparison in the response processing; 0 without one."""
    processing = first_of(item.root, "responseprocessing")
    inside = processing.iter() if processing is not None else ()
    for equal in (element for element in inside if kind_of(element) == "equal"):
        mode, raw = attr_of(equal, "tolerancemode", "exact"), attr_of(equal, "tolerance", "0")
        try:
            bounds = {abs(float(bound)) for bound in raw.split()}
        except ValueError:
            bounds = set()
        if mode == "exact":
            return 0.0
        if mode not in ("absolute", "relative") or len(bounds) != 1:
            item.problem(f"toleranceMode {mode!r}, tolerance {raw!r}: not one tolerance", equal)
            return None
        (bound,) = bounds
        return bound if mode == "absolute" else abs(answer) * bound / 100
    return 0.0


def _numeric(item: ItemFile, declaration: ET.Element, accepted: list[str]) -> dict | None:
    """`numeric` needs exactly one right value; QTI may list several."""
    try:
        values = sorted({float(value) for value in accepted})
    except ValueError:
        values = []
    if len(values) != 1 or not math.isfinite(values[0]):
        item.problem(f"needs exactly one numeric answer, not {accepted}", declaration)
        return None
    tolerance = _tolerance(item, values[0])
    if tolerance is None:
        return None
    return {
        "type": "numeric",
        "answer": values[0],
        "tolerance": tolerance,
        "feedback_correct": placeholder("feedback"),
    }


def _text_entry(item: ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict | None:
    """`short_text`, or `numeric` when the response is a number."""
    accepted = list(dict.fromkeys(_values(declaration) + _mapped(item, declaration)))
    base_type = attr_of(declaration, "basetype")
    if base_type in ("float", "integer"):
        return _numeric(item, declaration, accepted)
    if base_type != "string" or not accepted:
        message = f"baseType {base_type!r} with answers {accepted}: not a text answer"
        item.problem(message, declaration)
        return None
    return {
        "type": "short_text",
        "accepted": accepted,
        "feedback_correct": placeholder("feedback"),
        "feedback_incorrect": placeholder("feedback for wrong answers"),
    }


MAPPERS: dict[str, Callable[[ItemFile, ET.Element, ET.Element], dict | None]] = {
    "choiceinteraction": _choice,
    "orderinteraction": _order,
    "textentryinteraction": _text_entry,
}


def _interaction(item: ItemFile) -> tuple[ET.Element, ET.Element] | None:
    """The item's one interaction we can map and its response declaration."""
    body = first_of(item.root, "itembody")
    inside = body.iter() if body is not None else ()
    found = [element for element in inside if kind_of(element).endswith("interaction")]
    if len(found) != 1:
        item.problem(f"has {len(found)} interactions; our items have exactly one response")
        return None
    if kind_of(found[0]) not in MAPPERS:
        item.problem("cannot be mapped to one of our item types; skipped", found[0])
        return None
    name = attr_of(found[0], "responseidentifier")
    declarations = children_of(item.root, "responsedeclaration")
    declaration = next((d for d in declarations if attr_of(d, "identifier") == name), None)
    if declaration is None:
        item.problem(f"has no responseDeclaration {name!r}", found[0])
        return None
    return found[0], declaration


def _stem(item: ItemFile) -> str:
    """The item body's text with its prompt; a text entry shows as a blank."""
    body = first_of(item.root, "itembody")
    return plain(body) if body is not None else ""


def items_of(item: ItemFile, competency: str, level: int, taken: set[str]) -> list[dict]:
    """Our item dict for a parsed assessmentItem; none, with the reasons among its problems."""
    found = _interaction(item)
    fields = MAPPERS[kind_of(found[0])](item, *found) if found else None
    if fields is None:
        return []
    item.report_unused_feedback()
    return [
        {
            "key": unique_key("qti-", attr_of(item.root, "identifier"), taken),
            "type": fields.pop("type"),
            "level": level,
            "competencies": [competency],
            "status": "draft",  # placeholders must not reach learners unreviewed
            "stem": _stem(item),
            **fields,
            "explanation": placeholder("explanation"),
        }
    ]


def parse_qti(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Item dicts (ready to validate and dump as YAML) from one QTI item file, and problems."""
    item, problems = read_item_file(data, source)
    if item is None:
        return [], problems
    return items_of(item, competency, level, set()), item.problems
