"""Bring questions written in other tools into the item bank, as new content versions.

`read_import` parses a file and checks it against the item models and the bank without writing;
`import_items` then writes it, all or nothing, in the caller's transaction. Re-importing a file is
safe: unchanged items stay as they are, changed ones get a new version, and a key that another
file or pack owns is refused rather than overwritten. Nothing here imports Flask or commits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.assessments.importers import FORMATS
from trainer.assessments.items import ITEM_MODELS, ItemBase
from trainer.assessments.kinds import item_exercises
from trainer.content.models import ContentAsset, ContentVersion
from trainer.content.pack import content_hash
from trainer.content.problems import ContentError, Problem

STEM_PREVIEW = 60
PACK_LENGTH = 80  # ContentVersion.pack


class ImportRefused(ContentError):
    """An import with problems was refused; nothing was written."""


@dataclass(frozen=True)
class PreviewRow:
    key: str
    type: str
    level: int
    stem: str  # its first 60 characters
    change: str  # "new", "changed" or "unchanged"


@dataclass(frozen=True)
class ImportPreview:
    """What an import would write: the validated items, each one's change, every problem."""

    items: list[ItemBase]
    problems: list[Problem]
    changes: dict[str, str]
    pack_label: str
    assets: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # the items' pictures

    def rows(self) -> list[PreviewRow]:
        return [
            PreviewRow(item.key, item.type, item.level, _cut(item.stem), self.changes[item.key])
            for item in self.items
        ]

    def counts(self) -> ImportCounts:
        """What importing would do, counted as `import_items` counts it."""
        return ImportCounts.of(self.changes.values())


@dataclass(frozen=True)
class ImportCounts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    @classmethod
    def of(cls, changes: Iterable[str]) -> ImportCounts:
        count = Counter(changes)
        return cls(count["new"], count["changed"], count["unchanged"])

    def __str__(self) -> str:
        return f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged"


def import_label(filename: str) -> str:
    """The `pack` an imported file's versions are stored under; re-imports must match it."""
    return f"import:{filename}"[:PACK_LENGTH]


def read_import(
    session: Session,
    format: str,
    data: bytes,
    filename: str,
    competency: str,
    level: int,
    known_competencies: Collection[str],
    pack_label: str | None = None,
) -> ImportPreview:
    """Parse a file and check it against the item models and the bank; write nothing."""
    if format not in FORMATS:
        raise ValueError(f"unknown import format {format!r}; use one of {', '.join(FORMATS)}")
    problems: list[Problem] = []
    if competency not in known_competencies:
        message = f"competency {competency!r} is not in the framework"
        problems.append(Problem(filename, None, message))
    dicts, parse_problems = FORMATS[format].read(data, filename, competency, level)
    problems += parse_problems
    assets = {k: v for data in dicts for k, v in data.pop("_assets", {}).items()}
    items = _validated(dicts, filename, problems)
    if not items and not problems:
        problems.append(Problem(filename, None, "no questions found in the file"))
    label = pack_label or import_label(filename)
    compared, clashes = _compare(session, items, label, filename)
    changes = {item.key: change for item, _, change in compared}
    kept = [item for item, _, _ in compared]
    return ImportPreview(kept, problems + clashes, changes, label, assets)


def import_items(
    session: Session, preview: ImportPreview, pack_label: str | None = None
) -> ImportCounts:
    """Add a version of every new or changed item to the session; the caller commits once."""
    if preview.problems:
        raise ImportRefused(preview.problems)
    label = pack_label or preview.pack_label
    # Compare again: the bank may have changed since the preview was shown.
    compared, clashes = _compare(session, preview.items, label, label)
    if clashes:
        raise ImportRefused(clashes)
    stored = set(
        session.scalars(select(ContentAsset.id).where(ContentAsset.id.in_(preview.assets)))
    )
    for asset, (kind, data) in preview.assets.items():
        if asset not in stored:
            session.add(ContentAsset(id=asset, media_type=kind, data=data))
    for item, latest, change in compared:
        if change != "unchanged":
            session.add(_version(item, latest, label))
    session.flush()
    return ImportCounts.of(change for _, _, change in compared)


def with_status(latest: ContentVersion, status: str) -> ContentVersion | None:
    """A new version of a stored item with `status`, or None when it has that status already."""
    item = ITEM_MODELS[latest.body["type"]].model_validate(latest.body)
    if item.status == status:
        return None
    return _version(item.model_copy(update={"status": status}), latest, latest.pack)


def newest_items(session: Session, keys: Iterable[str]) -> dict[str, ContentVersion]:
    """The newest stored version of each of these item keys that exists."""
    rows = session.scalars(
        select(ContentVersion)
        .where(ContentVersion.kind == "item", ContentVersion.key.in_(list(keys)))
        .order_by(ContentVersion.version)
    )
    return {row.key: row for row in rows}


def _validated(dicts: list[dict[str, Any]], filename: str, problems: list[Problem]) -> list:
    """The dicts that pass their item model; the others become problems naming the item."""
    items = []
    for data in dicts:
        model = ITEM_MODELS.get(data.get("type", ""))
        if model is None:
            problems.append(Problem(filename, None, f"{data.get('key')}: unknown item type"))
            continue
        try:
            items.append(model.model_validate(data))
        except ValidationError as exc:
            problems += [
                Problem(filename, None, f"{data.get('key')}: {_describe(error)}")
                for error in exc.errors()
            ]
    return items


Compared = tuple[ItemBase, ContentVersion | None, str]


def _compare(
    session: Session, items: list[ItemBase], label: str, filename: str
) -> tuple[list[Compared], list[Problem]]:
    """Each item as it would be stored, with its newest version and change; clashes as problems."""
    newest = newest_items(session, [item.key for item in items])
    compared, clashes = [], []
    for item in items:
        latest = newest.get(item.key)
        if latest is not None:
            # The bank's status is an admin's decision; importing the file again keeps it.
            item = item.model_copy(update={"status": latest.body.get("status", item.status)})
        change = _change(item, latest, label)
        if change == "clash":
            message = f"{item.key}: the bank has a different item with this key, from {latest.pack}"
            clashes.append(Problem(filename, None, message))
        compared.append((item, latest, change))
    return compared, clashes


def _change(item: ItemBase, latest: ContentVersion | None, label: str) -> str:
    if latest is None:
        return "new"
    if latest.content_hash == content_hash(item):
        return "unchanged"
    return "changed" if latest.pack == label else "clash"


def _version(item: ItemBase, latest: ContentVersion | None, pack: str) -> ContentVersion:
    return ContentVersion(
        kind="item",
        key=item.key,
        version=latest.version + 1 if latest else 1,
        content_hash=content_hash(item),
        body=item.model_dump(mode="json"),
        competencies=item_exercises(item),
        pack=pack,
    )


def _describe(error: Any) -> str:
    """A pydantic error as `field: message`, the way content problems read."""
    where = ".".join(str(part) for part in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _cut(text: str) -> str:
    return text if len(text) <= STEM_PREVIEW else text[:STEM_PREVIEW].rstrip() + "…"
