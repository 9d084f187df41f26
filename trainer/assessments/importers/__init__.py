"""Question formats of other tools, each a reader from a file's bytes to item dicts and problems.

The `trainer import` command group and the admin import page both offer exactly these formats, so
a new format is one row here and a reader beside it. Readers are pure; `store.py` checks their
items against the bank and writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.assessments.importers.gift_read import read_gift
from trainer.assessments.importers.moodle_xml import parse_moodle_xml
from trainer.assessments.importers.qti_package import read_qti
from trainer.content.problems import Problem

Parsed = tuple[list[dict[str, Any]], list[Problem]]
Reader = Callable[[bytes, str, str, int], Parsed]  # data, source name, competency, level


@dataclass(frozen=True)
class Format:
    """One importable format: its command and form value, its name for people, its reader."""

    name: str
    title: str
    read: Reader


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("gift", "GIFT", read_gift),
        Format("moodle-xml", "Moodle XML", parse_moodle_xml),
        Format("qti", "IMS QTI 2.1 or 3.0 (an item file or a zip package)", read_qti),
    )
}
