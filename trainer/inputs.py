"""What any text or number from a request must be before it reaches a feature or the database.

PostgreSQL refuses what SQLite stores (NUL characters, NaN and infinity in JSON, integers over
2**31 - 1), and Python's own parsers accept more than a person means (`float("nan")`, `"²"` as a
digit, 5,000-digit integers). The site applies `clean_text` to every posted and query field and
`BoundedInt` to every `<int:...>` in a URL (trainer.web); features parse numbers with
`parse_number` and `parse_index`. Pure: no Flask, no database.
"""

from __future__ import annotations

import math
import re

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # an INTEGER primary key on PostgreSQL
MAX_NUMBER_TEXT = 40  # characters: room for any amount a quiz asks, with separators
MAX_INDEX_DIGITS = 9

# C0 control characters other than tab, newline and carriage return: never typed, and NUL is
# refused by PostgreSQL in any text column.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ASCII_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?", re.ASCII)


def clean_text(value: str) -> str:
    """The text without control characters nobody types (NUL above all)."""
    return _CONTROL.sub("", value)


def parse_number(text: str) -> float:
    """A finite number written with ASCII digits; ValueError for anything else."""
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT or not _ASCII_NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {text[:20]!r}")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("the number is too large")
    return value


def parse_index(text: str, limit: int = MAX_ID) -> int:
    """A whole number 0..`limit` written with ASCII digits; ValueError for anything else."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_INDEX_DIGITS:
        raise ValueError(f"not a whole number: {text[:20]!r}")
    value = int(text)
    if value > limit:
        raise ValueError(f"{value} is larger than {limit}")
    return value


class BoundedInt(IntegerConverter):
    """`<int:...>` in a URL: ASCII digits up to the largest id the database holds, else 404."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
