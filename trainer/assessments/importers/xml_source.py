"""Read the XML of other tools safely, keeping each element's line for problems.

Moodle XML and QTI share this: expat with entity declarations refused (the XML bomb), the start
line of every element (ElementTree alone forgets it), HTML fragments as plain text, and keys made
from the source's names.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from xml.etree import ElementTree as ET
from xml.parsers import expat

KEY_LENGTH = 80  # the `Key` pattern's max_length
MAX_DEPTH = 200  # nesting past this is no question; readers walk the tree recursively
BREAKS = {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "hr"}
BREAKS |= {"pre", "h1", "h2", "h3", "h4", "h5", "h6"}
HIDDEN = ("script", "style")  # code, not words


class XmlError(ValueError):
    """XML that cannot be read, with the line the parser stopped at."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _clark(name: str) -> str:
    """Expat's `uri}local` as ElementTree's `{uri}local`."""
    return "{" + name if "}" in name else name


def read_xml(data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse XML keeping each element's start line, which ElementTree alone forgets."""
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    depth = [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        depth[0] += 1
        if depth[0] > MAX_DEPTH:
            message = f"elements nested more than {MAX_DEPTH} deep"
            raise XmlError(parser.CurrentLineNumber, message)
        element = builder.start(_clark(name), {_clark(k): v for k, v in attrs.items()})
        lines[element] = parser.CurrentLineNumber

    def end(name: str) -> None:
        depth[0] -= 1
        builder.end(_clark(name))

    def refuse_entities(*_: object) -> None:
        # Entity declarations are how XML bombs work; exports never need them.
        raise XmlError(parser.CurrentLineNumber, "entity declarations are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = refuse_entities
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(exc.lineno, expat.ErrorString(exc.code)) from None
    return builder.close(), lines


class _PlainText(HTMLParser):
    """Collects the text of an HTML fragment; block tags become spaces so words stay apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities unescaped in the text
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        self.parts.append(" " if tag in BREAKS else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        self.parts.append(" " if tag in BREAKS else "")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of an HTML fragment on one line, since items hold plain text."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


class Keys(set):
    """The keys given out in one file, and for each base the next number to try, so that
    20,000 questions with one name take linear time, not quadratic."""

    def __init__(self) -> None:
        super().__init__()
        self.next: dict[str, int] = {}

    def claim(self, base: str) -> str:
        """`base`, or `base-2`, `base-3` ... whichever is free first."""
        key, n = base, self.next.get(base, 1)
        if n > 1:
            key = f"{base}-{n}"
        while key in self:
            n += 1
            key = f"{base}-{n}"
        self.next[base] = n + 1
        self.add(key)
        return key


def unique_key(prefix: str, name: str, taken: Keys) -> str:
    """`prefix` + a slug of `name` that fits our key pattern and no other item has."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "item"
    return taken.claim(f"{prefix}{slug}"[: KEY_LENGTH - 4].rstrip("-"))
