"""Free-response matching: which expected behaviours a learner's written answer shows.

One small interface (`Matcher`) so a smarter matcher can replace the phrase list later without
touching the engine. The default matches phrasings as whole words, after normalising both sides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class ExpectedBehaviour(Protocol):
    """What a matcher needs of a behaviour (schema.Behaviour fits)."""

    @property
    def key(self) -> str: ...

    @property
    def phrasings(self) -> list[str]: ...


@dataclass(frozen=True)
class BehaviourMatch:
    key: str
    found: bool
    phrase: str | None = None  # the phrasing that matched, as the author wrote it


class Matcher(Protocol):
    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]: ...


_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces; "What's" and "whats" read the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


class PhraseMatcher:
    """A behaviour is found when one of its phrasings occurs as whole words in the text."""

    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]:
        padded = f" {normalise(text)} "
        return [self._match_one(padded, behaviour) for behaviour in behaviours]

    @staticmethod
    def _match_one(padded: str, behaviour: ExpectedBehaviour) -> BehaviourMatch:
        for phrasing in behaviour.phrasings:
            words = normalise(phrasing)
            # Padded on both sides, the test is whole-word: "how" is not in "showroom".
            if words and f" {words} " in padded:
                return BehaviourMatch(behaviour.key, True, phrasing)
        return BehaviourMatch(behaviour.key, False)
