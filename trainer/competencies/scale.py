"""The proficiency scale's names, shared by pages, forms, charts and reports."""

from __future__ import annotations

LEVEL_NAMES = {
    1: "Basic Understanding",
    2: "Working Knowledge",
    3: "Extensive Experience",
    4: "Expert",
}
LEVEL_SHORT = {1: "Basic", 2: "Working", 3: "Extensive", 4: "Expert"}


def level_name(level: int | None) -> str:
    """The level's name, or 'Not yet assessed' when there is none."""
    return LEVEL_NAMES.get(level or 0, "Not yet assessed")
