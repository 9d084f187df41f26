"""Import every item of an IMS QTI content package: a zip with imsmanifest.xml listing them."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from trainer.assessments.importers.qti import items_of, parse_qti
from trainer.assessments.importers.qti_elements import children_of, kind_of, read_item_file
from trainer.assessments.importers.xml_source import Keys, XmlError, read_xml
from trainer.content.problems import Problem

ITEM_RESOURCES = ("imsqti_item_xmlv2p1", "imsqti_item_xmlv2p2", "imsqti_item_xmlv3p0")
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MAX_FILE_BYTES = 5_000_000  # an item file is a few kilobytes; more is not an item
MAX_MEMBERS = 5_000  # files in one package
MAX_TOTAL_BYTES = 50_000_000  # read from one package, whatever its entries claim
ZIP_MAGIC = b"PK\x03\x04"


def read_qti(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """One item file, or a content package when the bytes are a zip."""
    parse = parse_qti_package if data.startswith(ZIP_MAGIC) else parse_qti
    return parse(data, source, competency, level)


@dataclass(frozen=True)
class _Resource:
    """A manifest resource: its file in the zip, its type and its line for problems."""

    href: str
    type: str
    line: int | None


def _resources(root: ET.Element, lines: dict[ET.Element, int]) -> list[_Resource]:
    """Each resource with its href resolved against `xml:base`, as the manifest lists them."""
    found = []
    for group in (e for e in root.iter() if kind_of(e) == "resources"):
        for resource in children_of(group, "resource"):
            bases = (group.get(XML_BASE, ""), resource.get(XML_BASE, ""))
            href = unquote(posixpath.join(*bases, resource.get("href", "")))
            href = posixpath.normpath(href) if resource.get("href") else ""
            found.append(_Resource(href, resource.get("type", ""), lines.get(resource)))
    return found


class _Budget:
    """What is left to read of one package: an entry may lie about its size, so each read is
    bounded here rather than trusting the zip's directory."""

    def __init__(self) -> None:
        self.left = MAX_TOTAL_BYTES


def _member(archive: zipfile.ZipFile, name: str, budget: _Budget | None = None) -> bytes | None:
    """A file's bytes; None when it is missing, unreadable or too large to be an item."""
    budget = budget or _Budget()
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_FILE_BYTES:
            return None
        with archive.open(info) as member:
            data = member.read(min(MAX_FILE_BYTES, budget.left) + 1)
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error):
        return None  # absent, corrupt, compressed or encrypted in a way zipfile cannot read
    budget.left -= len(data)
    return None if len(data) > MAX_FILE_BYTES or budget.left < 0 else data


def _package_item(
    archive: zipfile.ZipFile,
    resource: _Resource,
    source: str,
    args: tuple[str, int, Keys],
    budget: _Budget,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Parse one resource: item types always, other XML files only if they hold an item."""
    typed = resource.type in ITEM_RESOURCES
    if not typed and not resource.href.endswith(".xml"):
        return [], []  # images, stylesheets and the like: not items
    data = _member(archive, resource.href, budget) if resource.href else None
    if data is None:
        message = f"item file {resource.href!r} is missing, unreadable or too large"
        if budget.left < 0:
            message = f"the package holds more than {MAX_TOTAL_BYTES:,} bytes to read; stopped"
        return [], [Problem(f"{source}/imsmanifest.xml", resource.line, message)] if typed else []
    item, problems = read_item_file(data, f"{source}/{resource.href}")
    if item is None:
        return [], problems if typed else []  # untyped XML that is no item is someone else's
    folder = posixpath.dirname(resource.href)

    def fetch(src: str) -> bytes | None:
        path = posixpath.normpath(posixpath.join(folder, unquote(src)))
        if path.startswith(("../", "/")) or "://" in src:
            return None  # only files inside the package
        return _member(archive, path, budget)

    item.fetch = fetch
    return items_of(item, *args), item.problems


def parse_qti_package(
    data: bytes, source: str, competency: str, level: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Item dicts from every item of a QTI content package (zip with imsmanifest.xml)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [], [Problem(source, None, "not a zip file")]
    with archive:
        if len(archive.infolist()) > MAX_MEMBERS:
            return [], [Problem(source, None, f"more than {MAX_MEMBERS} files in the package")]
        manifest = _member(archive, "imsmanifest.xml")
        if manifest is None:
            return [], [Problem(source, None, "no readable imsmanifest.xml at the top")]
        try:
            root, lines = read_xml(manifest)
        except XmlError as exc:
            message = f"not well-formed XML: {exc.message}"
            return [], [Problem(f"{source}/imsmanifest.xml", exc.line, message)]
        return _package_items(archive, _resources(root, lines), source, (competency, level, Keys()))


def _package_items(
    archive: zipfile.ZipFile, resources: list[_Resource], source: str, args: tuple
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The items of the manifest's resources, each file read once, keys unique across them."""
    items, problems, seen, budget = [], [], set(), _Budget()
    for resource in resources:
        if resource.href in seen:
            continue  # a file listed by two resources is one item
        seen.add(resource.href)
        found, resource_problems = _package_item(archive, resource, source, args, budget)
        items += found
        problems += resource_problems
    return items, problems
