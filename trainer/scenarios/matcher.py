"""Free-response matching: which expected behaviours a learner's written answer shows, and where.

One small interface (`Matcher`) so another matcher can replace this one without touching the
engine. The default (`PhraseMatcher`) is lexical and fully offline:

* both sides are normalised (case, accents, apostrophes, punctuation) and each word is reduced
  to a light stem, so "asked", "asks" and "asking" read as "ask";
* a phrasing may hold alternatives in brackets, `(Carla|her|she)`, `(today|this afternoon)`;
* its words must come in order, with at most one other word between two of them, so "tell me
  about" also finds "tell me more about" but "how many" is not found in "how do so many";
* a match inside a negated clause ("I'm not going to talk about term", "I can't join") does not
  count: a negation before it in the same clause blocks it;
* each match cites its span of the answer, so the learner and the manager see what was credited.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class ExpectedBehaviour(Protocol):
    """What a matcher needs of a behaviour (steps.Behaviour fits)."""

    @property
    def key(self) -> str: ...

    @property
    def phrasings(self) -> list[str]: ...


@dataclass(frozen=True)
class BehaviourMatch:
    key: str
    found: bool
    phrase: str | None = None  # the phrasing that matched, as the author wrote it
    span: tuple[int, int] | None = None  # the characters of the answer that show it
    blocked: str | None = None  # why a phrasing that occurs does not count (negation)


class Matcher(Protocol):
    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]: ...


_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"[\w'\u2018\u2019\u02bc]+|[.!?;:,\u2014\u2013]|(?<=\s)-(?=\s)")
_BOUNDARY_WORDS = {"but", "however", "although", "though", "instead", "because", "so"}
_NEGATIONS = {
    "not", "no", "never", "dont", "doesnt", "didnt", "wont", "wouldnt", "cant", "cannot",
    "couldnt", "shouldnt", "isnt", "arent", "wasnt", "werent", "aint", "without", "refuse",
    "nor", "neither", "avoid", "stop",
}  # fmt: skip
GAP = 1  # other words allowed between two words of a phrasing


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces; "What's" and "whats" read the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def stem(word: str) -> str:
    """A light English stem: enough that inflections meet, never so much that words collide."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "stopp" (from "stopped") -> "stop"
    return word.removesuffix("e") if len(word) > 3 else word


@dataclass(frozen=True)
class _Token:
    stem: str  # "" for a clause boundary
    start: int
    end: int


def tokens(text: str) -> list[_Token]:
    """The answer's words as stems with their character spans; punctuation and clause-joining
    words become boundaries (stem "")."""
    found = []
    for match in _TOKEN.finditer(text):
        word = normalise(match.group())
        if not word or word in _BOUNDARY_WORDS:
            found.append(_Token("", match.start(), match.end()))
            continue
        for part in word.split():
            found.append(_Token(stem(part), match.start(), match.end()))
    return found


def _alternatives(phrasing: str) -> list[list[set[str]]]:
    """A phrasing as word slots, each slot the stems it accepts; `(a|b c)` alternatives expand."""
    variants: list[str] = [""]
    for part in re.split(r"(\([^()]*\|[^()]*\))", phrasing):
        if part.startswith("(") and "|" in part:
            options = [option.strip() for option in part[1:-1].split("|")]
            variants = [f"{v} {o}" for v in variants for o in options]
        else:
            variants = [f"{v} {part}" for v in variants]
    return [[{stem(word)} for word in normalise(v).split()] for v in variants if normalise(v)]


def _find(slots: list[set[str]], words: list[_Token]) -> tuple[int, int] | None:
    """The first occurrence of the slots in order, at most GAP words between two, within a
    clause: (index of the first word, index of the last)."""
    for first, token in enumerate(words):
        if token.stem not in slots[0]:
            continue
        at, ok = first, True
        for slot in slots[1:]:
            ahead = [i for i in range(at + 1, min(at + 2 + GAP, len(words))) if words[i].stem]
            boundary = next((i for i in range(at + 1, len(words)) if not words[i].stem), None)
            nxt = next((i for i in ahead if words[i].stem in slot), None)
            if nxt is None or (boundary is not None and boundary < nxt):
                ok = False
                break
            at = nxt
        if ok:
            return first, at
    return None


def _negation(words: list[_Token], first: int) -> str | None:
    """The negation that governs the words from `first`: one earlier in the same clause."""
    before = []
    for token in reversed(words[:first]):
        if not token.stem:
            break
        before.append(token.stem)
    before.reverse()
    return next((word for word in before if word in _NEGATIONS), None)


class PhraseMatcher:
    """A behaviour is shown when one of its phrasings occurs, in order, outside a negation."""

    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]:
        words = tokens(text)
        return [self._match_one(words, behaviour) for behaviour in behaviours]

    @staticmethod
    def _match_one(words: list[_Token], behaviour: ExpectedBehaviour) -> BehaviourMatch:
        blocked: BehaviourMatch | None = None
        for phrasing in behaviour.phrasings:
            for slots in _alternatives(phrasing):
                found = _find(slots, words)
                if found is None:
                    continue
                span = (words[found[0]].start, words[found[1]].end)
                negation = _negation(words, found[0])
                if negation is None:
                    return BehaviourMatch(behaviour.key, True, phrasing, span)
                blocked = blocked or BehaviourMatch(behaviour.key, False, None, span, negation)
        return blocked or BehaviourMatch(behaviour.key, False)
