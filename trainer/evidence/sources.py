"""Where a piece of evidence came from, and how much its mode lets it count.

Pure: a `SourceRef` formats itself into the stored string (`attempt:12/item:neg-1`) and parses
itself back, so the ledger, the review queue and the report links agree on one format. The
strings are exactly the ones earlier versions stored, so old databases and exports stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Origin = Literal["attempt", "scenario-run", "rating"]
# The part inside an origin that an observation belongs to; a rating is observed as a whole.
PART_LABELS: dict[str, str | None] = {"attempt": "item", "scenario-run": "step", "rating": None}
# Which ledger source kinds each origin may write.
SOURCE_KINDS: dict[str, tuple[str, ...]] = {
    "attempt": ("item",),
    "scenario-run": ("scenario", "free_response"),
    "rating": ("rubric", "self"),
}
# Practice allows retries and shows feedback as it goes, so one practice observation is weaker
# evidence than one graded pass: it counts half. A rating has no mode and counts in full.
MODE_WEIGHTS: dict[str | None, float] = {
    "practice": 0.5,
    "assessment": 1.0,
    "screening": 1.0,
    None: 1.0,
}


@dataclass(frozen=True)
class SourceRef:
    """An attempt's item, a call run's step, or a rating session, by database id."""

    origin: Origin
    id: int
    part: str | None = None  # the item key or step key; None for a rating

    def __post_init__(self) -> None:
        if self.origin not in PART_LABELS:
            raise ValueError(f"unknown evidence origin {self.origin!r}")
        if isinstance(self.id, bool) or not isinstance(self.id, int) or self.id < 1:
            raise ValueError(f"{self.origin} id must be a positive integer, not {self.id!r}")
        if (PART_LABELS[self.origin] is None) != (self.part is None) or self.part == "":
            raise ValueError(f"{self.origin} needs {PART_LABELS[self.origin] or 'no part'}")

    @classmethod
    def attempt_item(cls, attempt_id: int, item_key: str) -> SourceRef:
        return cls("attempt", attempt_id, item_key)

    @classmethod
    def run_step(cls, run_id: int, step: str) -> SourceRef:
        return cls("scenario-run", run_id, step)

    @classmethod
    def rating(cls, rating_id: int) -> SourceRef:
        return cls("rating", rating_id)

    def format(self) -> str:
        """The stored string: `attempt:12/item:key`, `scenario-run:4/step:close`, `rating:7`."""
        head = f"{self.origin}:{self.id}"
        return head if self.part is None else f"{head}/{PART_LABELS[self.origin]}:{self.part}"

    __str__ = format

    @classmethod
    def parse(cls, text: str) -> SourceRef:
        """The reference a stored string names; ValueError says what is wrong with a bad one."""
        head, slash, tail = text.partition("/")
        origin, _, ident = head.partition(":")
        if origin not in get_args(Origin):
            raise ValueError(f"{text!r} is not an evidence source: unknown origin {origin!r}")
        if not (ident.isascii() and ident.isdigit()):
            raise ValueError(f"{text!r} is not an evidence source: {ident!r} is not an id")
        label, part = PART_LABELS[origin], None
        if slash or label is not None:
            found, _, part = tail.partition(":")
            if found != label or not part:
                expected = f"'/{label}:<key>'" if label else "nothing"
                raise ValueError(f"{text!r} is not an evidence source: {expected} after {head!r}")
        return cls(origin, int(ident), part)


def weight_for(mode: str | None) -> float:
    """How much an observation made in `mode` counts (None: a rating, which has no mode)."""
    try:
        return MODE_WEIGHTS[mode]
    except KeyError:
        raise ValueError(f"unknown mode {mode!r}") from None
