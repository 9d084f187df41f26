"""MathML as the one line of text our items hold: `E = mc²`, `(a + b)/(2)`, `√(x)`.

Presentation MathML is read element by element; superscripts and subscripts of digits and signs
become Unicode ones, others `^(...)` and `_(...)`. A construct with no faithful one-line form
(tables, multiscripts, enclosures) raises `Unreadable`, so the item is refused rather than shown
as a jumble of its digits.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
SPACED = set("=+−-×÷<>≤≥±·≠≈→")
GROUPS = ("math", "mrow", "mstyle", "mpadded", "merror")
TOKENS = ("mi", "mn", "mtext", "ms")
SCRIPTS = ("msup", "msub", "msubsup", "munder", "mover", "munderover")


class Unreadable(ValueError):
    """A MathML construct with no faithful one-line form."""


def _name(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower()


def linear(element: ET.Element) -> str:
    """The formula in `element` as one line of text."""
    return " ".join(_linear(element).split())


def _linear(element: ET.Element) -> str:
    kind, children = _name(element), list(element)
    if kind in GROUPS:
        return "".join(_linear(child) for child in children)
    if kind == "semantics":  # the presentation form first; annotations are for machines
        return _linear(children[0]) if children else ""
    if kind in TOKENS:
        return (element.text or "").strip()
    if kind == "mo":
        text = (element.text or "").strip()
        return f" {text} " if text in SPACED else text
    if kind == "mspace" or kind == "mphantom":
        return " "
    if kind in SCRIPTS:
        return _scripted(kind, [_linear(child).strip() for child in children])
    if kind == "mfrac" and len(children) == 2:
        top, bottom = (_linear(child).strip() for child in children)
        return f"{_grouped(top)}/{_grouped(bottom)}"
    if kind == "msqrt":
        return f"√({''.join(_linear(child) for child in children).strip()})"
    if kind == "mroot" and len(children) == 2:
        base, index = (_linear(child).strip() for child in children)
        return f"{_sup(index)}√({base})"
    if kind == "mfenced":
        opening, closing = element.get("open", "("), element.get("close", ")")
        separator = element.get("separators", ",")[:1] or ","
        return opening + separator.join(_linear(child).strip() for child in children) + closing
    raise Unreadable(f"<{kind}> has no one-line form")


def _scripted(kind: str, parts: list[str]) -> str:
    need = {"msup": 2, "msub": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}[kind]
    if len(parts) != need:
        raise Unreadable(f"<{kind}> needs {need} parts, not {len(parts)}")
    base, *scripts = parts
    if kind in ("msup", "mover"):
        return base + _sup(scripts[0])
    if kind in ("msub", "munder"):
        return base + _sub(scripts[0])
    return base + _sub(scripts[0]) + _sup(scripts[1])


def _sup(text: str) -> str:
    return text.translate(SUPERSCRIPT) if set(text) <= set("0123456789+-=()n") else f"^({text})"


def _sub(text: str) -> str:
    return text.translate(SUBSCRIPT) if set(text) <= set("0123456789+-=()") else f"_({text})"


def _grouped(text: str) -> str:
    return text if text.replace(".", "").isalnum() else f"({text})"
