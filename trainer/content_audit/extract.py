"""Turn a read pack into the audit's plain values: questions, rated SJT items, and where each
sits in its file (so a problem names file and line)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.content.pack import Pack
from trainer.content.problems import ContentError
from trainer.content.source import Location, read_yaml
from trainer.content_audit.cues import Question


@dataclass(frozen=True)
class Rated:
    """An SJT item's responses with their keyed effectiveness (1-4)."""

    key: str
    file: str
    line: int | None
    texts: tuple[str, ...]
    ratings: tuple[int, ...]


class Places:
    """File and line of records in the pack's YAML, read again for their lines."""

    def __init__(self, root: Path):
        self.root = root
        self._docs: dict[str, Any] = {}
        self.items: dict[str, tuple[str, int]] = {}
        for path in sorted((root / "items").glob("*.y*ml")):
            doc = self._doc(path)
            raw = doc.data.get("items") if doc and isinstance(doc.data, dict) else None
            for i, entry in enumerate(raw if isinstance(raw, list) else ()):
                if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                    self.items.setdefault(entry["key"], (doc.file, i))

    def _doc(self, path: Path):
        name = str(path.relative_to(self.root))
        if name not in self._docs:
            try:
                self._docs[name] = read_yaml(path, self.root) if path.exists() else None
            except ContentError:
                self._docs[name] = None
        return self._docs[name]

    def line(self, file: str, loc: Location) -> int | None:
        doc = self._doc(self.root / file)
        return doc.line_of(loc) if doc else None

    def item(self, key: str, *loc: str | int) -> tuple[str, int | None]:
        file, index = self.items.get(key, ("items", -1))
        return file, self.line(file, ("items", index, *loc)) if index >= 0 else None

    def record(self, folder: str, key: str, *loc: str | int) -> tuple[str, int | None]:
        file = f"{folder}/{key}.yaml"
        return file, self.line(file, loc)


def item_questions(pack: Pack, places: Places) -> list[Question]:
    """Single- and multiple-response items with options, live or not."""
    found = []
    for item in pack.records_of("item").values():
        if item.type not in ("single", "multiple"):
            continue
        file, line = places.item(item.key)
        texts = tuple(option.text for option in item.options)
        keyed = frozenset(i for i, option in enumerate(item.options) if option.correct)
        found.append(Question("item", item.key, file, line, item.type, texts, keyed))
    return found


def call_questions(pack: Pack, places: Places) -> list[Question]:
    """Every choice step of every call; the best choice is the key."""
    found = []
    for scenario in pack.records_of("scenario").values():
        for step_key, step in scenario.steps.items():
            if getattr(step, "kind", None) != "choice":
                continue
            best = next(i for i, choice in enumerate(step.choices) if choice.best)
            file, line = places.record(
                "scenarios", scenario.key, "steps", step_key, "choices", best
            )
            texts = tuple(choice.text for choice in step.choices)
            key = f"{scenario.key}/{step_key}"
            found.append(Question("call", key, file, line, "decision", texts, frozenset({best})))
    return found


def rated_items(pack: Pack, places: Places) -> list[Rated]:
    found = []
    for item in pack.records_of("item").values():
        if item.type == "sjt":
            file, line = places.item(item.key)
            texts = tuple(r.text for r in item.responses)
            ratings = tuple(r.effectiveness for r in item.responses)
            found.append(Rated(item.key, file, line, texts, ratings))
    return found
