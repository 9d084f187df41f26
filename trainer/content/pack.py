"""Read a content pack folder into validated models, collecting every problem at once.

What the folders hold is not known here: the caller passes the table of content kinds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from trainer.content.kinds import ContentKind
from trainer.content.problems import ContentError, Problem
from trainer.content.schema import PackInfo, Scale
from trainer.content.source import Document, read_yaml
from trainer.content.validation import PackKeys, validate

BUNDLED = Path(__file__).parent / "bundled"


@dataclass
class Pack:
    """A validated pack: every record by kind and key, in the table's and the files' order."""

    root: Path
    info: PackInfo
    scale: Scale
    by_kind: dict[str, dict[str, Any]] = field(default_factory=dict)

    def records_of(self, kind: str) -> dict[str, Any]:
        """The records of one kind by key; empty for a kind the pack does not hold."""
        return self.by_kind.get(kind, {})

    def records(self) -> list[tuple[str, str, BaseModel]]:
        """(kind, key, model) for every record, in a stable order."""
        groups = self.by_kind.items()
        return [(kind, key, model) for kind, group in groups for key, model in group.items()]


def body_hash(body: Any) -> str:
    """A fingerprint of a stored body: the same content always hashes the same."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def content_hash(model: BaseModel) -> str:
    """A fingerprint of a record's content, equal to the hash of the body it is stored as."""
    return body_hash(model.model_dump(mode="json"))


class _Reader:
    """Collects documents and problems while a pack is read."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.cache: dict[Path, Document | None] = {}
        self.named: dict[str, set[str]] = {}  # file stems per folder, valid or not

    def documents(self, folder: str) -> list[Document]:
        directory = self.root / folder
        paths = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
        self.named.setdefault(folder, set()).update(path.stem for path in paths)
        return [doc for path in paths if (doc := self.document(path)) is not None]

    def document(self, path: Path) -> Document | None:
        if path not in self.cache:
            self.cache[path] = self._parse(path)
        return self.cache[path]

    def _parse(self, path: Path) -> Document | None:
        if not path.exists():
            self.problems.append(Problem(str(path.relative_to(self.root)), None, "file is missing"))
            return None
        try:
            doc = read_yaml(path, self.root)
        except ContentError as exc:
            self.problems.extend(exc.problems)
            return None
        if not isinstance(doc.data, dict):
            self.problems.append(doc.problem((), "expected a mapping of fields at the top"))
            return None
        return doc

    def one(self, model: type[BaseModel], doc: Document | None) -> Any:
        if doc is None:
            return None
        result, problems = validate(model, doc)
        self.problems.extend(problems)
        return result


def _keys(names: Mapping[str, set[str]]) -> PackKeys:
    """What the files may refer to: the keys of the kinds read so far."""
    return PackKeys(
        competencies=frozenset(names.get("competency", ())),
        profiles=frozenset(names.get("profile", ())),
        items=frozenset(names.get("item", ())),
    )


def _read_kind(
    reader: _Reader, kind: ContentKind, by_kind: dict[str, dict[str, Any]], names: dict
) -> None:
    records: dict[str, Any] = by_kind.setdefault(kind.name, {})
    documents = reader.documents(kind.folder)
    if kind.one_per_file:
        names[kind.name] = reader.named[kind.folder]
    for doc in documents:
        found, problems = kind.read(doc, _keys(names), by_kind)
        reader.problems.extend(problems)
        stem = Path(doc.file).stem
        for record in found:
            if kind.one_per_file and record.key != stem:
                message = f"key {record.key!r} must be {stem!r}, the file's name"
                reader.problems.append(doc.problem(("key",), message))
                continue
            if record.key in records:
                reader.problems.append(doc.problem((), f"{record.key!r} is defined twice"))
            records[record.key] = record
        if not kind.one_per_file:
            names[kind.name] = set(records)


def read_pack(root: Path | str, kinds: Sequence[ContentKind]) -> Pack:
    """Read the pack at `root`, one kind after another; raise ContentError listing every problem."""
    reader = _Reader(Path(root))
    info = reader.one(PackInfo, reader.document(reader.root / "pack.yaml"))
    scale = reader.one(Scale, reader.document(reader.root / "scale.yaml"))
    by_kind: dict[str, dict[str, Any]] = {}
    names: dict[str, set[str]] = {}
    for kind in kinds:
        _read_kind(reader, kind, by_kind, names)
    if reader.problems or info is None or scale is None:
        raise ContentError(reader.problems)
    return Pack(reader.root, info, scale, by_kind)


__all__ = ["BUNDLED", "Pack", "body_hash", "content_hash", "read_pack"]
