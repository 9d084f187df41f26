"""Cues in options: which one is longest, which justifies itself, which asks or confirms.

A question is one decision with options and keyed positions: a single- or multiple-response
item, or a choice step of a call (the best choice is its key). Strategies are the rules a
test-wise learner uses without knowing the content; each one's expected score is compared
with blind guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trainer.content_audit.stats import median

# Clauses that argue for their own option ("…, since it shows you listened").
JUSTIFYING = re.compile(
    r"\b(since|so that|because|which means|in order to|that way|given that|to make sure)\b",
    re.IGNORECASE,
)
# Options that ask or confirm before acting: the novice's "ask first" rule.
ASKING = re.compile(
    r"\?|\b(ask|asks|asking|confirm|confirms|check whether|checks whether|find out|finds out|"
    r"clarify|clarifies|probe|probes)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Question:
    """One decision: its options' texts and the positions that are keyed (or best)."""

    source: str  # "item" or "call"
    key: str
    file: str
    line: int | None
    kind: str  # "single", "multiple" or "decision"
    options: tuple[str, ...]
    keyed: frozenset[int]


def length(text: str) -> int:
    """Characters, with runs of whitespace counted once."""
    return len(" ".join(text.split()))


def justifies(text: str) -> bool:
    return JUSTIFYING.search(text) is not None


def asks(text: str) -> bool:
    return ASKING.search(text) is not None


def longest(question: Question) -> set[int]:
    sizes = [length(text) for text in question.options]
    return {i for i, size in enumerate(sizes) if size == max(sizes)}


def key_ratio(question: Question) -> float | None:
    """The (single) key's length over the median length of the other options."""
    if len(question.keyed) != 1:
        return None
    (key,) = question.keyed
    others = [length(t) for i, t in enumerate(question.options) if i != key]
    base = median(others) if others else 0
    return round(length(question.options[key]) / base, 2) if base else None


def _credit(question: Question, picks: set[int]) -> float:
    """Expected score of picking uniformly among `picks` (all options when empty)."""
    picks = picks or set(range(len(question.options)))
    return len(picks & question.keyed) / len(picks)


def pick_longest(question: Question) -> set[int]:
    return longest(question)


def pick_first(question: Question) -> set[int]:
    return {0}


def pick_asking(question: Question) -> set[int]:
    return {i for i, text in enumerate(question.options) if asks(text)}


def pick_testwise(question: Question) -> set[int]:
    """Drop the options that justify themselves, then prefer one that asks or confirms."""
    plain = {i for i, t in enumerate(question.options) if not justifies(t)}
    plain = plain or set(range(len(question.options)))
    asking = {i for i in plain if asks(question.options[i])}
    return asking or plain


STRATEGIES: dict[str, Callable[[Question], set[int]]] = {
    "always longest": pick_longest,
    "always first": pick_first,
    "always asks or confirms": pick_asking,
    "drop self-justifying, then ask": pick_testwise,
}


def strategy_scores(questions: Sequence[Question]) -> dict[str, float]:
    """Each strategy's expected share right (0-100) on single-key questions, and chance."""
    single = [q for q in questions if len(q.keyed) == 1]
    if not single:
        return {}
    scores = {"chance": 100 * sum(1 / len(q.options) for q in single) / len(single)}
    for name, strategy in STRATEGIES.items():
        scores[name] = 100 * sum(_credit(q, strategy(q)) for q in single) / len(single)
    return {name: round(score, 1) for name, score in scores.items()}


def justifying_shares(questions: Sequence[Question]) -> dict[str, float | None]:
    """Percent of keys and of distractors holding a self-justifying clause."""
    keys = [justifies(t) for q in questions for i, t in enumerate(q.options) if i in q.keyed]
    others = [justifies(t) for q in questions for i, t in enumerate(q.options) if i not in q.keyed]

    def share(flags: list[bool]) -> float | None:
        return round(100 * sum(flags) / len(flags), 1) if flags else None

    return {"keys": share(keys), "distractors": share(others)}


def longest_is_key(question: Question) -> bool:
    """Whether a keyed option is among the longest."""
    return bool(longest(question) & question.keyed)


def distractors_longest(question: Question) -> bool:
    """Whether every distractor is longer than every key (multiple response's giveaway)."""
    sizes = [length(t) for t in question.options]
    keys = [sizes[i] for i in question.keyed]
    others = [s for i, s in enumerate(sizes) if i not in question.keyed]
    return bool(keys and others) and min(others) > max(keys)
