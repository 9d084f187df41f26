"""Read QTI 2.1 and 3.0 item files alike, reporting what cannot be mapped at its line.

QTI 3.0 renamed `choiceInteraction` to `qti-choice-interaction` and `maxChoices` to `max-choices`,
so names are compared with the `qti-` prefix, hyphens and case taken away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from trainer.assessments.importers.mathml import linear
from trainer.assessments.importers.xml_source import XmlError, read_xml
from trainer.content.problems import Problem

NAMESPACES = {
    "http://www.imsglobal.org/xsd/imsqti_v2p1",
    "http://www.imsglobal.org/xsd/imsqti_v2p2",  # 2.2 only adds to 2.1
    "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
}
BLANK = "____"
FEEDBACK = ("feedbackinline", "feedbackblock", "modalfeedback")
NOT_STEM = (*FEEDBACK, "rubricblock", "templateblock", "templateinline", "stylesheet")
BLOCKS = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "blockquote", "hr"}
BLOCKS |= {"pre", "h1", "h2", "h3", "h4", "h5", "h6", "prompt", "simplechoice"}


def local_name(name: str) -> str:
    """An element or attribute name without its namespace, for messages."""
    return name.rsplit("}", 1)[-1]


def kind_of(name_or_element: str | ET.Element) -> str:
    """The name both QTI versions share: `qti-choice-interaction` and `choiceInteraction`."""
    name = name_or_element if isinstance(name_or_element, str) else name_or_element.tag
    return local_name(name).removeprefix("qti-").replace("-", "").lower()


def attr_of(element: ET.Element, name: str, default: str = "") -> str:
    """An attribute by its shared name (`maxchoices` reads `maxChoices` and `max-choices`)."""
    return next((v for k, v in element.attrib.items() if kind_of(k) == name), default)


def children_of(element: ET.Element | None, kind: str) -> list[ET.Element]:
    """Direct children of one kind, whichever QTI version named them."""
    return [child for child in element if kind_of(child) == kind] if element is not None else []


def first_of(element: ET.Element | None, kind: str) -> ET.Element | None:
    """The first child of one kind; None when absent, so optional parts read simply."""
    return next(iter(children_of(element, kind)), None)


def _walk(element: ET.Element, parts: list[str]) -> None:
    """Collect the readable text of `element` and its tail: interactions give their prompt."""
    kind = kind_of(element)
    if kind in ("textentryinteraction", "inlinechoiceinteraction"):
        parts.append(f" {BLANK} ")
    elif kind == "math":
        parts.append(f" {linear(element)} ")
    elif kind == "img":
        pass  # shown as a figure under the stem (qti.py), not as words
    elif kind.endswith("interaction"):
        for prompt in children_of(element, "prompt"):
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


def plain(element: ET.Element) -> str:
    """The words inside `element` on one line, feedback left out."""
    parts: list[str] = []
    _content(element, parts)
    return " ".join("".join(parts).split())


def placeholder(what: str) -> str:
    """Text for a field QTI lacks: says so, so authors see what to write before going live."""
    return f"No {what} in the QTI file."


@dataclass
class ItemFile:
    """One assessment item being mapped, and where to report what cannot be."""

    root: ET.Element
    file: str
    lines: dict[ET.Element, int]
    problems: list[Problem] = field(default_factory=list)
    used_feedback: set[ET.Element] = field(default_factory=set)
    # a file of the item's package by its path relative to the item; None outside a package
    fetch: Callable[[str], bytes | None] | None = None

    def problem(self, message: str, at: ET.Element | None = None) -> None:
        """Report `message` at `at` (default: the item), naming the element and its line."""
        at = self.root if at is None else at
        message = f"<{local_name(at.tag)}> {message}"
        self.problems.append(Problem(self.file, self.lines.get(at), message))

    def feedback(self, choice: ET.Element) -> str:
        """A choice's own feedback, or item feedback shown for that choice's identifier."""
        inside = [e for e in choice.iter() if kind_of(e) in FEEDBACK]
        named = [
            e
            for e in self.root.iter()
            if kind_of(e) in FEEDBACK and attr_of(e, "identifier") == attr_of(choice, "identifier")
        ]
        found = inside or [e for e in named if attr_of(e, "showhide", "show") == "show"]
        self.used_feedback.update(found)
        return " ".join(plain(e) for e in found) or placeholder("feedback")

    def report_unused_feedback(self) -> None:
        """Feedback tied to no choice has nowhere to go in our items; say so."""
        for element in self.root.iter():
            if kind_of(element) in FEEDBACK and element not in self.used_feedback:
                identifier = attr_of(element, "identifier")
                self.problem(f"{identifier!r} is not tied to a choice; not imported", element)


def read_item_file(data: bytes, file: str) -> tuple[ItemFile | None, list[Problem]]:
    """The parsed assessmentItem, or None with why the file is not one."""
    try:
        root, lines = read_xml(data)
    except XmlError as exc:
        return None, [Problem(file, exc.line, f"not well-formed XML: {exc.message}")]
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if kind_of(root) != "assessmentitem" or namespace not in NAMESPACES:
        message = f"<{root.tag}> is not a QTI 2.1 or 3.0 assessmentItem"
        return None, [Problem(file, lines.get(root), message)]
    return ItemFile(root, file, lines), []
