"""Import IMS QTI 2.1 and 3.0 assessment items as item dicts.

The mapping (QTI 2.1 and 3.0 ASI information models; QTI 3.0 renamed `choiceInteraction` to
`qti-choice-interaction` and `maxChoices` to `max-choices`, so names are compared with the
`qti-` prefix, hyphens and case taken away):

* ``choiceInteraction``: ``maxChoices`` 1 -> ``single``, else ``multiple``; under
  ``match_correct`` the keys are the ``correctResponse`` values (several keys: all or nothing,
  as QTI scores them); under ``map_response`` the mapped values become option weights, bounds
  and ``defaultValue`` included (qti_scoring.py). ``inlineChoiceInteraction`` -> ``single``.
* ``orderInteraction`` -> ``ordering``; ``matchInteraction`` -> ``matching`` (unused targets are
  extra wrong matches); ``extendedTextInteraction`` -> ``essay``.
* ``textEntryInteraction`` -> ``short_text`` (``match_correct``: the correct values;
  ``map_response``: the best-valued keys, the others at their share), or with ``baseType`` float
  or integer -> ``numeric``, tolerance 0 unless an ``equal`` comparison sets one.
* Feedback inside a choice, or a ``modalFeedback``/``feedbackInline`` whose identifier is the
  choice's, is the option's feedback; other feedback and other interactions are problems.
* Images of a package become the item's figures (stored assets); MathML becomes one line of
  text (mathml.py). Templates, objects, audio and video are refused with their line.

As for Moodle files, missing fields get placeholders and items come back as ``draft``. Reading
the file is qti_elements.py; a zip content package of items is qti_package.py.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from pydantic import ValidationError

from trainer.assessments.importers.mathml import Unreadable
from trainer.assessments.importers.qti_elements import (
    ItemFile,
    attr_of,
    children_of,
    first_of,
    kind_of,
    local_name,
    placeholder,
    plain,
    read_item_file,
)
from trainer.assessments.importers.qti_interactions import MAPPERS
from trainer.assessments.importers.qti_scoring import Unscorable
from trainer.assessments.importers.xml_source import Keys, unique_key
from trainer.assessments.items import ITEM_MODELS
from trainer.content.assets import MAX_ASSET_BYTES, asset_id, media_type
from trainer.content.problems import Problem

NOT_SHOWN = {"object": "an embedded object", "audio": "audio", "video": "video"}
NOT_SHOWN |= {"picture": "a responsive picture", "iframe": "an embedded page"}
TEMPLATES = ("templatedeclaration", "templateprocessing")


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


def _refused(item: ItemFile) -> bool:
    """Templates and content our items cannot show are refused, each with its line."""
    for element in item.root.iter():
        if kind_of(element) in TEMPLATES:
            item.problem("templates (cloned item variables) are not supported", element)
            return True
    body = first_of(item.root, "itembody")
    for element in body.iter() if body is not None else ():
        if (name := local_name(element.tag).lower()) in NOT_SHOWN:
            item.problem(
                f"{NOT_SHOWN[name]} cannot be shown with our items yet; not imported", element
            )
            return True
    return False


def _figures(item: ItemFile) -> tuple[list[dict], dict[str, tuple[str, bytes]]] | None:
    """Each picture of the item body as a figure, with the bytes to store; None after
    reporting a picture that cannot be kept."""
    body = first_of(item.root, "itembody")
    figures, assets = [], {}
    for img in (e for e in (body.iter() if body is not None else ()) if kind_of(e) == "img"):
        src = attr_of(img, "src")
        data = item.fetch(src) if item.fetch and src else None
        if item.fetch is None:
            item.problem(
                f"image {src!r} in a lone item file: import the package that holds it", img
            )
            return None
        kind = media_type(data) if data else None
        if data is None or len(data) > MAX_ASSET_BYTES:
            item.problem(f"image {src!r} is missing from the package or over 2 MB", img)
            return None
        if kind is None:
            item.problem(f"image {src!r} is not a PNG, JPEG, GIF or WebP picture", img)
            return None
        assets[asset_id(data)] = (kind, data)
        figures.append({"asset": asset_id(data), "alt": " ".join(attr_of(img, "alt").split())})
    return figures, assets


def items_of(item: ItemFile, competency: str, level: int, taken: Keys) -> list[dict]:
    """Our item dict for a parsed assessmentItem; none, with the reasons among its problems.

    Its pictures ride along under `_assets` (id -> media type and bytes) for the store."""
    if _refused(item) or (found := _interaction(item)) is None:
        return []
    try:
        fields = MAPPERS[kind_of(found[0])](item, *found)
        stem = _stem(item)
    except Unscorable as refusal:
        item.problem(refusal.message, refusal.at)
        return []
    except Unreadable as refusal:
        item.problem(f"MathML: {refusal}; not imported")
        return []
    if (pictures := _figures(item)) is None:
        return []
    item.report_unused_feedback()
    data = {
        "key": unique_key("qti-", attr_of(item.root, "identifier"), taken),
        "type": fields.pop("type"),
        "level": level,
        "competencies": [competency],
        "status": "draft",  # placeholders must not reach learners unreviewed
        "stem": stem,
        **fields,
        "explanation": placeholder("explanation"),
    }
    if pictures[0]:
        data["figures"] = pictures[0]
    try:  # checked here, so a fault names the QTI file and line, not a YAML path
        ITEM_MODELS[data["type"]].model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            message = error["msg"].replace("Value error, ", "")
            item.problem(f"as a {data['type']} item, {where}: {message}")
        return []
    return [{**data, "_assets": pictures[1]} if pictures[1] else data]


def parse_qti(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Item dicts (ready to validate and dump as YAML) from one QTI item file, and problems."""
    item, problems = read_item_file(data, source)
    if item is None:
        return [], problems
    return items_of(item, competency, level, Keys()), item.problems
