"""Read a content pack folder into validated models, collecting every problem at once."""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from trainer.competencies.schema import KEY, CompetencyDef, PackInfo, ProfileDef, Scale
from trainer.content.problems import ContentError, Problem
from trainer.content.source import Document, read_yaml
from trainer.content.validation import PackKeys, validate

BUNDLED = Path(__file__).parent / "bundled"


@dataclass
class Pack:
    """A validated pack: every record by key, in file order."""

    root: Path
    info: PackInfo
    scale: Scale
    competencies: dict[str, CompetencyDef] = field(default_factory=dict)
    profiles: dict[str, ProfileDef] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)
    forms: dict[str, Any] = field(default_factory=dict)
    scenarios: dict[str, Any] = field(default_factory=dict)

    def records(self) -> list[tuple[str, str, BaseModel]]:
        """(kind, key, model) for every record, in a stable order."""
        kinds = ("competency", "profile", "item", "form", "scenario")
        groups = (self.competencies, self.profiles, self.items, self.forms, self.scenarios)
        return [
            (kind, key, model)
            for kind, group in zip(kinds, groups, strict=True)
            for key, model in group.items()
        ]


def content_hash(model: BaseModel) -> str:
    """A fingerprint of a record's content: the same content always hashes the same."""
    canonical = json.dumps(model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


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

    def keyed(self, model: type[BaseModel], folder: str) -> dict[str, Any]:
        """One record per file, whose key must be the file's name."""
        records: dict[str, Any] = {}
        for doc in self.documents(folder):
            record = self.one(model, doc)
            stem = Path(doc.file).stem
            if record is not None and record.key != stem:
                self.problems.append(
                    doc.problem(("key",), f"key {record.key!r} must be {stem!r}, the file's name")
                )
            elif record is not None:
                records[record.key] = record
        return records


def _check_profiles(reader: _Reader, pack: Pack) -> None:
    for profile in pack.profiles.values():
        file = f"profiles/{profile.key}.yaml"
        doc = reader.document(pack.root / file)
        for i, requirement in enumerate(profile.requirements):
            # A competency whose own file is invalid is reported there, not again here.
            if requirement.competency not in reader.named.get("competencies", set()):
                reader.problems.append(
                    doc.problem(
                        ("requirements", i, "competency"),
                        f"requirements.{i}.competency: "
                        f"unknown competency {requirement.competency!r}",
                    )
                )


# (pack attribute, folder, module, reader): the features' content, read only when present.
FEATURE_SECTIONS = [
    ("items", "items", "trainer.assessments.schema", "read_item_bank"),
    ("forms", "forms", "trainer.assessments.schema", "read_form"),
    ("scenarios", "scenarios", "trainer.scenarios.schema", "read_scenario"),
]


def _read_features(reader: _Reader, pack: Pack) -> None:
    for attribute, folder, module, function in FEATURE_SECTIONS:
        documents = reader.documents(folder)
        if not documents:
            continue
        read = getattr(importlib.import_module(module), function)
        target = getattr(pack, attribute)
        for doc in documents:
            keys = PackKeys(
                competencies=frozenset(reader.named.get("competencies", ())),
                profiles=frozenset(reader.named.get("profiles", ())),
                items=frozenset(pack.items),
            )
            args = (doc, keys, pack.items) if attribute == "forms" else (doc, keys)
            result, problems = read(*args)
            reader.problems.extend(problems)
            records = result if isinstance(result, list) else [result] if result else []
            for record in records:
                if record.key in target:
                    reader.problems.append(doc.problem((), f"{record.key!r} is defined twice"))
                target[record.key] = record


def read_pack(root: Path | str = BUNDLED) -> Pack:
    """Read and validate the pack at `root`; raise ContentError listing every problem."""
    reader = _Reader(Path(root))
    info = reader.one(PackInfo, reader.document(reader.root / "pack.yaml"))
    scale = reader.one(Scale, reader.document(reader.root / "scale.yaml"))
    pack = Pack(reader.root, info, scale)
    pack.competencies = reader.keyed(CompetencyDef, "competencies")
    pack.profiles = reader.keyed(ProfileDef, "profiles")
    _check_profiles(reader, pack)
    _read_features(reader, pack)
    if reader.problems or info is None or scale is None:
        raise ContentError(reader.problems)
    return pack


__all__ = ["KEY", "BUNDLED", "Pack", "content_hash", "read_pack"]
