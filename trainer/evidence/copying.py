"""Whether a written answer copies the text it was given (the brief, the transcript, the prompt).

Pure. A phrase matcher credits whatever words it finds, so pasting the call's own text back
would earn the behaviours it names. An answer most of whose word n-grams already stand in what
the learner was shown earns nothing and goes to a person with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

N = 4  # words per n-gram: long enough that ordinary phrasing rarely repeats a source by chance
COPIED = 0.5  # share of the answer's n-grams found in the sources at which it counts as copied
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped: "What's" and "whats" are one word."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return [w.replace("'", "").replace("\u2019", "") for w in _WORD.findall(text)]


def ngrams(tokens: list[str], n: int = N) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@dataclass(frozen=True)
class Copying:
    share: float  # of the answer's n-grams, those found in a source
    source: str | None  # the source that holds most of them
    copied: bool

    @property
    def reason(self) -> str:
        return (
            f"{self.share:.0%} of its {N}-word phrases repeat the {self.source}: "
            "it earns nothing until a person reviews it"
        )


def copying(answer: str, sources: Iterable[tuple[str, str]]) -> Copying:
    """How much of `answer` repeats any of the (name, text) sources, and which one most."""
    grams = ngrams(words(answer))
    if not grams:
        return Copying(0.0, None, False)
    best, name, pooled = 0.0, None, set()
    for label, text in sources:
        theirs = ngrams(words(text))
        pooled |= theirs
        share = len(grams & theirs) / len(grams)
        if share > best:
            best, name = share, label
    share = len(grams & pooled) / len(grams)
    return Copying(round(share, 2), name, share >= COPIED)
