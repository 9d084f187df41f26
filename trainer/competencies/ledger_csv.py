"""Read a ledger exported by `trainer export evidence` back into records, row by row.

Pure. Every bad row is named by its line number and field; a file with any bad row gives no
records, so an audit never computes levels from part of a ledger.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from trainer.competencies.observe import LEVELS, SOURCE_WEIGHTS, Record

REQUIRED = (
    "person_id",
    "competency",
    "level",
    "score",
    "weight",
    "source_kind",
    "source_id",
    "recorded_at",
)
MODES = ("", "practice", "assessment", "screening")
TRUE, FALSE = ("true", "1", "yes", ""), ("false", "0", "no")


@dataclass(frozen=True)
class Ledger:
    records: dict[int, list[Record]]  # current records per person id
    emails: dict[int, str]
    problems: list[str]


def parse_time(text: str) -> datetime:
    """An ISO date or date-time; naive values are UTC, as the export writes them."""
    value = datetime.fromisoformat(text.strip())
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _number(row: dict, field: str, low: float, high: float | None = None) -> float:
    text = (row.get(field) or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{field} {text!r} is not a number") from None
    if value != value or value < low or (high is not None and value > high):
        bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise ValueError(f"{field} {text} must be {bound}")
    return value


def _row(row: dict) -> tuple[int, Record, bool]:
    person = (row.get("person_id") or "").strip()
    if not person.isdigit():
        raise ValueError(f"person_id {person!r} is not a whole number")
    level = (row.get("level") or "").strip()
    if level not in {str(n) for n in LEVELS}:
        raise ValueError(f"level {level!r} must be 1, 2, 3 or 4")
    kind = (row.get("source_kind") or "").strip()
    if kind not in SOURCE_WEIGHTS:
        raise ValueError(f"source_kind {kind!r} must be one of {', '.join(SOURCE_WEIGHTS)}")
    mode = (row.get("mode") or "").strip()
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} must be practice, assessment, screening or empty")
    current = (row.get("current") or "").strip().lower()
    if current not in TRUE + FALSE:
        raise ValueError(f"current {current!r} must be true or false")
    competency, source = (row.get("competency") or "").strip(), (row.get("source_id") or "").strip()
    if not competency or not source:
        raise ValueError("competency and source_id must not be empty")
    try:
        at = parse_time(row.get("recorded_at") or "")
    except ValueError:
        raise ValueError(f"recorded_at {row.get('recorded_at')!r} is not an ISO date") from None
    version = (row.get("content_version_id") or "").strip()
    record = Record(
        competency,
        int(level),
        _number(row, "score", 0, 1),
        _number(row, "weight", 0),
        kind,
        source,
        at,
        mode or None,
        int(version) if version.isdigit() else None,
    )
    return int(person), record, current in TRUE


def read_ledger(lines: Iterable[str]) -> Ledger:
    """The current records of every person in the CSV, or the problems with their lines."""
    reader = csv.DictReader(lines)
    missing = [f for f in REQUIRED if f not in (reader.fieldnames or [])]
    if missing:
        return Ledger({}, {}, [f"line 1: missing column(s) {', '.join(missing)}"])
    found: dict[int, list[Record]] = defaultdict(list)
    emails: dict[int, str] = {}
    problems = []
    for row in reader:
        try:
            person, record, current = _row(row)
        except ValueError as error:
            problems.append(f"line {reader.line_num}: {error}")
            continue
        emails.setdefault(person, (row.get("email") or "").strip())
        if current:
            found[person].append(record)
    if problems:
        return Ledger({}, {}, problems)
    return Ledger(dict(found), emails, [])
