"""The pictures of a Moodle question: `<img src="@@PLUGINFILE@@/name">` in its text, the bytes in
a base64 `<file name="name">` beside it. Pure: elements in, figures and asset bytes out."""

from __future__ import annotations

import base64
import binascii
from html.parser import HTMLParser
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from trainer.content.assets import MAX_ASSET_BYTES, asset_id, media_type

PLUGINFILE = "@@PLUGINFILE@@/"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (src, alt)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = {name: value or "" for name, value in attrs}
            self.found.append((values.get("src", ""), " ".join(values.get("alt", "").split())))


def figures(text_field: ET.Element | None) -> tuple[list[dict], dict[str, tuple[str, bytes]]]:
    """The figures of one text field and the bytes to store; ValueError names a picture that
    cannot be kept (not in the file, not a picture, too large)."""
    if text_field is None:
        return [], {}
    parser = _Images()
    parser.feed(text_field.findtext("text") or "")
    parser.close()
    files = {
        (f.get("path", "/") + f.get("name", "")).lstrip("/"): f for f in text_field.findall("file")
    }
    found, assets = [], {}
    for src, alt in parser.found:
        if not src.startswith(PLUGINFILE):
            raise ValueError(f"image {src!r} is outside the file; only embedded pictures are kept")
        name = unquote(src.removeprefix(PLUGINFILE))
        element = files.get(name)
        if element is None:
            raise ValueError(f"image {name!r} has no <file> in the question")
        raw = "".join((element.text or "").split())
        if len(raw) > MAX_ASSET_BYTES * 4 // 3 + 4:
            raise ValueError(f"image {name!r} is over 2 MB")
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"image {name!r} is not valid base64") from None
        kind = media_type(data)
        if kind is None:
            raise ValueError(f"image {name!r} is not a PNG, JPEG, GIF or WebP picture")
        assets[asset_id(data)] = (kind, data)
        found.append({"asset": asset_id(data), "alt": alt})
    return found, assets
