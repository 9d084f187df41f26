"""Import IMS QTI 2.1 and 3.0 assessment items, alone or in a content package, as item dicts.

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

As for Moodle files, missing fields get placeholders and items come back as ``draft``.
"""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from trainer.assessments.moodle_xml import XmlError, read_xml, unique_key
from trainer.content.problems import Problem

NAMESPACES = {
    "http://www.imsglobal.org/xsd/imsqti_v2p1",
    "http://www.imsglobal.org/xsd/imsqti_v2p2",  # 2.2 only adds to 2.1
    "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
}
ITEM_RESOURCES = ("imsqti_item_xmlv2p1", "imsqti_item_xmlv2p2", "imsqti_item_xmlv3p0")
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MAX_FILE_BYTES = 5_000_000  # an item file is a few kilobytes; more is not an item
BLANK = "____"
FEEDBACK = ("feedbackinline", "feedbackblock", "modalfeedback")
NOT_STEM = (*FEEDBACK, "rubricblock", "templateblock", "templateinline", "stylesheet")
BLOCKS = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "blockquote", "hr"}
BLOCKS |= {"pre", "h1", "h2", "h3", "h4", "h5", "h6", "prompt", "simplechoice"}


def _local(name: str) -> str:
    """An element or attribute name without its namespace, for messages."""
    return name.rsplit("}", 1)[-1]


def _kind(name_or_element: str | ET.Element) -> str:
    """The name both QTI versions share: `qti-choice-interaction` and `choiceInteraction`."""
    name = name_or_element if isinstance(name_or_element, str) else name_or_element.tag
    return _local(name).removeprefix("qti-").replace("-", "").lower()


def _attr(element: ET.Element, name: str, default: str = "") -> str:
    """An attribute by its shared name (`maxchoices` reads `maxChoices` and `max-choices`)."""
    return next((v for k, v in element.attrib.items() if _kind(k) == name), default)


def _children(element: ET.Element | None, kind: str) -> list[ET.Element]:
    """Direct children of one kind, whichever QTI version named them."""
    return [child for child in element if _kind(child) == kind] if element is not None else []


def _first(element: ET.Element | None, kind: str) -> ET.Element | None:
    """The first child of one kind; None when absent, so optional parts read simply."""
    return next(iter(_children(element, kind)), None)


def _walk(element: ET.Element, parts: list[str]) -> None:
    """Collect the readable text of `element` and its tail: interactions give their prompt."""
    kind = _kind(element)
    if kind == "textentryinteraction":
        parts.append(f" {BLANK} ")
    elif kind.endswith("interaction"):
        for prompt in _children(element, "prompt"):
            _walk(prompt, parts)
    elif kind not in NOT_STEM:
        parts.append(" " if kind in BLOCKS else "")
        _content(element, parts)
        parts.append(" " if kind in BLOCKS else "")
    parts.append(element.tail or "")


def _content(element: ET.Element, parts: list[str]) -> None:
    """Collect the text inside `element`, without its tail (which belongs to the parent)."""
    parts.append(element.text or "")
    for child in element:
        _walk(child, parts)


def _plain(element: ET.Element) -> str:
    """The words inside `element` on one line, feedback left out."""
    parts: list[str] = []
    _content(element, parts)
    return " ".join("".join(parts).split())


def _placeholder(what: str) -> str:
    """Text for a field QTI lacks: says so, so authors see what to write before going live."""
    return f"No {what} in the QTI file."


@dataclass
class _ItemFile:
    """One assessment item being mapped, and where to report what cannot be."""

    root: ET.Element
    file: str
    lines: dict[ET.Element, int]
    problems: list[Problem] = field(default_factory=list)
    used_feedback: set[ET.Element] = field(default_factory=set)

    def problem(self, message: str, at: ET.Element | None = None) -> None:
        """Report `message` at `at` (default: the item), naming the element and its line."""
        at = self.root if at is None else at
        message = f"<{_local(at.tag)}> {message}"
        self.problems.append(Problem(self.file, self.lines.get(at), message))

    def feedback(self, choice: ET.Element) -> str:
        """A choice's own feedback, or item feedback shown for that choice's identifier."""
        inside = [e for e in choice.iter() if _kind(e) in FEEDBACK]
        named = [
            e
            for e in self.root.iter()
            if _kind(e) in FEEDBACK and _attr(e, "identifier") == _attr(choice, "identifier")
        ]
        found = inside or [e for e in named if _attr(e, "showhide", "show") == "show"]
        self.used_feedback.update(found)
        return " ".join(_plain(e) for e in found) or _placeholder("feedback")

    def report_unused_feedback(self) -> None:
        """Feedback tied to no choice has nowhere to go in our items; say so."""
        for element in self.root.iter():
            if _kind(element) in FEEDBACK and element not in self.used_feedback:
                identifier = _attr(element, "identifier")
                self.problem(f"{identifier!r} is not tied to a choice; not imported", element)


def _values(declaration: ET.Element) -> list[str]:
    """The correct response's values, in order."""
    correct = _first(declaration, "correctresponse")
    return [(value.text or "").strip() for value in _children(correct, "value")]


def _mapped(item: _ItemFile, declaration: ET.Element) -> list[str]:
    """The map keys that score above zero: QTI's way of accepting several answers."""
    keys = []
    for entry in _children(_first(declaration, "mapping"), "mapentry"):
        raw = _attr(entry, "mappedvalue")
        try:
            positive = float(raw) > 0
        except ValueError:
            item.problem(f"mappedValue {raw!r} is not a number; entry dropped", entry)
            continue
        if positive:
            keys.append(_attr(entry, "mapkey").strip())
    return keys


def _choices(interaction: ET.Element) -> dict[str, ET.Element]:
    """The choices by identifier, in document order (delivery shuffles, not the file)."""
    return {_attr(c, "identifier"): c for c in _children(interaction, "simplechoice")}


def _choice(item: _ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict | None:
    """`single` or `multiple` as `maxChoices` says; the key only from `correctResponse`."""
    keys, choices = set(_values(declaration)), _choices(interaction)
    if not keys or not keys <= set(choices):
        item.problem("correctResponse must name one or more of the choices", declaration)
        return None
    max_choices = _attr(interaction, "maxchoices", "1").strip()
    options = []
    for identifier, choice in choices.items():
        option: dict[str, Any] = {"text": _plain(choice)}
        if identifier in keys:
            option["correct"] = True
        options.append({**option, "feedback": item.feedback(choice)})
    return {"type": "single" if max_choices == "1" else "multiple", "options": options}


def _order(item: _ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict | None:
    """`ordering` in the correct response's order; every choice must have its place."""
    order, choices = _values(declaration), _choices(interaction)
    if sorted(order) != sorted(choices):
        item.problem("correctResponse must put every choice in order, once", declaration)
        return None
    sequence = [{"text": _plain(choices[i]), "feedback": item.feedback(choices[i])} for i in order]
    return {"type": "ordering", "sequence": sequence}


def _tolerance(item: _ItemFile, answer: float) -> float | None:
    """The tolerance of an `equal` comparison in the response processing; 0 without one."""
    processing = _first(item.root, "responseprocessing")
    inside = processing.iter() if processing is not None else ()
    for equal in (element for element in inside if _kind(element) == "equal"):
        mode, raw = _attr(equal, "tolerancemode", "exact"), _attr(equal, "tolerance", "0")
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


def _numeric(item: _ItemFile, declaration: ET.Element, accepted: list[str]) -> dict | None:
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
        "feedback_correct": _placeholder("feedback"),
    }


def _text_entry(item: _ItemFile, interaction: ET.Element, declaration: ET.Element) -> dict | None:
    """`short_text`, or `numeric` when the response is a number."""
    accepted = list(dict.fromkeys(_values(declaration) + _mapped(item, declaration)))
    base_type = _attr(declaration, "basetype")
    if base_type in ("float", "integer"):
        return _numeric(item, declaration, accepted)
    if base_type != "string" or not accepted:
        message = f"baseType {base_type!r} with answers {accepted}: not a text answer"
        item.problem(message, declaration)
        return None
    return {
        "type": "short_text",
        "accepted": accepted,
        "feedback_correct": _placeholder("feedback"),
        "feedback_incorrect": _placeholder("feedback for wrong answers"),
    }


MAPPERS: dict[str, Callable[[_ItemFile, ET.Element, ET.Element], dict | None]] = {
    "choiceinteraction": _choice,
    "orderinteraction": _order,
    "textentryinteraction": _text_entry,
}


def _interaction(item: _ItemFile) -> tuple[ET.Element, ET.Element] | None:
    """The item's one interaction we can map and its response declaration."""
    body = _first(item.root, "itembody")
    inside = body.iter() if body is not None else ()
    found = [element for element in inside if _kind(element).endswith("interaction")]
    if len(found) != 1:
        item.problem(f"has {len(found)} interactions; our items have exactly one response")
        return None
    if _kind(found[0]) not in MAPPERS:
        item.problem("cannot be mapped to one of our item types; skipped", found[0])
        return None
    name = _attr(found[0], "responseidentifier")
    declarations = _children(item.root, "responsedeclaration")
    declaration = next((d for d in declarations if _attr(d, "identifier") == name), None)
    if declaration is None:
        item.problem(f"has no responseDeclaration {name!r}", found[0])
        return None
    return found[0], declaration


def _stem(item: _ItemFile) -> str:
    """The item body's text with its prompt; a text entry shows as a blank."""
    body = _first(item.root, "itembody")
    return _plain(body) if body is not None else ""


def _items(item: _ItemFile, competency: str, level: int, taken: set[str]) -> list[dict]:
    """Our item dict for a parsed assessmentItem; none, with the reasons among its problems."""
    found = _interaction(item)
    fields = MAPPERS[_kind(found[0])](item, *found) if found else None
    if fields is None:
        return []
    item.report_unused_feedback()
    return [
        {
            "key": unique_key("qti-", _attr(item.root, "identifier"), taken),
            "type": fields.pop("type"),
            "level": level,
            "competencies": [competency],
            "status": "draft",  # placeholders must not reach learners unreviewed
            "stem": _stem(item),
            **fields,
            "explanation": _placeholder("explanation"),
        }
    ]


def _read_item_file(data: bytes, file: str) -> tuple[_ItemFile | None, list[Problem]]:
    """The parsed assessmentItem, or None with why the file is not one."""
    try:
        root, lines = read_xml(data)
    except XmlError as exc:
        return None, [Problem(file, exc.line, f"not well-formed XML: {exc.message}")]
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if _kind(root) != "assessmentitem" or namespace not in NAMESPACES:
        message = f"<{root.tag}> is not a QTI 2.1 or 3.0 assessmentItem"
        return None, [Problem(file, lines.get(root), message)]
    return _ItemFile(root, file, lines), []


def parse_qti(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Item dicts (ready to validate and dump as YAML) from one QTI item file, and problems."""
    item, problems = _read_item_file(data, source)
    if item is None:
        return [], problems
    return _items(item, competency, level, set()), item.problems


@dataclass(frozen=True)
class _Resource:
    """A manifest resource: its file in the zip, its type and its line for problems."""

    href: str
    type: str
    line: int | None


def _resources(root: ET.Element, lines: dict[ET.Element, int]) -> list[_Resource]:
    """Each resource with its href resolved against `xml:base`, as the manifest lists them."""
    found = []
    for group in (e for e in root.iter() if _kind(e) == "resources"):
        for resource in _children(group, "resource"):
            bases = (group.get(XML_BASE, ""), resource.get(XML_BASE, ""))
            href = unquote(posixpath.join(*bases, resource.get("href", "")))
            href = posixpath.normpath(href) if resource.get("href") else ""
            found.append(_Resource(href, resource.get("type", ""), lines.get(resource)))
    return found


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A file's bytes; None when it is missing, unreadable or too large to be an item."""
    try:
        info = archive.getinfo(name)
        return archive.read(info) if info.file_size <= MAX_FILE_BYTES else None
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error):
        return None  # absent, corrupt, compressed or encrypted in a way zipfile cannot read


def _package_item(
    archive: zipfile.ZipFile, resource: _Resource, source: str, args: tuple[str, int, set[str]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Parse one resource: item types always, other XML files only if they hold an item."""
    typed = resource.type in ITEM_RESOURCES
    if not typed and not resource.href.endswith(".xml"):
        return [], []  # images, stylesheets and the like: not items
    data = _member(archive, resource.href) if resource.href else None
    if data is None:
        message = f"item file {resource.href!r} is missing, unreadable or too large"
        return [], [Problem(f"{source}/imsmanifest.xml", resource.line, message)] if typed else []
    item, problems = _read_item_file(data, f"{source}/{resource.href}")
    if item is None:
        return [], problems if typed else []  # untyped XML that is no item is someone else's
    return _items(item, *args), item.problems


def parse_qti_package(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Item dicts from every item of a QTI content package (zip with imsmanifest.xml)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [], [Problem(source, None, "not a zip file")]
    with archive:
        manifest = _member(archive, "imsmanifest.xml")
        if manifest is None:
            return [], [Problem(source, None, "no readable imsmanifest.xml at the top")]
        try:
            root, lines = read_xml(manifest)
        except XmlError as exc:
            message = f"not well-formed XML: {exc.message}"
            return [], [Problem(f"{source}/imsmanifest.xml", exc.line, message)]
        return _package_items(archive, _resources(root, lines), source, (competency, level, set()))


def _package_items(
    archive: zipfile.ZipFile, resources: list[_Resource], source: str, args: tuple
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The items of the manifest's resources, each file read once, keys unique across them."""
    items, problems, seen = [], [], set()
    for resource in resources:
        if resource.href in seen:
            continue  # a file listed by two resources is one item
        seen.add(resource.href)
        found, resource_problems = _package_item(archive, resource, source, args)
        items += found
        problems += resource_problems
    return items, problems
