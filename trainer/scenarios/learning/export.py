"""Learned examples written back into a call's YAML: positives as `examples`, rejections as
`near_misses`, in the format the content loader reads, so the pack's own checks
(`trainer content validate`) test the behaviours against what managers decided."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from trainer.scenarios.learning.examples import Example, words
from trainer.scenarios.matcher import Matcher


@dataclass(frozen=True)
class Disagreement:
    """An exported example the phrasings judge otherwise: validate will name it."""

    step: str
    behaviour: str
    text: str
    shown: bool


def with_examples(
    document: dict[str, Any], examples: Iterable[Example], step: str | None = None
) -> tuple[dict[str, Any], int]:
    """The call's document with its learned examples added to its behaviours (only `step`'s when
    given), and how many were added. An answer already listed, in the same normalised words,
    is not added twice."""
    by_target: dict[tuple[str, str], list[Example]] = {}
    for example in examples:
        if step is None or example.step == step:
            by_target.setdefault((example.step, example.behaviour), []).append(example)
    added = 0
    for step_key, raw in document.get("steps", {}).items():
        for behaviour in raw.get("behaviours", []):
            learned = by_target.get((step_key, behaviour["key"]), [])
            for example in learned:
                field = "examples" if example.shown else "near_misses"
                listed = behaviour.setdefault(field, [])
                others = behaviour.get("near_misses" if example.shown else "examples", [])
                seen = {words(text) for text in [*listed, *others]}
                if words(example.text) not in seen:
                    listed.append(example.text)
                    added += 1
    return document, added


def disagreements(
    document: dict[str, Any], examples: Iterable[Example], matcher: Matcher
) -> list[Disagreement]:
    """The examples whose verdict the phrasings alone do not reach."""
    behaviours = {
        (step_key, b["key"]): b
        for step_key, raw in document.get("steps", {}).items()
        for b in raw.get("behaviours", [])
    }
    found = []
    for e in examples:
        behaviour = behaviours.get((e.step, e.behaviour))
        if behaviour is None:
            continue
        (match,) = matcher.match(e.text, [_Phrasings(e.behaviour, behaviour["phrasings"])])
        if match.found != e.shown:
            found.append(Disagreement(e.step, e.behaviour, e.text, e.shown))
    return found


@dataclass(frozen=True)
class _Phrasings:
    key: str
    phrasings: list[str]
