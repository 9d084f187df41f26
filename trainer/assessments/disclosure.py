"""When a taker may see the keys of a form's items: the rule, with the reason in words.

A key shown while the same items can still be drawn for the same person turns the next attempt
into a memory test (docs/delivery.md). So practice shows everything at once; an assessment shows
its keys after the person's final allowed attempt is submitted, or from the form's
`review_after` date; a screening's items are drawn for every other candidate, so only a
`review_after` date opens them. Staff reading someone else's result always see the keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Disclosure:
    keys: bool  # may the page show each item's key and the feedback on each answer
    reason: str  # why not, in a sentence for the taker ("" when the keys are shown)


def disclosure(
    mode: str,
    *,
    allowed: int | None,
    used: int,
    still_open: bool,
    review_after: date | None,
    today: date,
    taker: bool,
) -> Disclosure:
    """Whether the result page of an attempt may show the keys to the person reading it."""
    if mode == "practice" or not taker:
        return Disclosure(True, "")
    if review_after is not None and today >= review_after:
        return Disclosure(True, "")
    when = f" They are shown from {review_after:%d %B %Y}." if review_after else ""
    if mode == "screening":
        return Disclosure(False, f"The questions are asked of other candidates too.{when}")
    if allowed is not None and used >= allowed and not still_open:
        return Disclosure(True, "")
    if allowed is None:
        why = "You may take this form again, so the answers to its questions stay private."
        return Disclosure(False, why + when)
    left = allowed - used + (1 if still_open else 0)
    why = (
        f"You have {left} more attempt{'s' if left != 1 else ''} at this form, so the answers"
        " to its questions are shown after your last attempt."
    )
    return Disclosure(False, why + when)
