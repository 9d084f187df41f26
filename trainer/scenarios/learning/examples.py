"""Examples learned from managers' reviews, and the matcher that applies them.

When a manager confirms or rejects a behaviour in a reviewed answer, that answer becomes an
example of the behaviour. A later reply that is *near-identical* to it gets the manager's verdict
instead of the phrasings' guess. Near-identical is deliberately narrow, so an example can neither
be gamed nor spread to answers nobody looked at:

* both replies are compared word by word after the matcher's normalisation and stems, so case,
  punctuation, accents and inflections never count ("Asked" and "asks" are the same word);
* a one-letter typo in a word of four letters or more costs half an edit, any other added,
  dropped or replaced word a whole one;
* the edits allowed are a tenth of the longer reply's words, and at least half an edit (one typo)
  so a short reply tolerates a typo and nothing else;
* the negations must be exactly the same: a reply that adds or drops "not", "won't" or "can't"
  is never near-identical, whatever its length.

So a learned positive pasted into a longer answer, or wrapped in "I won't ...", earns nothing from
the example and falls back to the phrasings (and their own negation guard). When a reply is
near-identical to examples that disagree, the closest wins, and a rejection wins a tie.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from trainer.scenarios.matcher import _NEGATIONS as NEGATIONS  # one list of negations
from trainer.scenarios.matcher import (
    BehaviourMatch,
    ExpectedBehaviour,
    Matcher,
    normalise,
    stem,
)
from trainer.scenarios.wording import one_slip_apart

CONFIRMED = "an answer a manager confirmed"  # BehaviourMatch.phrase of a learned credit
REJECTED = "a manager rejected this answer"  # BehaviourMatch.blocked of a learned rejection
TYPO_COST = 0.5
SHARE_ALLOWED = 0.1  # of the longer reply's words


@dataclass(frozen=True)
class Example:
    """A reviewed answer: at `step`, it does (`shown`) or does not show `behaviour`."""

    step: str
    behaviour: str
    text: str
    shown: bool

    @cached_property
    def words(self) -> tuple[str, ...]:
        return words(self.text)


@lru_cache(maxsize=8192)  # examples are read from the database on every request; stems are not
def words(text: str) -> tuple[str, ...]:
    """The reply as the stems of its words, nothing else."""
    return tuple(stem(word) for word in normalise(text).split())


def _typo(a: str, b: str) -> bool:
    """One letter added, dropped, replaced or two swapped, in words of four letters or more."""
    return min(len(a), len(b)) >= 4 and one_slip_apart(a, b)


def distance(a: Sequence[str], b: Sequence[str], limit: float = float("inf")) -> float:
    """Word-level edits from `a` to `b`: a typo costs half, any other change one. Past `limit`
    the answer is only "more than `limit`" (inf), found on a band around the diagonal, so a long
    reply against many examples stays cheap."""
    if abs(len(a) - len(b)) > limit:
        return float("inf")
    band = len(a) + len(b) if limit == float("inf") else int(limit)
    inf = float("inf")
    previous = [float(j) if j <= band else inf for j in range(len(b) + 1)]
    for i, word in enumerate(a, 1):
        current = [float(i) if i <= band else inf] + [inf] * len(b)
        for j in range(max(1, i - band), min(len(b), i + band) + 1):
            other = b[j - 1]
            change = 0.0 if word == other else TYPO_COST if _typo(word, other) else 1.0
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change)
        if min(current) > limit:
            return inf
        previous = current
    return previous[-1] if previous[-1] <= limit else inf


def closeness(a: Sequence[str], b: Sequence[str]) -> float | None:
    """The edits between two replies (as `words`) when they are near-identical, else None."""
    if Counter(w for w in a if w in NEGATIONS) != Counter(w for w in b if w in NEGATIONS):
        return None
    allowed = max(TYPO_COST, SHARE_ALLOWED * max(len(a), len(b)))
    edits = distance(a, b, allowed)
    return edits if edits <= allowed else None


def near_identical(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two replies (as `words`) say the same thing in all but a typo or a word."""
    return closeness(a, b) is not None


def verdict(reply: Sequence[str], examples: Iterable[Example]) -> Example | None:
    """The example that decides this reply: the closest near-identical one, a rejection on a tie."""
    near = []
    for example in examples:
        edits = closeness(reply, example.words)
        if edits is not None:
            near.append((edits, example.shown, example))
    return min(near, key=lambda found: found[:2])[2] if near else None


def _learned(text: str, key: str, example: Example) -> BehaviourMatch:
    if not example.shown:
        return BehaviourMatch(key, False, blocked=REJECTED)
    start = len(text) - len(text.lstrip())
    return BehaviourMatch(key, True, CONFIRMED, (start, len(text.rstrip())))


def settled(matches: Iterable[BehaviourMatch]) -> bool:
    """Every behaviour of the reply was decided by a manager's earlier verdict."""
    matches = list(matches)
    return bool(matches) and all(m.phrase == CONFIRMED or m.blocked == REJECTED for m in matches)


class StepMatcher:
    """The base matcher, overruled where a manager's example of this step decides the reply."""

    def __init__(self, base: Matcher, examples: Sequence[Example]):
        self.base, self.examples = base, examples

    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]:
        found = self.base.match(text, behaviours)
        if not self.examples:
            return found
        reply = words(text)
        results = []
        for behaviour, match in zip(behaviours, found, strict=True):
            decided = verdict(reply, (e for e in self.examples if e.behaviour == behaviour.key))
            results.append(match if decided is None else _learned(text, behaviour.key, decided))
        return results


class LearnedMatcher:
    """A call's matcher: the engine asks it `at_step(step)` for the one that step uses."""

    def __init__(self, base: Matcher, examples: Iterable[Example]):
        self.base = base
        self.by_step: dict[str, list[Example]] = {}
        for example in examples:
            self.by_step.setdefault(example.step, []).append(example)

    def at_step(self, step: str) -> StepMatcher:
        return StepMatcher(self.base, self.by_step.get(step, []))

    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]:
        return self.base.match(text, behaviours)  # a step unknown to it: the phrasings alone
